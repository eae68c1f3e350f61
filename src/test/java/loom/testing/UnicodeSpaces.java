package loom.testing;

import java.util.List;
import java.util.stream.IntStream;

/** Every code point Java or Unicode calls white space: what a form or a header could carry around a name. */
public final class UnicodeSpaces {
  private UnicodeSpaces() {}

  public static List<String> all() {
    return IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
        .filter(codePoint -> Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint))
        .mapToObj(Character::toString)
        .toList();
  }

  /** {@code U+2003} for an em space. */
  public static String name(String space) {
    return String.format("U+%04X", space.codePointAt(0));
  }
}
