package loom.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code privacy} section: what of a request's content may be stored, and what is redacted first.
 *
 * @param redact the built-in redaction kinds that are on ({@link #KINDS})
 * @param extraPatterns further regular expressions whose matches are redacted as {@code [REDACTED:custom]}
 */
public record PrivacyConfig(
    boolean logRequestBodies,
    boolean logResponseBodies,
    int maxBodyLength,
    Set<String> redact,
    List<String> extraPatterns) {
  public static final List<String> KINDS =
      List.of("email", "api_key", "credit_card", "ssn", "phone", "ipv4");
  public static final int DEFAULT_MAX_BODY_LENGTH = 10_000;

  public PrivacyConfig {
    redact = Set.copyOf(redact);
    extraPatterns = List.copyOf(extraPatterns);
    Objects.requireNonNull(redact, "redact");
  }

  public static PrivacyConfig defaults() {
    return new PrivacyConfig(false, false, DEFAULT_MAX_BODY_LENGTH, Set.copyOf(KINDS), List.of());
  }
}
