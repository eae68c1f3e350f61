package loom.alerts;

import java.math.BigDecimal;
import java.time.Instant;

/** What an alert notification says; the same data goes out on every channel. */
public record AlertMessage(String alertId, String scope, String userName, String type, String severity, String message,
                           BigDecimal currentUsd, BigDecimal thresholdUsd, String period, Instant triggeredAt,
                           String dashboardUrl) {}
