package loom.analytics;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The built-in redaction rules, one list per {@link RedactionKind}, precompiled once and immutable
 * (thread-safe). Every pattern is linear or bounded: repeated groups have small fixed bounds and long runs
 * are single, mostly possessive, character classes, so no input makes them backtrack exponentially.
 */
final class RedactionRules {
  static final int PHONE_MIN_DIGITS = 8;

  /** E.164 allows at most 15 digits, country code included. */
  static final int PHONE_MAX_DIGITS = 15;

  /**
   * After a number: no letter, digit, dash or decimal part, so it is not the head of a longer token. A comma
   * is a separator (CSV, lists), not a decimal point: a card or phone number may be followed by one.
   */
  private static final String NUMBER_END = "(?![\\w-]|\\.\\d)";

  /** Always matches; its group 1 is set when a word character or a decimal part follows directly. */
  private static final String GLUED = "(?=(\\w|\\.\\d)?)";

  private static final Pattern BEARER =
      Pattern.compile(
          "("
              + tokenStart("[Bb]", "A-Za-z0-9_-")
              + "(?i:earer)[ \\t]{1,4}+)(?=[A-Za-z._~+/=-]*+\\d)[A-Za-z0-9._~+/-]{8,}+=*+");

  /** OpenAI {@code sk-…} (also {@code sk-proj-…}, Anthropic {@code sk-ant-…}) and Loom {@code lk-…} keys. */
  private static final Pattern PREFIXED_KEY =
      Pattern.compile(tokenStart("[sl]", "A-Za-z0-9_-") + "k-[A-Za-z0-9_-]{20,}+");

  private static final Pattern AWS_ACCESS_KEY_ID =
      Pattern.compile(tokenStart("A", "A-Za-z0-9") + "(?:KIA|SIA)[0-9A-Z]{16}(?![A-Za-z0-9])");

  /** A secret's name (case-insensitive; the look-behinds re-check the first letter) and the start of its value. */
  private static final Pattern KEY_ASSIGNMENT =
      Pattern.compile(
          "("
              + tokenStart("(?i:[asc])", "A-Za-z0-9")
              + "(?i:(?<=a)(?:pi[_-]?key|ccess[_-]?token|uth[_-]?token)|(?<=s)ecret[_-]?key|(?<=c)lient[_-]?secret)"
              + "\\\\?[\"']?[ \\t]{0,4}+[:=][ \\t]{0,4}+\\\\?[\"']?)"
              + "(?!(?i:null|true|false)\\b)[^\\s\"'`&,;<>\\[\\](){}\\\\]{4,}+");

  private static final Pattern DIGIT_RUN =
      Pattern.compile(tokenStart("\\d", "\\w") + "(?<!\\d\\..)[\\d -]*+" + GLUED);
  private static final Pattern SSN =
      Pattern.compile(tokenStart("\\d", "\\w.-") + "\\d{2}-\\d{2}-\\d{4}" + NUMBER_END);
  private static final Pattern IPV4 =
      Pattern.compile(tokenStart("\\d", "\\w.") + "\\d{0,2}(?:\\.\\d{1,3}){3}(?!\\w|\\.\\d)");
  private static final Pattern PHONE_INTERNATIONAL =
      Pattern.compile(tokenStart("\\+", "\\w+") + "[1-9][\\d ().-]{5,30}+" + GLUED);
  private static final Pattern PHONE_AREA_IN_PARENTHESES =
      Pattern.compile(tokenStart("\\(", "\\w") + "\\d{3}\\) ?\\d{3}[-. ]\\d{4}" + NUMBER_END);

  /** 555-123-4567 or 555.123.4567 (one separator throughout), optionally after a 1 for the country. */
  private static final Pattern PHONE_NORTH_AMERICAN =
      Pattern.compile(
          tokenStart("\\d", "\\w.+-")
              + "(?:(?<=1)[-. ]\\d{3}|\\d{2})([-.])\\d{3}\\1\\d{4}"
              + NUMBER_END);

  private RedactionRules() {}

