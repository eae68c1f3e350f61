package loom.analytics;

import java.util.Arrays;

/**
 * The kinds of sensitive value that {@link Redactor} replaces, each with its config name and its marker.
 * The declaration order is the order in which the kinds are applied, and it matters:
 * <ol>
 *   <li>{@code API_KEY} first: a key or token may contain digits, dashes or an {@code @} that a later
 *       kind would claim in part and so leave the rest of the key in the clear;</li>
 *   <li>{@code EMAIL} before the digit kinds, so an address with digits is redacted whole;</li>
 *   <li>{@code CREDIT_CARD} before {@code SSN}, {@code IPV4} and {@code PHONE}, so a card number is not
 *       half eaten by the phone pattern (which would leave digits behind and break the Luhn check);</li>
 *   <li>{@code CUSTOM} (the configured extra patterns) last: they see the text as the built-in kinds left it.</li>
 * </ol>
 * No marker can be matched by any built-in kind, so a later kind never redacts an earlier kind's marker.
 */
enum RedactionKind {
  API_KEY("api_key"),
  EMAIL("email"),
  CREDIT_CARD("credit_card"),
  SSN("ssn"),
  IPV4("ipv4"),
  PHONE("phone"),
  CUSTOM("custom");

  private final String configName;
  private final String marker;

  RedactionKind(String configName) {
    this.configName = configName;
    this.marker = "[REDACTED:" + configName + "]";
  }

  /** What replaces a value of this kind, e.g. {@code [REDACTED:email]}: no quotes, so JSON strings stay valid. */
  String marker() {
    return marker;
  }

  /**
   * The built-in kind named in {@code privacy.redact}; {@code custom} is not one, it is switched on by
   * {@code privacy.extra_patterns}.
   */
  static RedactionKind fromConfigName(String name) {
    return Arrays.stream(values())
        .filter(kind -> kind != CUSTOM && kind.configName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown redaction kind '" + name + "'"));
  }
}
