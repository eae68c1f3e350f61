package loom.cache.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Vetoes when the texts have the same words in another order around a word that gives them a direction or roles:
 * "transfer from checking to savings" against "from savings to checking", "is Delta better than United" against
 * "is United better than Delta", "sort from low to high" against "from high to low". Embeddings of such pairs are
 * nearly identical (0.97–0.99 in bench/semantic-eval.sh), because they hold the same words. Without such a word a
 * new order is left alone: "Austria's capital" and "the capital of Austria" mean the same.
 */
final class DirectionGuard implements Guard {
  private static final Set<String> DIRECTED = Set.of("to", "into", "from", "than", "vs", "versus", "over",
      "against", "onto");
  private static final Set<String> FILLERS = Set.of("a", "an", "the", "do", "does", "did", "is", "are", "was",
      "were", "be", "i", "me", "my", "you", "your", "we", "our", "it", "its", "how", "what", "who", "which", "can",
      "could", "should", "would", "will", "please", "of", "for", "on", "in", "at", "and", "or");

  @Override
  public String name() {
    return "order";
  }

  @Override
  public boolean differs(Text a, Text b) {
    if (!hasDirection(a) || !hasDirection(b)) {
      return false;
    }
    List<String> left = contentWords(a);
    List<String> right = contentWords(b);
    return left.size() >= 2 && !left.equals(right) && sorted(left).equals(sorted(right));
  }

  private static boolean hasDirection(Text text) {
    return text.words().stream().anyMatch(DIRECTED::contains);
  }

  /** The words that carry the content, in order, with a plural's or verb's final "s" taken off. */
  private static List<String> contentWords(Text text) {
    List<String> out = new ArrayList<>();
    for (String word : text.words()) {
      if (!FILLERS.contains(word) && !DIRECTED.contains(word)) {
        out.add(word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.substring(0,
            word.length() - 1) : word);
      }
    }
    return out;
  }

  private static List<String> sorted(List<String> words) {
    List<String> copy = new ArrayList<>(words);
    copy.sort(null);
    return copy;
  }
}
