package loom.cache.semantic;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Vetoes when both texts ask a question of a specific kind and the kinds differ: "who pays closing costs" against
 * "how much are closing costs", "when will my refund arrive" against "why is my refund late", "how long does a
 * passport take" against "how much does a passport cost". The question word is a small part of such texts, so
 * embeddings rate them alike, yet the answers have nothing in common. The kinds are a person (who), a time
 * (when, what time, how soon), a duration or frequency (how long, how often, how many days), a place (where), a
 * reason (why, how come) and an amount (how much, how many, how far, how big). Time, duration and frequency are
 * compatible ("when should I arrive" and "how early should I arrive" ask the same), and "how many days" is both
 * a duration and an amount ("how much sick leave do I get"). "What", "which" and "how"
 * alone ask nothing specific, so "what is the price" matches "how much is it" and "where can I find my invoices"
 * matches "how do I find my invoices". A question word counts where it opens a question: at the start of a
 * sentence or after "tell me", "I wonder" and the like, or alone at the end ("… in CI, why?"); at the start of a
 * sentence "when" and "where" also need a verb such as "is", "do" or "can" after them, since "When I log in, …"
 * asks nothing about time.
 */
final class QuestionGuard implements Guard {
  private static final Map<String, String> WORDS =
      Map.of(
          "who", "person", "whom", "person", "whose", "person", "when", "time", "where", "place",
          "why", "reason");

  /** "How" with the word after it: "how much" asks for an amount, "how long" for a duration. */
  private static final Map<String, String> HOW =
      Map.ofEntries(
          Map.entry("much", "amount"),
          Map.entry("many", "amount"),
          Map.entry("far", "amount"),
          Map.entry("big", "amount"),
          Map.entry("large", "amount"),
          Map.entry("heavy", "amount"),
          Map.entry("tall", "amount"),
          Map.entry("old", "amount"),
          Map.entry("expensive", "amount"),
          Map.entry("high", "amount"),
          Map.entry("long", "duration"),
          Map.entry("often", "duration"),
          Map.entry("frequently", "duration"),
          Map.entry("soon", "time"),
          Map.entry("early", "time"),
          Map.entry("late", "time"),
          Map.entry("come", "reason"));

  /** "What" or "which" with a word of time after it asks for a time: "what time", "which day". */
  private static final Set<String> TIMES =
      Set.of("time", "day", "date", "year", "month", "hour", "week");

  /** "How many" or "how much" with a unit of time after it asks for a duration and an amount: "how many days". */
  private static final Set<String> DURATIONS =
      Set.of(
          "time", "seconds", "minutes", "hours", "days", "weeks", "months", "years", "nights",
          "notice", "warning", "lead");

  /** Units of length, with which "how long" asks for a length, not a duration. */
  private static final Set<String> LENGTHS = Set.of("km", "mi", "m", "ft", "in", "cm", "mm", "yd");

  /** Words after "how far" that make it a time: "how far ahead", "how far in advance", "how far back". */
  private static final Set<String> AHEAD = Set.of("ahead", "in", "before", "back", "out");

  /** Words after which a question word opens a question: "tell me who", "I wonder why", "so where". */
  private static final Set<String> OPENERS =
      Set.of(
          "so",
          "and",
          "but",
          "ok",
          "okay",
          "hey",
          "hi",
          "hello",
          "please",
          "me",
          "know",
          "wonder",
          "wondering",
          "ask",
          "asking",
          "explain",
          "idea",
          "sure",
          "understand",
          "out",
          "then",
          "also");

  private static final Set<String> VERBS_AFTER =
      Set.of(
          "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would",
          "will", "shall", "may", "might", "must", "has", "have", "had", "s", "am");

  @Override
  public String name() {
    return "question";
  }

  @Override
  public boolean differs(Text a, Text b) {
    Set<String> left = kinds(a);
    Set<String> right = kinds(b);
    if (left.isEmpty() || right.isEmpty()) {
      return false;
    }
    Set<String> shared = new HashSet<>(left);
    shared.retainAll(right);
    return shared.isEmpty();
  }

  /** The kinds of the questions the text asks, time, duration and frequency counted as one. */
  static Set<String> kinds(Text text) {
    Set<String> out = new HashSet<>();
    int last = text.words().size() - 1;
    for (int i = 0; i <= last; i++) {
      String word = text.word(i);
      boolean embedded = OPENERS.contains(text.word(i - 1)) || i == last;
      boolean opens = text.tokens().get(i).sentenceStart() || embedded;
      String kind = opens ? kind(text, i, embedded) : null;
      if (kind != null) {
        out.add(kind.equals("duration") || kind.equals("timed amount") ? "time" : kind);
        if (kind.equals("timed amount")) {
          out.add("amount");
        }
      }
    }
    return out;
  }

  /**
   * The kind of question the word at {@code i} asks, or null for none or an unspecific one. A sentence opened by
   * "when" or "where" without a verb after it is a clause ("When I log in, …"); after "tell me" it is a question.
   */
  private static String kind(Text text, int i, boolean embedded) {
    String word = text.word(i);
    String next = text.word(i + 1);
    if (word.equals("how")) {
      boolean duration =
          (next.equals("many") || next.equals("much")) && DURATIONS.contains(text.word(i + 2));
      boolean ahead =
          next.equals("far")
              && AHEAD.contains(text.word(i + 2)); // "how far ahead", "how far in advance"
      // "how long is a 5K in miles" asks for a length
      boolean length =
          next.equals("long")
              && text.words().stream()
                  .map(w -> Units.canonical(w, false))
                  .anyMatch(u -> u != null && LENGTHS.contains(u));
      return duration ? "timed amount" : ahead ? "time" : length ? "amount" : HOW.get(next);
    }
    if ((word.equals("what") || word.equals("which")) && TIMES.contains(next)) {
      return "time";
    }
    boolean clause =
        (word.equals("when") || word.equals("where")) && !VERBS_AFTER.contains(next) && !embedded;
    return clause ? null : WORDS.get(word);
  }
}
