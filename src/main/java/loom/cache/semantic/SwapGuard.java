package loom.cache.semantic;

import java.util.List;
import java.util.Set;

/**
 * Vetoes when two parts of the same sentence trade places: "incorporated in Delaware but staff live in British
 * Columbia" and the reverse, "docker run -p 8080:80" and "-p 80:8080", "can my manager see my review" and the
 * roles turned round. The words are the same, so embeddings rate such texts as near copies, yet who does what to
 * whom has changed. Parts joined only by "and", "or", "vs" or a comma may trade places freely ("compare Rust and
 * Go"), and "from A to B" is {@link DirectionGuard}'s.
 */
final class SwapGuard implements Guard {
  /** Longer middles are rewordings, not swaps; this also bounds the search. */
  private static final int MAX_MIDDLE = 16;

  private static final Set<String> SYMMETRIC =
      Set.of("and", "or", "vs", "versus", "&", "nor", "plus");

  @Override
  public String name() {
    return "swap";
  }

  @Override
  public boolean differs(Text a, Text b) {
    WordDiff diff = WordDiff.of(a, b);
    List<String> x = diff.a();
    List<String> y = diff.b();
    int n = x.size();
    if (n < 2 || n != y.size() || n > MAX_MIDDLE) {
      return false;
    }
    // x = P + S + Q and y = Q + S + P, with P and Q different and both non-empty
    for (int first = 1; first < n; first++) {
      for (int last = 1; first + last <= n; last++) {
        List<String> p = x.subList(0, first);
        List<String> between = x.subList(first, n - last);
        List<String> q = x.subList(n - last, n);
        if (!p.equals(q)
            && y.subList(0, last).equals(q)
            && y.subList(last, n - first).equals(between)
            && y.subList(n - first, n).equals(p)) {
          // Nothing between: a phrase moved to the front ("in git, how do I …") keeps its meaning,
          // unless the two parts are numbers whose separator the tokens lost ("8080:80", "4:3").
          return between.isEmpty() ? isNumbers(p) && isNumbers(q) : !SYMMETRIC.containsAll(between);
        }
      }
    }
    return false;
  }

  private static boolean isNumbers(List<String> words) {
    return words.stream()
        .allMatch(word -> !word.isEmpty() && word.chars().allMatch(Character::isDigit));
  }
}
