package loom.auth;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalisation of the names people type (user and key names), used wherever a name is stored, looked
 * up or counted, so that no two of those can disagree about which spellings are the same name. (They once did:
 * the login throttle trimmed ASCII blanks while the user lookup stripped Unicode ones, so {@code "admin"}
 * followed by an em space got a fresh count of tries and still logged in as {@code admin}.)
 */
public final class Names {
  private Names() {}

  /**
   * The name as stored and looked up: without leading or trailing white space or invisible characters of any
   * kind (every Unicode space, line and paragraph separator, and format characters such as U+200B and U+FEFF);
   * null reads as empty. Characters inside the name are kept as typed.
   */
  public static String canonical(String name) {
    if (name == null) {
      return "";
    }
    int start = 0;
    int end = name.length();
    while (start < end && isBlank(name.codePointAt(start))) {
      start += Character.charCount(name.codePointAt(start));
    }
    while (end > start && isBlank(name.codePointBefore(end))) {
      end -= Character.charCount(name.codePointBefore(end));
    }
    return name.substring(start, end);
  }

  /**
   * What failed logins of a name are counted under: the canonical name, compatibility-normalised and lower-cased.
   * It is a function of {@link #canonical}, so every spelling that can log in as one user counts against one key;
   * it is coarser (case, width), so a few spellings that could not log in share that key too, which only ever
   * slows guessing further.
   */
  public static String throttleKey(String name) {
    return Normalizer.normalize(canonical(name), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /** White space (Java's and Unicode's: U+00A0, U+2007 and U+202F are only the latter) and invisible formats. */
  static boolean isBlank(int codePoint) {
    return Character.isWhitespace(codePoint)
        || Character.isSpaceChar(codePoint)
        || Character.getType(codePoint) == Character.FORMAT;
  }
}
