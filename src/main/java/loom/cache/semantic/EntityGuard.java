package loom.cache.semantic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Vetoes when the texts are about different named things: "the capital of Austria" against "the capital of
 * Germany", "AWS S3 pricing" against "GCS pricing", "rename 'foo'" against "rename 'bar'". Names are the words
 * capitalised in the original text (except a sentence's first word and common words such as "I" or "Please"),
 * all-caps acronyms, and quoted strings. Because people often type names loosely, a name of one text passes when
 * the other has it in one of the forms {@link Names} knows: in any case, with or without a hyphen, an apostrophe
 * or a final "s" ("Wi-Fi" and "wifi", "King's Cross" and "Kings Cross"), split in two ("LH454", "LH 454"), as the
 * country it is the adjective of ("UK" and "British", "Germany" and "German"), or, for an acronym, spelled out
 * ("NYC" and "New York City", "2FA" and "two-factor authentication") or named by its everyday word ("PC" and
 * "computer"). A quoted string
 * passes when the other text has its words in that order, quoted or not ("'permission denied'", "permission
 * denied"). Units are left to {@link UnitGuard}. It also vetoes the same names in swapped roles around "to",
 * "from … to", "vs", "than" and "owes": "Alice owes Bob" is not "Bob owes Alice".
 */
final class EntityGuard implements Guard {
  private static final Set<String> COMMON =
      Set.of(
          "i", "hi", "hello", "hey", "please", "what", "how", "why", "when", "where", "who",
          "which", "can", "could", "would", "should", "will", "is", "are", "do", "does", "tell",
          "explain", "thanks", "thank", "ok", "okay", "yes", "no", "the", "a", "an", "my", "me",
          "it", "this", "that", "in", "on", "and", "or", "if", "not", "dear", "sir", "madam", "mr",
          "mrs", "ms", "dr");
  private static final Set<String> ROLE_CONNECTORS =
      Set.of("to", "into", "vs", "versus", "than", "owes");

  @Override
  public String name() {
    return "entity";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return unquoted(a, b)
        || unquoted(b, a)
        || missing(a, b)
        || missing(b, a)
        || swapped(a, b)
        || swapped(b, a);
  }

  /** Whether {@code from} quotes words that {@code in} does not have in that order, quoted or not. */
  private static boolean unquoted(Text from, Text in) {
    for (String quoted : from.quoted()) {
      if (!in.quoted().contains(quoted)
          && Collections.indexOfSubList(in.words(), new Text(quoted).words()) < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean missing(Text from, Text in) {
    Set<String> forms = Names.forms(in);
    List<Integer> unknown = new ArrayList<>();
    List<Text.Token> tokens = from.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      Text.Token token = tokens.get(i);
      boolean named = isAcronym(token) || isName(token) && !token.sentenceStart();
      boolean knownHere =
          Names.known(token.lower(), forms) || Names.known(token.lower() + from.word(i + 1), forms);
      if (named && !isUnit(from, i) && !knownHere) {
        unknown.add(i);
      }
    }
    if (unknown.isEmpty()) {
      return false;
    }
    // only now the costlier look for acronyms spelled out on either side
    Set<Integer> spelledOut = spelledOut(from, in);
    List<String> initials = Names.initials(in);
    for (int i : unknown) {
      if (!spelledOut.contains(i) && !spelledOutIn(from, i, in, initials)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The positions of {@code from}'s words that spell out what {@code in} abbreviates or names otherwise: "New
   * York City" when {@code in} says "NYC", "United Kingdom" when it says "British".
   */
  private static Set<Integer> spelledOut(Text from, Text in) {
    Set<Integer> out = new HashSet<>();
    Set<String> acronyms = new HashSet<>();
    for (int k = 0; k < in.tokens().size(); k++) {
      if (isAcronym(in.tokens().get(k)) || isCapitals(in.tokens().get(k))) {
        acronyms.add(in.word(k));
        if (in.word(k - 1).matches("\\d+")) {
          acronyms.add(in.word(k - 1) + in.word(k)); // "2FA", which Text splits
        }
      }
    }
    List<String> initials = Names.initials(from);
    for (String acronym : acronyms) {
      int[] run = Names.expansion(acronym, from, initials);
      for (int i = run == null ? 0 : run[0]; run != null && i < run[1]; i++) {
        out.add(i);
      }
    }
    Set<String> forms = Names.forms(in);
    for (int i = 0; i + 1 < from.words().size(); i++) {
      for (int length = 2; length <= 3; length++) {
        String phrase =
            String.join(" ", from.words().subList(i, Math.min(i + length, from.words().size())));
        if (Names.known(phrase, forms) && Names.isCountry(phrase)) {
          for (int j = i; j < i + length; j++) {
            out.add(j);
          }
        }
      }
    }
    return out;
  }

  /**
   * A unit or currency ("GB", "USD", "Fahrenheit", "Mbps", the F of "°F", the US of "US dollars"), which
   * {@link UnitGuard} compares.
   */
  private static boolean isUnit(Text text, int i) {
    String word = text.word(i);
    return Units.canonical(word, false) != null
        || Units.rate(word) != null
        || text.word(i - 1).equals("°")
        || Units.currency(word, text.word(i + 1)) != null;
  }

  /** Whether the acronym at {@code i} is spelled out in {@code in}, with the digit before it ("2FA"). */
  private static boolean spelledOutIn(Text from, int i, Text in, List<String> initials) {
    if (!isAcronym(from.tokens().get(i))) {
      return false;
    }
    String digits = from.word(i - 1).matches("\\d+") ? from.word(i - 1) : "";
    return Names.expansion(from.word(i), in, initials) != null
        || !digits.isEmpty() && Names.expansion(digits + from.word(i), in, initials) != null;
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
      String next =
          i + 1 < tokens.size() && isNamed(tokens.get(i + 1)) ? tokens.get(i + 1).lower() : null;
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
    boolean known =
        COMMON.contains(word) || DateGuard.isDateWord(word) || LanguageGuard.isLanguageName(word);
    return Character.isUpperCase(token.text().codePointAt(0)) && !known;
  }

  /** Capitals only, even a common word: "WHO" may be spelled out as "World Health Organization". */
  private static boolean isCapitals(Text.Token token) {
    String text = token.text();
    return text.length() >= 2
        && text.codePoints().allMatch(c -> Character.isUpperCase(c) || !Character.isLetter(c))
        && text.codePoints().anyMatch(Character::isLetter);
  }

  private static boolean isAcronym(Text.Token token) {
    String text = token.text();
    boolean upper = text.codePoints().anyMatch(Character::isUpperCase);
    boolean lower = text.codePoints().anyMatch(Character::isLowerCase);
    return upper && !lower && text.length() >= 2 && !COMMON.contains(token.lower());
  }
}
