package loom.cache.semantic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Vetoes when two words trade places across a word that gives the text a direction or roles: "transfer from
 * checking to savings" against "from savings to checking", "is Delta better than United" against "is United
 * better than Delta", "sort from low to high" against "from high to low". Embeddings of such pairs are nearly
 * identical (0.97–0.99 in bench/semantic-eval.sh), because they hold the same words. For each such word in both
 * texts, its object is the first content word after it (numbers skipped: "than 30 ETH") and its subject the last
 * one before it; a veto needs different objects, each of which stands before the word in the other text, or
 * different subjects, each of which stands after it. Words that only move along one side of it do
 * not count ("flights from Chicago to Miami", "Chicago to Miami flights"; "move money to savings from checking",
 * "move money from checking to savings"), nor does a new order without such a word ("Austria's capital", "the
 * capital of Austria"). A preposition left at the end governs the question word: "who does Priya report to" has
 * "who" for its object, so it is not "who reports to Priya". Two more reversals: what one text goes to, the
 * other comes from ("send money to savings" against "withdraw money from savings"), and two words that trade
 * places around others in texts otherwise the same, the arguments of a verb ("the landlord sued the tenant").
 */
final class DirectionGuard implements Guard {
  private static final Set<String> DIRECTED =
      Set.of("to", "into", "from", "than", "vs", "versus", "over", "against", "onto");
  private static final Set<String> FILLERS =
      Set.of(
          "a", "an", "the", "do", "does", "did", "is", "are", "was", "were", "be", "i", "me", "my",
          "you", "your", "we", "our", "it", "its", "how", "can", "could", "should", "would", "will",
          "please", "of", "for", "on", "in", "at", "and", "or");
  private static final Set<String> TOWARDS = Set.of("to", "into", "onto");
  private static final Set<String> AWAY = Set.of("from");
  private static final Set<String> QUESTION_WORDS = Set.of("who", "whom", "what", "which");
  private static final Pattern NUMBER = Pattern.compile("[\\d.,]+");

  @Override
  public String name() {
    return "order";
  }

  @Override
  public boolean differs(Text a, Text b) {
    for (String word : DIRECTED) {
      int left = a.words().indexOf(word);
      int right = b.words().indexOf(word);
      if (left >= 0
          && right >= 0
          && (tradedObjects(a, left, b, right) || tradedSubjects(a, left, b, right))) {
        return true;
      }
    }
    return reversed(a, b) || reversed(b, a) || swappedArguments(a, b);
  }

  /**
   * Whether a word that {@code a} goes to is one that {@code b} comes from, and {@code b} does not go there too:
   * "send money to my savings account" against "withdraw money from my savings account".
   */
  private static boolean reversed(Text a, Text b) {
    Set<String> destinations = objects(a, TOWARDS);
    Set<String> sources = objects(b, AWAY);
    destinations.retainAll(sources);
    destinations.removeAll(objects(b, TOWARDS));
    destinations.removeAll(objects(a, AWAY));
    return !destinations.isEmpty();
  }

  private static Set<String> objects(Text text, Set<String> prepositions) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < text.words().size(); i++) {
      if (prepositions.contains(text.word(i))) {
        String object = object(text, i);
        if (object != null) {
          out.add(object);
        }
      }
    }
    return out;
  }

  /**
   * Whether the texts have the same words in the same order but for two content words that trade places with
   * words between them, the arguments of a verb: "the landlord sued the tenant" against "the tenant sued the
   * landlord". Neighbours that trade places do not count ("login error", "error login" name one thing), nor does
   * a sentence built anew ("how do I appeal a denied claim", "my claim was denied, how do I appeal").
   */
  private static boolean swappedArguments(Text a, Text b) {
    List<String> left = a.words();
    List<String> right = b.words();
    if (left.size() != right.size()) {
      return false;
    }
    List<Integer> differ = new ArrayList<>();
    for (int i = 0; i < left.size(); i++) {
      if (!left.get(i).equals(right.get(i))) {
        differ.add(i);
      }
    }
    return differ.size() == 2
        && differ.get(1) - differ.get(0) >= 2
        && content(left.get(differ.get(0))) != null
        && left.get(differ.get(0)).equals(right.get(differ.get(1)))
        && left.get(differ.get(1)).equals(right.get(differ.get(0)));
  }

  /** Whether the words after the directional word differ, each standing before it in the other text. */
  private static boolean tradedObjects(Text a, int left, Text b, int right) {
    String mine = object(a, left);
    String theirs = object(b, right);
    return mine != null
        && theirs != null
        && !mine.equals(theirs)
        && stands(b, 0, right, mine)
        && stands(a, 0, left, theirs);
  }

  /** Whether the words before the directional word differ, each standing after it in the other text. */
  private static boolean tradedSubjects(Text a, int left, Text b, int right) {
    String mine = subject(a, left);
    String theirs = subject(b, right);
    return mine != null
        && theirs != null
        && !mine.equals(theirs)
        && stands(b, right + 1, b.words().size(), mine)
        && stands(a, left + 1, a.words().size(), theirs);
  }

  /** The last content word before position {@code at} that is not a number, or null. */
  private static String subject(Text text, int at) {
    for (int i = at - 1; i >= 0; i--) {
      String content = content(text.word(i));
      if (content != null && !NUMBER.matcher(content).matches()) {
        return content;
      }
    }
    return null;
  }

  /** The first content word after position {@code at} that is not a number; the question word if none. */
  private static String object(Text text, int at) {
    for (int i = at + 1; i < text.words().size(); i++) {
      String content = content(text.word(i));
      if (content != null && !NUMBER.matcher(content).matches()) {
        return content;
      }
    }
    // "who does Priya report to": the stranded preposition's object is the question word
    return text.words().stream().filter(QUESTION_WORDS::contains).findFirst().orElse(null);
  }

  /** Whether the content word stands between positions {@code from} (inclusive) and {@code to}. */
  private static boolean stands(Text text, int from, int to, String content) {
    for (int i = from; i < to; i++) {
      if (content.equals(content(text.word(i)))) {
        return true;
      }
    }
    return false;
  }

  /** The word as compared, with a plural's or verb's final "s" taken off; null for a filler or directional word. */
  private static String content(String word) {
    if (FILLERS.contains(word) || DIRECTED.contains(word)) {
      return null;
    }
    return word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
        ? word.substring(0, word.length() - 1)
        : word;
  }
}
