package loom.cache.semantic;

import java.util.List;
import java.util.Set;

/**
 * Vetoes when exactly one text is negated: "why is my order shipped" against "why is my order not shipped".
 * Counting the negation cues and comparing their parity lets a double negative match a plain statement and
 * lets "can't", "cannot" and "can not" match each other ({@link Text} has expanded the contractions).
 * "neither … nor" is one negation, not two. Verbs of prevention negate what they govern, so each counts as one
 * cue: "prevent" and "avoid", "keep, stop, block … from doing" ("keep my laptop from sleeping" is "make it not
 * sleep"), "unable to" and "fail to" ("failed to connect" is "could not connect"), and, in a description, "stop"
 * or "quit" doing ("my phone stopped charging" is "my phone is not charging"). Words that negate by meaning
 * alone (stop the server, disable, off) are antonyms, left to {@link AntonymGuard}.
 */
final class NegationGuard implements Guard {
  private static final Set<String> CUES =
      Set.of(
          "not", "no", "never", "without", "none", "nobody", "nothing", "nowhere", "neither", "nor",
          "cannot", "unable");
  private static final Set<String> PREVENTING = Inflections.of("prevent", "avoid");

  /** Verbs that prevent what follows "from": "keep/stop/block/ban/protect X from doing". */
  private static final Set<String> HOLDING_BACK =
      Inflections.of(
          "keep", "stop", "block", "ban", "bar", "prohibit", "protect", "restrict", "kept");

  private static final Set<String> STOP = Inflections.of("stop");
  private static final Set<String> DETERMINERS =
      Set.of(
          "the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "all", "any",
          "every", "this", "that", "these", "those", "some");

  /**
   * What may follow the -ing verb of "stop X doing" ("stop pasta sticking together", "… sticking to the pot");
   * a noun may not, since then the -ing word is an adjective or a noun: "stop getting marketing emails".
   */
  private static final Set<String> AFTER_GERUND =
      Set.of(
          "",
          "to",
          "into",
          "at",
          "on",
          "in",
          "when",
          "while",
          "every",
          "all",
          "so",
          "together",
          "up",
          "down",
          "out",
          "off",
          "over",
          "from",
          "with",
          "for",
          "and",
          "or",
          "after",
          "before",
          "during",
          "because",
          "if",
          "again",
          "anymore");

  /** Words after which an -ing verb is no longer the object's: "stop the server that is running". */
  private static final Set<String> CLAUSE_ENDS =
      Set.of(
          "that", "which", "who", "is", "are", "was", "were", "when", "if", "and", "or", "but",
          "while");

  /**
   * Verbs that end what they govern, in a description: "my phone stopped charging". Asked for ("how do I stop
   * getting emails", "stop sending me the newsletter"), ending is an action such as unsubscribing, not a negation.
   */
  private static final Set<String> CEASING = Inflections.of("stop", "quit", "cease");

  private static final Set<String> REQUESTING =
      Set.of("i", "we", "you", "to", "please", "can", "how");
  private static final Set<String> FAILING = Inflections.of("fail");

  /** How far "from" may follow its verb: "stop my old laptop from sleeping". */
  private static final int OBJECT_WORDS = 5;

  @Override
  public String name() {
    return "negation";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return cues(a) % 2 != cues(b) % 2;
  }

  private static int cues(Text text) {
    List<String> words = text.words();
    boolean neither = words.contains("neither");
    boolean prevented = false;
    int count = 0;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (CUES.contains(word) && !(neither && word.equals("nor"))) {
        count++;
      } else if (PREVENTING.contains(word)) {
        count++;
        prevented = true; // "prevent X from doing" is one negation, not two
      } else if (FAILING.contains(word) && text.word(i + 1).equals("to")) {
        count++;
      } else if (CEASING.contains(word)
          && text.word(i + 1).endsWith("ing")
          && !REQUESTING.contains(text.word(i - 1))
          && !text.tokens().get(i).sentenceStart()) {
        count++; // "my phone stopped charging" is "my phone is not charging"
      } else if (HOLDING_BACK.contains(word) && !prevented && holdsBack(text, i)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Whether "from" and a verb in -ing follow the verb at {@code i} closely: "keep my laptop from sleeping"; after
   * "stop" the "from" may be left out ("stop pasta sticking together"), though not in "stop the running server"
   * or "stop getting marketing emails".
   */
  private static boolean holdsBack(Text text, int i) {
    boolean stop = STOP.contains(text.word(i));
    for (int j = i + 1; j <= i + OBJECT_WORDS; j++) {
      String word = text.word(j);
      if (word.equals("from")) {
        return text.word(j + 1).endsWith("ing");
      }
      if (CLAUSE_ENDS.contains(word)) {
        return false;
      }
      if (stop
          && j > i + 1
          && word.endsWith("ing")
          && !DETERMINERS.contains(text.word(j - 1))
          && AFTER_GERUND.contains(text.word(j + 1))) {
        return true;
      }
    }
    return false;
  }
}
