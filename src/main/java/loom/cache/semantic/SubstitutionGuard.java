package loom.cache.semantic;

import java.util.List;
import java.util.Set;

/**
 * Vetoes when the texts are the same sentence but for one word, and that word is a content word whose replacement is
 * neither a synonym in the small table here nor a typo of it: "documents to rent an
 * apartment" and "to buy an apartment", "the most national parks" and "the fewest", "arguments for" and "against",
 * "recommended vaccines" and "required vaccines". Such one-word edits are how look-alikes are made, and every
 * lexicon of opposites misses some; two people who ask the same thing in their own words rarely write the same
 * sentence with a single word changed. The cost is the paraphrase that does exactly that with a synonym the small
 * table here does not know: it misses the cache, and is answered by the provider. Function words (articles,
 * pronouns, auxiliaries such as "do" and "can", "please") and question words (judged by {@link QuestionGuard}) may
 * change freely, as may numbers (judged by {@link NumberGuard} and {@link DateGuard}).
 */
final class SubstitutionGuard implements Guard {
  private static final Set<String> FUNCTION_WORDS =
      Set.of(
          "a",
          "an",
          "the",
          "this",
          "that",
          "these",
          "those",
          "my",
          "your",
          "our",
          "their",
          "his",
          "her",
          "its",
          "i",
          "me",
          "you",
          "we",
          "us",
          "they",
          "them",
          "it",
          "do",
          "does",
          "did",
          "can",
          "could",
          "would",
          "will",
          "may",
          "might",
          "is",
          "are",
          "am",
          "be",
          "please",
          "just",
          "really",
          "actually",
          "kindly",
          "how",
          "what",
          "which",
          "where",
          "who",
          "when",
          "why",
          "whats",
          "there",
          "here",
          "to",
          "of",
          "s",
          "some",
          "any");

  /**
   * Words that mean the same in a request, in groups: only true synonyms (not "rent" and "buy", which a class of
   * actions would join), since a pair here lets a one-word edit through.
   */
  private static final List<Set<String>> SYNONYMS =
      List.of(
          Set.of("make", "create"),
          Set.of("delete", "remove"),
          Set.of("fix", "repair", "resolve"),
          Set.of("change", "modify", "alter", "edit", "update"),
          Set.of("get", "obtain", "receive"),
          Set.of("find", "locate"),
          Set.of("show", "display", "list", "view", "see"),
          Set.of("start", "begin"),
          Set.of("finish", "complete"),
          Set.of("buy", "purchase"),
          Set.of("big", "large", "huge"),
          Set.of("small", "little", "tiny"),
          Set.of("quick", "fast", "rapid"),
          Set.of("quickly", "fast", "rapidly"),
          Set.of("help", "assist"),
          Set.of("need", "require"),
          Set.of("use", "utilize", "utilise"),
          Set.of("choose", "pick", "select"),
          Set.of("car", "vehicle"),
          Set.of("error", "failure"),
          Set.of("setting", "option", "preference"),
          Set.of("explain", "describe"),
          Set.of("cheap", "inexpensive"),
          Set.of("shop", "store"),
          Set.of("reset", "restore"));

  @Override
  public String name() {
    return "substitution";
  }

  @Override
  public boolean differs(Text a, Text b) {
    WordDiff diff = WordDiff.of(a, b);
    if (diff.a().size() != 1 || diff.b().size() != 1) {
      return false;
    }
    String x = diff.a().get(0);
    String y = diff.b().get(0);
    return isContentWord(x) && isContentWord(y) && !isTypo(x, y) && !synonyms(x, y);
  }

  /** Whether the words (or their regular inflections) are in one group of {@link #SYNONYMS}. */
  static boolean synonyms(String x, String y) {
    for (Set<String> group : SYNONYMS) {
      if (group.stream().anyMatch(word -> WordDiff.sameWord(word, x))
          && group.stream().anyMatch(word -> WordDiff.sameWord(word, y))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isContentWord(String word) {
    return !FUNCTION_WORDS.contains(word)
        && word.chars().anyMatch(Character::isLetter)
        && word.chars().noneMatch(Character::isDigit);
  }

  /** One slip of the keyboard in a short word, two in a longer one (a swap of neighbours counts as one). */
  static boolean isTypo(String x, String y) {
    int allowed = Math.min(x.length(), y.length()) <= 5 ? 1 : 2;
    return Math.abs(x.length() - y.length()) <= allowed && distance(x, y) <= allowed;
  }

  /** The optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
  private static int distance(String x, String y) {
    int[][] d = new int[x.length() + 1][y.length() + 1];
    for (int i = 0; i <= x.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= y.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      for (int j = 1; j <= y.length(); j++) {
        int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && x.charAt(i - 1) == y.charAt(j - 2)
            && x.charAt(i - 2) == y.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[x.length()][y.length()];
  }
}
