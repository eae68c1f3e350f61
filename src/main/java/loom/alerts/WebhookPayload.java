package loom.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The JSON body of a webhook delivery: every field of the alert in snake_case ({@code triggered_at} in
 * RFC 3339, amounts as plain decimal numbers, absent values as {@code null}) plus the Slack-compatible
 * one-line {@code text}.
 */
record WebhookPayload(
    String alertId,
    String scope,
    String userName,
    String type,
    String severity,
    String message,
    BigDecimal currentUsd,
    BigDecimal thresholdUsd,
    String period,
    Instant triggeredAt,
    String dashboardUrl,
    String text) {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS)
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  static WebhookPayload from(AlertMessage message) {
    return new WebhookPayload(
        message.alertId(),
        message.scope(),
        message.userName(),
        message.type(),
        message.severity(),
        message.message(),
        message.currentUsd(),
        message.thresholdUsd(),
        message.period(),
        message.triggeredAt(),
        message.dashboardUrl(),
        AlertText.chatLine(message));
  }

  /** The UTF-8 bytes that are sent, and signed, as they are. */
  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      // Strings, decimals and an instant always serialise; this would be a programming error.
      throw new IllegalStateException("Cannot write the webhook payload", e);
    }
  }
}
