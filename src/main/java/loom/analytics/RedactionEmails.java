package loom.analytics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts e-mail addresses: a local part of up to 64 of {@code [A-Za-z0-9._%+-]} (starting with a letter,
 * digit or underscore), an {@code @}, and a domain with at least one dot and a top-level domain of 2–24
 * letters, so {@code @mention}, {@code a@b} and {@code root@localhost} stay. Anchored at each {@code @}
 * rather than scanning every letter for a possible local part, which keeps it fast. Thread-safe.
 */
final class RedactionEmails implements RedactionRule {
  static final int MAX_LOCAL_PART = 64;

  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])");

  @Override
  public RedactionKind kind() {
    return RedactionKind.EMAIL;
  }

  @Override
  public String apply(String text) {
    int at = text.indexOf('@');
    if (at < 0) {
      return text;
    }
    Matcher domain = DOMAIN.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (at >= 0) {
      int start = localPartStart(text, at);
      if (start >= copied && domain.region(at + 1, text.length()).lookingAt()) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, start).append(RedactionKind.EMAIL.marker());
        copied = domain.end();
        at = text.indexOf('@', copied);
      } else {
        at = text.indexOf('@', at + 1);
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** Where the local part before the {@code @} at {@code at} starts, or -1 when there is none. */
  private static int localPartStart(String text, int at) {
    int start = at;
    while (start > 0 && isLocalPartChar(text.charAt(start - 1))) {
      start--;
      if (at - start > MAX_LOCAL_PART) {
        return -1;
      }
    }
    // In a JSON string "\nbob@…" the n belongs to the escape, not to the address: redacting it
    // would leave a lone backslash before the marker and break the JSON.
    if (start > 0 && text.charAt(start - 1) == '\\') {
      start +=
          isJsonUnicodeEscape(text, start) ? 5 : "nrtbf".indexOf(text.charAt(start)) >= 0 ? 1 : 0;
    }
    while (start < at && !isLetterDigitOrUnderscore(text.charAt(start))) {
      start++;
    }
    return start < at ? start : -1;
  }

  private static boolean isJsonUnicodeEscape(String text, int start) {
    if (text.charAt(start) != 'u' || start + 5 > text.length()) {
      return false;
    }
    for (int i = start + 1; i < start + 5; i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLocalPartChar(char c) {
    return isLetterDigitOrUnderscore(c) || c == '.' || c == '%' || c == '+' || c == '-';
  }

  private static boolean isLetterDigitOrUnderscore(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
  }
}
