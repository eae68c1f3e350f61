package loom.alerts;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The limits one scope's spend is checked against, as in effect (a user's own settings, or for the whole
 * gateway the stored global settings over loom.yaml's).
 *
 * @param anomalyThreshold standard deviations above the 7-day mean that make today's spend an anomaly
 * @param anomalyMinUsd the least excess over the mean that counts, so a few cents never alert
 * @param enforce whether requests are refused once a budget of the period is spent
 */
public record Budgets(
    Optional<BigDecimal> dailyUsd,
    Optional<BigDecimal> monthlyUsd,
    double anomalyThreshold,
    BigDecimal anomalyMinUsd,
    boolean enforce) {
  public boolean hasBudget() {
    return dailyUsd.isPresent() || monthlyUsd.isPresent();
  }
}