  /** The rules of one built-in kind, in the order they run. */
  static List<RedactionRule> forKind(RedactionKind kind) {
    return switch (kind) {
      // Bearer and named assignments keep their name so a reader still sees what was there.
      case API_KEY ->
          List.of(
              RedactionPattern.keepingGroupOne(
                  kind, BEARER, text -> containsIgnoreCase(text, "bearer")),
              RedactionPattern.wholeMatch(kind, PREFIXED_KEY, text -> text.contains("k-")),
              RedactionPattern.wholeMatch(
                  kind, AWS_ACCESS_KEY_ID, text -> text.contains("AKIA") || text.contains("ASIA")),
              RedactionPattern.keepingGroupOne(
                  kind,
                  KEY_ASSIGNMENT,
                  text ->
                      containsIgnoreCase(text, "key")
                          || containsIgnoreCase(text, "token")
                          || containsIgnoreCase(text, "secret")));
      case EMAIL -> List.of(new RedactionEmails());
      case CREDIT_CARD ->
          List.of(
              new RedactionPattern(
                  kind, DIGIT_RUN, RedactionRules::cardsInRun, RedactionPattern.ALWAYS));
      case SSN ->
          List.of(validated(kind, SSN, RedactionRules::isValidSsn, text -> text.indexOf('-') >= 0));
      case IPV4 ->
          List.of(
              validated(kind, IPV4, RedactionRules::isValidIpv4, text -> text.indexOf('.') >= 0));
      case PHONE ->
          List.of(
              new RedactionPattern(
                  kind,
                  PHONE_INTERNATIONAL,
                  RedactionRules::internationalPhone,
                  text -> text.indexOf('+') >= 0),
              RedactionPattern.wholeMatch(
                  kind, PHONE_AREA_IN_PARENTHESES, text -> text.indexOf('(') >= 0),
              RedactionPattern.wholeMatch(kind, PHONE_NORTH_AMERICAN, RedactionPattern.ALWAYS));
      case CUSTOM ->
          throw new IllegalArgumentException("custom rules come from privacy.extra_patterns");
    };
  }

  /**
   * {@code first} (a token's first character), then the check that it does start a token: the character
   * before it is none of {@code excluded} (a character-class body) nor a backslash, or it follows a
   * JSON escape such as {@code \n}, so {@code "…\n555-123-4567"} is redacted without touching the escape.
   * Consuming the first character before looking behind it is several times faster than a leading
   * look-behind, which the engine would try at every position of the text.
   */
  private static String tokenStart(String first, String excluded) {
    return first + "(?:(?<![\\\\" + excluded + "].)|(?<=\\\\[nrtbf\\\\\"/].))";
  }

  private static RedactionRule validated(
      RedactionKind kind, Pattern pattern, Predicate<String> isValid, Predicate<String> trigger) {
    return new RedactionPattern(
        kind, pattern, match -> isValid.test(match.group()) ? kind.marker() : null, trigger);
  }

  /** Area 000, 666 and 900–999, group 00 and serial 0000 are never issued. */
  static boolean isValidSsn(String ssn) {
    return !ssn.startsWith("000")
        && !ssn.startsWith("666")
        && ssn.charAt(0) != '9'
        && !ssn.startsWith("00", 4)
        && !ssn.startsWith("0000", 7);
  }

  /** Four octets of 0–255 without leading zeros. */
  static boolean isValidIpv4(String address) {
    for (String octet : address.split("\\.")) {
      if (octet.length() > 1 && octet.charAt(0) == '0' || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String cardsInRun(MatchResult run) {
    return RedactionCards.redactRun(
        run.group(), run.group(1) != null, RedactionKind.CREDIT_CARD.marker());
  }

  /**
   * The marker for the longest prefix of the match that is a plausible international number (8–15 digits,
   * ending on a digit at a group boundary, not glued to a following word), then what the pattern took
   * beyond it; or null.
   */
  private static String internationalPhone(MatchResult match) {
    String text = match.group();
    boolean glued = match.group(1) != null;
    int digits = 0;
    int end = -1;
    for (int i = 0; i < text.length(); i++) {
      if (Character.isDigit(text.charAt(i))) {
        digits++;
        boolean groupEnds =
            i + 1 == text.length() ? !glued : !Character.isDigit(text.charAt(i + 1));
        if (groupEnds && digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS) {
          end = i + 1;
        }
      }
    }
    return end < 0 ? null : RedactionKind.PHONE.marker() + text.substring(end);
  }

  /** Like {@code text.toLowerCase().contains(needle)} for a lower-case ASCII needle, without copying the text. */
  static boolean containsIgnoreCase(String text, String needle) {
    char lower = needle.charAt(0);
    char upper = Character.toUpperCase(lower);
    for (int i = 0; i <= text.length() - needle.length(); i++) {
      char c = text.charAt(i);
      if ((c == lower || c == upper) && text.regionMatches(true, i, needle, 0, needle.length())) {
        return true;
      }
    }
    return false;
  }
}
