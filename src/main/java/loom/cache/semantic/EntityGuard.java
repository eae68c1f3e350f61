package loom.cache.semantic;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Vetoes when the texts are about different named things: "the capital of Austria" against "the capital of
 * Germany", "AWS S3 pricing" against "GCS pricing", "rename 'foo'" against "rename 'bar'". Names are the words
 * capitalised in the original text (except a sentence's first word and common words such as "I" or "Please"),
 * all-caps acronyms, and quoted strings. Because people often type names in lower case, a name of one text
 * passes when the other text has the same word in any case, while quoted strings must match exactly (ignoring
 * case). It also vetoes the same names in swapped roles around "to", "from … to", "vs", "than" and "owes":
 * "Alice owes Bob" is not "Bob owes Alice".
 */
final class EntityGuard implements Guard {
  private static final Set<String> COMMON = Set.of("i", "hi", "hello", "hey", "please", "what", "how", "why",
      "when", "where", "who", "which", "can", "could", "would", "should", "will", "is", "are", "do", "does", "tell",
      "explain", "thanks", "thank", "ok", "okay", "yes", "no", "the", "a", "an", "my", "me", "it", "this", "that",
      "in", "on", "and", "or", "if", "not", "dear", "sir", "madam", "mr", "mrs", "ms", "dr");
  private static final Set<String> ROLE_CONNECTORS = Set.of("to", "into", "vs", "versus", "than", "owes");

  @Override
  public String name() {
    return "entity";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return !a.quoted().equals(b.quoted()) || missing(a, b) || missing(b, a) || swapped(a, b) || swapped(b, a);
  }

  private static boolean missing(Text from, Text in) {
    Set<String> words = new HashSet<>(in.words());
    List<Text.Token> tokens = from.tokens();
    for (Text.Token token : tokens) {
      if ((isAcronym(token) || isName(token) && !token.sentenceStart()) && !words.contains(token.lower())) {
        return true;
      }
    }
    return false;
  }

  private static boolean swapped(Text a, Text b) {
    Set<List<String>> theirs = roles(b);
    for (List<String> pair : roles(a)) {
      if (!theirs.contains(pair) && theirs.contains(List.of(pair.get(1), pair.get(0)))) {
        return true;
      }
    }
    return false;
  }

  /** Ordered (from, to) pairs of names around a role connector, and "from X … to Y". */
  private static Set<List<String>> roles(Text text) {
    Set<List<String>> out = new HashSet<>();
    List<Text.Token> tokens = text.tokens();
    String source = null;
    for (int i = 0; i < tokens.size(); i++) {
      String word = tokens.get(i).lower();
      String next = i + 1 < tokens.size() && isNamed(tokens.get(i + 1)) ? tokens.get(i + 1).lower() : null;
      if (word.equals("from") && next != null) {
        source = next;
      } else if (ROLE_CONNECTORS.contains(word) && next != null) {
        if (i > 0 && isNamed(tokens.get(i - 1))) {
          out.add(List.of(tokens.get(i - 1).lower(), next));
        }
        if (source != null && !source.equals(next)) {
          out.add(List.of(source, next));
        }
      }
    }
    return out;
  }

  /** A name wherever it stands; role pairs often start the sentence ("Alice owes Bob"). */
  private static boolean isNamed(Text.Token token) {
    return isAcronym(token) || isName(token);
  }

  /** Months, weekdays and languages are capitalised too, but the date and language guards compare them. */
  private static boolean isName(Text.Token token) {
    String word = token.lower();
    boolean known = COMMON.contains(word) || DateGuard.isDateWord(word) || LanguageGuard.isLanguageName(word);
    return Character.isUpperCase(token.text().codePointAt(0)) && !known;
  }

  private static boolean isAcronym(Text.Token token) {
    String text = token.text();
    boolean upper = text.codePoints().anyMatch(Character::isUpperCase);
    boolean lower = text.codePoints().anyMatch(Character::isLowerCase);
    return upper && !lower && text.length() >= 2 && !COMMON.contains(token.lower());
  }
}
