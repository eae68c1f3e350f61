package loom.alerts;

import java.math.BigDecimal;

/**
 * The budgets and channels of one scope, as {@code GET/PUT /alerts/config} shows them (API.md) plus
 * {@code enforce}. Null budgets mean none; a null anomaly threshold means the global one.
 *
 * @param userId the user; null for the whole gateway ({@code global})
 */
public record AlertSettings(
    String userId,
    BigDecimal dailyBudgetUsd,
    BigDecimal monthlyBudgetUsd,
    Double anomalyThreshold,
    boolean enforce,
    String webhookUrl,
    String emailAddress,
    boolean enableEmailAlerts,
    boolean enableWebhookAlerts) {}
