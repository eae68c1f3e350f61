package loom.cache.semantic;

import java.util.List;

/**
 * Where two texts' words differ: what is left of each once their common beginning and end are taken off, a word and
 * its regular inflection ("user", "users") counting as the same word. Look-alikes are most often one small edit of
 * the same sentence, which this finds in place; a real rewording leaves long middles that say nothing.
 */
record WordDiff(List<String> a, List<String> b) {
  static WordDiff of(Text first, Text second) {
    List<String> a = first.words();
    List<String> b = second.words();
    int start = 0;
    while (start < a.size() && start < b.size() && sameWord(a.get(start), b.get(start))) {
      start++;
    }
    int endA = a.size();
    int endB = b.size();
    while (endA > start && endB > start && sameWord(a.get(endA - 1), b.get(endB - 1))) {
      endA--;
      endB--;
    }
    return new WordDiff(a.subList(start, endA), b.subList(start, endB));
  }

  /** The same word, or one a regular inflection of the other. */
  static boolean sameWord(String x, String y) {
    if (x.equals(y)) {
      return true;
    }
    if (x.isEmpty()
        || y.isEmpty()
        || Character.isDigit(x.charAt(0))
        || Character.isDigit(y.charAt(0))) {
      return false;
    }
    String shorter = x.length() <= y.length() ? x : y;
    String longer = shorter == x ? y : x;
    return Inflections.of(shorter).contains(longer);
  }
}
