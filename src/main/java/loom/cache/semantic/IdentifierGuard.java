package loom.cache.semantic;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vetoes when an identifier of one text is missing from the other: a word of letters and digits mixed (an order or
 * ticket number, a SKU, a short hash, a version tag such as {@code mxcij0k4}, {@code A7-22B}, {@code v2beta1}). Such
 * words name one thing among many, embeddings see two of them as near, and the number guard reads only their
 * digits. Compared without case, spaces or punctuation, so {@code LH454} and {@code LH 454} are the same flight.
 * Found in use (an order id in a support question), not in the evaluation sets.
 */
final class IdentifierGuard implements Guard {
  /** Letters and digits mixed, with inner hyphens or dots, at least three characters. */
  private static final Pattern IDENTIFIER =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}.-]*\\p{L})(?=[\\p{L}\\p{N}.-]*\\p{N})[\\p{L}\\p{N}]"
              + "[\\p{L}\\p{N}.-]*[\\p{L}\\p{N}](?![\\p{L}\\p{N}])");

  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^\\p{L}\\p{N}]+");

  @Override
  public String name() {
    return "identifier";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return missingIn(a.original(), b.original()) || missingIn(b.original(), a.original());
  }

  /** Whether an identifier of {@code text} is not in {@code other}, both squeezed to lower-case letters and digits. */
  private static boolean missingIn(String text, String other) {
    String squeezed = squeeze(other);
    Matcher identifiers = IDENTIFIER.matcher(text);
    while (identifiers.find()) {
      String identifier = squeeze(identifiers.group());
      // Ordinals and plain quantities with a unit glued on (3rd, 10km, 2x) are the number and unit
      // guards' to judge.
      if (identifier.length() >= 3
          && !identifier.matches("\\d+\\p{L}{1,3}")
          && !squeezed.contains(identifier)) {
        return true;
      }
    }
    return false;
  }

  private static String squeeze(String text) {
    return NOT_ALPHANUMERIC.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
  }
}
