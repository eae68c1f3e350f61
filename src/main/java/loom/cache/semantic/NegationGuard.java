package loom.cache.semantic;

import java.util.Set;

/**
 * Vetoes when exactly one text is negated: "why is my order shipped" against "why is my order not shipped".
 * Counting the negation cues and comparing their parity lets a double negative match a plain statement and
 * lets "can't", "cannot" and "can not" match each other ({@link Text} has expanded the contractions).
 * "neither … nor" is one negation, not two. Words that negate by meaning (stop, disable, off) are antonyms,
 * left to {@link AntonymGuard}.
 */
final class NegationGuard implements Guard {
  private static final Set<String> CUES =
      Set.of("not", "no", "never", "without", "none", "nobody", "nothing", "nowhere", "neither", "nor", "cannot");

  @Override
  public String name() {
    return "negation";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return cues(a) % 2 != cues(b) % 2;
  }

  private static int cues(Text text) {
    boolean neither = text.words().contains("neither");
    int count = 0;
    for (String word : text.words()) {
      if (CUES.contains(word) && !(neither && word.equals("nor"))) {
        count++;
      }
    }
    return count;
  }
}
