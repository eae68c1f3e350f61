package loom.cache.semantic;

import java.util.Map;

/**
 * Numbers written as English words: "five", "twenty-one", "three hundred", "two thousand five hundred".
 * {@link #parse} reads the longest run of number words from a position; scale words also multiply a preceding
 * digit number ("5 thousand"), which {@link NumberGuard} asks for through {@link #scale}.
 */
final class NumberWords {
  /** A value read from the text and how many tokens it took. */
  record Parsed(long value, int length) {}

  private static final Map<String, Long> UNITS =
      Map.ofEntries(
          Map.entry("zero", 0L),
          Map.entry("one", 1L),
          Map.entry("two", 2L),
          Map.entry("three", 3L),
          Map.entry("four", 4L),
          Map.entry("five", 5L),
          Map.entry("six", 6L),
          Map.entry("seven", 7L),
          Map.entry("eight", 8L),
          Map.entry("nine", 9L),
          Map.entry("ten", 10L),
          Map.entry("eleven", 11L),
          Map.entry("twelve", 12L),
          Map.entry("thirteen", 13L),
          Map.entry("fourteen", 14L),
          Map.entry("fifteen", 15L),
          Map.entry("sixteen", 16L),
          Map.entry("seventeen", 17L),
          Map.entry("eighteen", 18L),
          Map.entry("nineteen", 19L),
          Map.entry("twenty", 20L),
          Map.entry("thirty", 30L),
          Map.entry("forty", 40L),
          Map.entry("fifty", 50L),
          Map.entry("sixty", 60L),
          Map.entry("seventy", 70L),
          Map.entry("eighty", 80L),
          Map.entry("ninety", 90L),
          Map.entry("dozen", 12L));
  private static final Map<String, Long> ORDINALS =
      Map.ofEntries(
          Map.entry("first", 1L),
          Map.entry("second", 2L),
          Map.entry("third", 3L),
          Map.entry("fourth", 4L),
          Map.entry("fifth", 5L),
          Map.entry("sixth", 6L),
          Map.entry("seventh", 7L),
          Map.entry("eighth", 8L),
          Map.entry("ninth", 9L),
          Map.entry("tenth", 10L),
          Map.entry("eleventh", 11L),
          Map.entry("twelfth", 12L),
          Map.entry("thirteenth", 13L),
          Map.entry("fourteenth", 14L),
          Map.entry("fifteenth", 15L),
          Map.entry("sixteenth", 16L),
          Map.entry("seventeenth", 17L),
          Map.entry("eighteenth", 18L),
          Map.entry("nineteenth", 19L),
          Map.entry("twentieth", 20L),
          Map.entry("thirtieth", 30L),
          Map.entry("fortieth", 40L),
          Map.entry("fiftieth", 50L),
          Map.entry("hundredth", 100L));
  private static final Map<String, Long> SCALES =
      Map.of("hundred", 100L, "thousand", 1_000L, "million", 1_000_000L, "billion", 1_000_000_000L);

  private NumberWords() {}

  static boolean isNumberWord(String word) {
    return UNITS.containsKey(word) || SCALES.containsKey(word) || isCompound(word);
  }

  /** The value of one number word below a hundred ("five", "twenty-one"), or -1 when the word is none. */
  static long value(String word) {
    return UNITS.containsKey(word) || isCompound(word) ? compoundValue(word) : -1;
  }

  /** The multiplier of a scale word ("thousand" is 1000), or 0 when the word is no scale. */
  static long scale(String word) {
    return SCALES.getOrDefault(word, 0L);
  }

  /**
   * The value of an ordinal word ("third" is 3, "twenty-first" 21), or 0 when the word is none. The digits of
   * "3rd" need no help: {@link Text} splits them from their suffix.
   */
  static long ordinal(String word) {
    if (ORDINALS.containsKey(word)) {
      return ORDINALS.get(word);
    }
    int dash = word.indexOf('-');
    boolean compound =
        dash > 0
            && UNITS.containsKey(word.substring(0, dash))
            && ORDINALS.containsKey(word.substring(dash + 1));
    return compound
        ? UNITS.get(word.substring(0, dash)) + ORDINALS.get(word.substring(dash + 1))
        : 0;
  }

  /**
   * The number that starts a hyphenated word ("two-factor" and "three-bedroom" have 2 and 3, "third-party" 3), as
   * "2-factor" and "3-bedroom" have theirs, or 0 when the word starts with no number word.
   */
  static long leading(String word) {
    int dash = word.indexOf('-');
    if (dash <= 0 || isCompound(word) || ordinal(word) > 0) {
      return 0;
    }
    String head = word.substring(0, dash);
    return UNITS.containsKey(head) ? UNITS.get(head) : ordinal(head);
  }

  /** Reads number words from {@code start}; null when the word there is none. */
  static Parsed parse(Text text, int start) {
    long total = 0;
    long current = 0;
    int i = start;
    while (isNumberWord(text.word(i))) {
      String word = text.word(i);
      if (SCALES.containsKey(word)) {
        current = Math.max(current, 1) * SCALES.get(word);
        if (SCALES.get(word) >= 1_000) {
          total += current;
          current = 0;
        }
      } else {
        current += compoundValue(word);
      }
      i++;
      if (text.word(i).equals("and") && isNumberWord(text.word(i + 1))) {
        i++;
      }
    }
    return i == start ? null : new Parsed(total + current, i - start);
  }

  private static boolean isCompound(String word) {
    int dash = word.indexOf('-');
    return dash > 0
        && UNITS.containsKey(word.substring(0, dash))
        && UNITS.containsKey(word.substring(dash + 1));
  }

  private static long compoundValue(String word) {
    if (UNITS.containsKey(word)) {
      return UNITS.get(word);
    }
    int dash = word.indexOf('-');
    return UNITS.get(word.substring(0, dash)) + UNITS.get(word.substring(dash + 1));
  }
}
