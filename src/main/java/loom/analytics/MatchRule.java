package loom.analytics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rule of the price list for recognising a model (or a provider) by name, as genai-prices writes them:
 * {@code equals}, {@code starts_with}, {@code ends_with} and {@code contains} ignore case, {@code regex} is
 * searched anywhere in the lower-cased name (Python's {@code re.search}), and {@code or} / {@code and}
 * combine rules. Immutable and thread-safe.
 */
sealed interface MatchRule {
  /** The rule of a provider without {@code model_match} or {@code provider_match}: it accepts nothing. */
  MatchRule NOTHING = new AnyOf(List.of());

  /** Whether this rule accepts {@code lowerName}, a name already lower-cased with {@link #lower}. */
  boolean matches(String lowerName);

  /** How names are compared: lower-cased once, in the root locale (never the server's). */
  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** How a {@link Text} rule compares its text with the name. */
  enum Comparison {
    /** The whole name. */
    EQUALS,
    /** A prefix of the name. */
    STARTS_WITH,
    /** A suffix of the name. */
    ENDS_WITH,
    /** Any part of the name. */
    CONTAINS;

    boolean holds(String lowerName, String value) {
      return switch (this) {
        case EQUALS -> lowerName.equals(value);
        case STARTS_WITH -> lowerName.startsWith(value);
        case ENDS_WITH -> lowerName.endsWith(value);
        case CONTAINS -> lowerName.contains(value);
      };
    }
  }

  /**
   * The name compared with a text, ignoring case: {@code equals}, {@code starts_with}, {@code ends_with} or
   * {@code contains}.
   */
  record Text(Comparison comparison, String value) implements MatchRule {
    public Text {
      Objects.requireNonNull(comparison, "comparison");
      value = lower(Objects.requireNonNull(value, "value"));
    }

    @Override
    public boolean matches(String lowerName) {
      return comparison.holds(lowerName, value);
    }
  }

  /** A regular expression found anywhere in the lower-cased name (not anchored unless it says so). */
  record Regex(Pattern pattern) implements MatchRule {
    public Regex {
      Objects.requireNonNull(pattern, "regex");
    }

    @Override
    public boolean matches(String lowerName) {
      return pattern.matcher(lowerName).find();
    }
  }

  /** At least one of the rules ({@code or}); none accepts nothing. */
  record AnyOf(List<MatchRule> rules) implements MatchRule {
    public AnyOf {
      rules = List.copyOf(rules);
    }

    @Override
    public boolean matches(String lowerName) {
      for (MatchRule rule : rules) {
        if (rule.matches(lowerName)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Every one of the rules ({@code and}). */
  record AllOf(List<MatchRule> rules) implements MatchRule {
    public AllOf {
      rules = List.copyOf(rules);
      if (rules.isEmpty()) {
        throw new IllegalArgumentException("an 'and' rule needs at least one rule");
      }
    }

    @Override
    public boolean matches(String lowerName) {
      for (MatchRule rule : rules) {
        if (!rule.matches(lowerName)) {
          return false;
        }
      }
      return true;
    }
  }
}
