package loom.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import loom.config.PrivacyConfig;

/**
 * Replaces sensitive values in text with typed markers such as {@code [REDACTED:email]}: the built-in
 * kinds switched on in {@link PrivacyConfig#redact()}, in {@link RedactionKind} order, then each of
 * {@link PrivacyConfig#extraPatterns()} as {@code [REDACTED:custom]}. Built once from the config;
 * immutable and thread-safe.
 */
final class Redactor {
  private final List<RedactionRule> rules;

  /**
   * @throws IllegalArgumentException for a kind that is not one of {@link PrivacyConfig#KINDS} or an extra
   *     pattern that is not a regular expression (the config parser rejects both at boot already)
   */
  Redactor(PrivacyConfig config) {
    Objects.requireNonNull(config, "config");
    List<RedactionKind> enabled =
        config.redact().stream().map(RedactionKind::fromConfigName).toList();
    List<RedactionRule> ordered = new ArrayList<>();
    for (RedactionKind kind : RedactionKind.values()) {
      if (enabled.contains(kind)) {
        ordered.addAll(RedactionRules.forKind(kind));
      }
    }
    // Extra patterns are the operator's own; their speed on hostile input is the operator's to
    // judge.
    for (String extra : config.extraPatterns()) {
      ordered.add(
          RedactionPattern.wholeMatch(
              RedactionKind.CUSTOM, Pattern.compile(extra), RedactionPattern.ALWAYS));
    }
    this.rules = List.copyOf(ordered);
  }

  /** The text with every sensitive value replaced by its marker; the same instance when there was none. */
  String redact(String text) {
    Objects.requireNonNull(text, "text");
    String result = text;
    for (RedactionRule rule : rules) {
      result = rule.apply(result);
    }
    return result;
  }
}
