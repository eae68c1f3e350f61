package loom.alerts;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A rule broken by a scope's spend, before it is stored as an alert: the type, the period it belongs to
 * (one alert per scope, type and period), the value that broke it and the limit it broke.
 */
public record Breach(
    AlertType type, String period, BigDecimal currentUsd, BigDecimal thresholdUsd, String message) {
  public Breach {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(currentUsd, "currentUsd");
    Objects.requireNonNull(thresholdUsd, "thresholdUsd");
    Objects.requireNonNull(message, "message");
  }
}
