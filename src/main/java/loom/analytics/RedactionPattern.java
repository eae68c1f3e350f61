package loom.analytics;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link RedactionRule} made of a precompiled pattern and what replaces its matches; the replacement may
 * return {@code null} to leave a match as it is (a card number failing the Luhn check). A cheap
 * {@code trigger} (such as "contains an {@code @}") that every matching text must pass lets most texts
 * skip the pattern. Immutable and thread-safe: every {@link #apply} uses its own {@link Matcher}.
 */
record RedactionPattern(
    RedactionKind kind,
    Pattern pattern,
    Function<MatchResult, String> replacement,
    Predicate<String> trigger)
    implements RedactionRule {
  static final Predicate<String> ALWAYS = text -> true;

  RedactionPattern {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(trigger, "trigger");
  }

  /** Every non-empty match becomes the kind's marker. */
  static RedactionPattern wholeMatch(
      RedactionKind kind, Pattern pattern, Predicate<String> trigger) {
    return new RedactionPattern(kind, pattern, match -> kind.marker(), trigger);
  }

  /** Group 1 (a name such as {@code Bearer } or {@code api_key=}) is kept; the rest becomes the marker. */
  static RedactionPattern keepingGroupOne(
      RedactionKind kind, Pattern pattern, Predicate<String> trigger) {
    return new RedactionPattern(kind, pattern, match -> match.group(1) + kind.marker(), trigger);
  }

  @Override
  public String apply(String text) {
    if (!trigger.test(text)) {
      return text;
    }
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (matcher.find()) {
      // Zero-length matches (possible with extra patterns such as "x*") carry nothing to hide.
      String replaced = matcher.end() == matcher.start() ? null : replacement.apply(matcher);
      if (replaced != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 32);
        }
        out.append(text, copied, matcher.start()).append(replaced);
        copied = matcher.end();
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }
}
