package loom.cache.semantic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Vetoes when the texts are about different named things: "the capital of Austria" against "the capital of
 * Germany", "AWS S3 pricing" against "GCS pricing", "rename 'foo'" against "rename 'bar'". Names are the words
 * capitalised in the original text (except a sentence's first word and common words such as "I" or "Please"),
 * all-caps acronyms, and quoted strings. Because people often type names loosely, a name of one text passes when
 * the other has the same word in any case, with or without a hyphen, an apostrophe or a final "s" ("Wi-Fi" and
 * "wifi", "King's Cross" and "Kings Cross"), split in two ("LH454", "LH 454"), as the country it is the adjective
 * of ("UK" and "British", "Germany" and "German"), or, for an acronym, spelled out ("NYC" and "New York City",
 * "2FA" and "two-factor authentication") or named by its everyday word ("PC" and "computer"). A quoted string
 * passes when the other text has its words in that order, quoted or not ("'permission denied'", "permission
 * denied"). Units are left to {@link UnitGuard}. It also vetoes the same names in swapped roles around "to",
 * "from … to", "vs", "than" and "owes": "Alice owes Bob" is not "Bob owes Alice".
 */
final class EntityGuard implements Guard {
  private static final Set<String> COMMON = Set.of("i", "hi", "hello", "hey", "please", "what", "how", "why",
      "when", "where", "who", "which", "can", "could", "would", "should", "will", "is", "are", "do", "does", "tell",
      "explain", "thanks", "thank", "ok", "okay", "yes", "no", "the", "a", "an", "my", "me", "it", "this", "that",
      "in", "on", "and", "or", "if", "not", "dear", "sir", "madam", "mr", "mrs", "ms", "dr");
  private static final Set<String> ROLE_CONNECTORS = Set.of("to", "into", "vs", "versus", "than", "owes");
  /** Words an acronym's letters may skip: "DMV" is "Department of Motor Vehicles". */
  private static final Set<String> ACRONYM_FILLERS = Set.of("of", "and", "for", "the", "&");
  /**
   * Countries and the words that name them: the place, the words that may name the place or its people (an
   * adjective, an acronym: "British", "UK") and the people alone ("Indians"). "Visa for Indians visiting Canada"
   * names Indians as people and Canada as the place, so it is not "… for Canadians visiting India".
   */
  private static final String[][] COUNTRIES = {
      {"us", "america|united states|united states of america", "american|us|usa|u.s|u.s.a", "americans"},
      {"uk", "britain|united kingdom|great britain", "british|uk|u.k", ""},
      {"eu", "european union", "eu", ""}, {"europe", "europe", "european", "europeans"},
      {"germany", "germany", "german", "germans"}, {"france", "france", "french", ""},
      {"spain", "spain", "spanish", "spaniards"}, {"italy", "italy", "italian", "italians"},
      {"japan", "japan", "japanese", ""}, {"china", "china", "chinese", ""},
      {"india", "india", "indian", "indians"}, {"canada", "canada", "canadian", "canadians"},
      {"australia", "australia", "australian", "australians"}, {"mexico", "mexico", "mexican", "mexicans"},
      {"brazil", "brazil", "brazilian", "brazilians"}, {"netherlands", "netherlands|holland", "dutch", ""},
      {"ireland", "ireland", "irish", ""}, {"sweden", "sweden", "swedish", "swedes"},
      {"norway", "norway", "norwegian", "norwegians"}, {"denmark", "denmark", "danish", "danes"},
      {"finland", "finland", "finnish", "finns"}, {"poland", "poland", "polish", "poles"},
      {"portugal", "portugal", "portuguese", ""}, {"greece", "greece", "greek", "greeks"},
      {"turkey", "turkey", "turkish", "turks"}, {"russia", "russia", "russian", "russians"},
      {"ukraine", "ukraine", "ukrainian", "ukrainians"}, {"switzerland", "switzerland", "swiss", ""},
      {"austria", "austria", "austrian", "austrians"}, {"belgium", "belgium", "belgian", "belgians"},
      {"korea", "korea|south korea", "korean", "koreans"}, {"israel", "israel", "israeli", "israelis"},
      {"egypt", "egypt", "egyptian", "egyptians"}, {"argentina", "argentina", "argentinian|argentine",
      "argentinians"}, {"nz", "new zealand", "nz", "new zealanders"}, {"scotland", "scotland", "scottish",
      "scots"}, {"wales", "wales", "welsh", ""}, {"england", "england", "english", ""},
      {"philippines", "philippines", "filipino", "filipinos"}, {"vietnam", "vietnam", "vietnamese", ""},
      {"thailand", "thailand", "thai", ""}, {"singapore", "singapore", "singaporean", "singaporeans"},
      {"south africa", "south africa", "south african", "south africans"}};
  /** Common abbreviations and the everyday words for what they name: "PC" is a computer. */
  private static final Map<String, Set<String>> ABBREVIATIONS = Map.of("pc", Set.of("computer", "laptop",
      "desktop"), "tv", Set.of("television"), "id", Set.of("identification", "identifier"), "sms", Set.of("text"),
      "atm", Set.of("cashpoint", "cash"), "pm", Set.of("evening", "afternoon"), "am", Set.of("morning"));
  /** Each country word, with what it names: "place:uk", "people:uk", or both. */
  private static final Map<String, List<String>> COUNTRY = countries();

  @Override
  public String name() {
    return "entity";
  }

  @Override
  public boolean differs(Text a, Text b) {
    return unquoted(a, b) || unquoted(b, a) || missing(a, b) || missing(b, a) || swapped(a, b) || swapped(b, a);
  }

  /** Whether {@code from} quotes words that {@code in} does not have in that order, quoted or not. */
  private static boolean unquoted(Text from, Text in) {
    for (String quoted : from.quoted()) {
      if (!in.quoted().contains(quoted) && Collections.indexOfSubList(in.words(), new Text(quoted).words()) < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean missing(Text from, Text in) {
    Set<String> forms = forms(in);
    List<Integer> unknown = new ArrayList<>();
    List<Text.Token> tokens = from.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      Text.Token token = tokens.get(i);
      boolean named = isAcronym(token) || isName(token) && !token.sentenceStart();
      boolean knownHere = known(token.lower(), forms) || known(token.lower() + from.word(i + 1), forms);
      if (named && !isUnit(from, i) && !knownHere) {
        unknown.add(i);
      }
    }
    if (unknown.isEmpty()) {
      return false;
    }
    // only now the costlier look for acronyms spelled out on either side
    Set<Integer> spelledOut = spelledOut(from, in);
    List<String> initials = initials(in);
    for (int i : unknown) {
      if (!spelledOut.contains(i) && !spelledOutIn(from, i, in, initials)) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of the loose forms of {@code word} is among {@code forms}. */
  private static boolean known(String word, Set<String> forms) {
    String plain = plain(word);
    if (ABBREVIATIONS.getOrDefault(plain, Set.of()).stream().anyMatch(forms::contains)) {
      return true;
    }
    if (COUNTRY.containsKey(plain)) {
      return COUNTRY.get(plain).stream().anyMatch(forms::contains);
    }
    return forms.contains(plain) || forms.contains(plain + "s") || forms.contains(singular(plain));
  }

  /**
   * The loose forms of a text's words: each without hyphens and apostrophes and without a final "s", the
   * country each names, and each two or three neighbours run together ("LH" "454" is "lh454").
   */
  private static Set<String> forms(Text text) {
    Set<String> out = new HashSet<>();
    List<String> words = text.words();
    for (int i = 0; i < words.size(); i++) {
      String word = plain(words.get(i));
      out.add(word);
      out.add(singular(word));
      out.addAll(COUNTRY.getOrDefault(word, List.of()));
      out.addAll(COUNTRY.getOrDefault(word + " " + text.word(i + 1), List.of()));
      out.addAll(COUNTRY.getOrDefault(word + " " + text.word(i + 1) + " " + text.word(i + 2), List.of()));
      String pair = word + plain(text.word(i + 1));
      out.add(pair);
      out.add(pair + plain(text.word(i + 2)));
    }
    return out;
  }

  private static String singular(String word) {
    return word.length() > 3 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
  }

  private static String plain(String word) {
    return word.replace("-", "").replace("'", "");
  }

  /**
   * The positions of {@code from}'s words that spell out what {@code in} abbreviates or names otherwise: "New
   * York City" when {@code in} says "NYC", "United Kingdom" when it says "British".
   */
  private static Set<Integer> spelledOut(Text from, Text in) {
    Set<Integer> out = new HashSet<>();
    Set<String> acronyms = new HashSet<>();
    for (int k = 0; k < in.tokens().size(); k++) {
      if (isAcronym(in.tokens().get(k))) {
        acronyms.add(in.word(k));
        if (in.word(k - 1).matches("\\d+")) {
          acronyms.add(in.word(k - 1) + in.word(k)); // "2FA", which Text splits
        }
      }
    }
    List<String> initials = initials(from);
    for (String acronym : acronyms) {
      int[] run = expansion(acronym, from, initials);
      for (int i = run == null ? 0 : run[0]; run != null && i < run[1]; i++) {
        out.add(i);
      }
    }
    Set<String> forms = forms(in);
    for (int i = 0; i + 1 < from.words().size(); i++) {
      for (int length = 2; length <= 3; length++) {
        String phrase = String.join(" ", from.words().subList(i, Math.min(i + length, from.words().size())));
        if (COUNTRY.containsKey(phrase) && COUNTRY.get(phrase).stream().anyMatch(forms::contains)) {
          for (int j = i; j < i + length; j++) {
            out.add(j);
          }
        }
      }
    }
    return out;
  }

  /**
   * Where {@code text} spells out the acronym, as {start, end} word positions, or null: the first letters of the
   * words (and of a hyphenated word's parts, a number word as its digit) make it up, "of", "and", "for" and "the"
   * skipped: "2FA" in "two-factor authentication", "DMV" in "Department of Motor Vehicles". Two letters are too
   * easily spelled by chance, so a two-letter acronym needs capitalised words ("United States").
   */
  private static int[] expansion(String acronym, Text text, List<String> initials) {
    String letters = acronym.replace(".", "");
    List<String> words = text.words();
    for (int start = 0; start < words.size(); start++) {
      int matched = 0;
      int end = start;
      while (end < words.size() && matched < letters.length()) {
        String initial = initials.get(end);
        boolean capital = Character.isUpperCase(text.tokens().get(end).text().codePointAt(0));
        if (!initial.isEmpty() && letters.startsWith(initial, matched) && (capital || letters.length() > 2)) {
          matched += initial.length();
        } else if (!(matched > 0 && ACRONYM_FILLERS.contains(words.get(end)))) {
          break;
        }
        end++;
      }
      boolean several = end - start >= 2 || words.get(start).contains("-");
      if (matched == letters.length() && several) {
        return new int[] {start, end};
      }
    }
    return null;
  }

  /** The initials of each word: its first letter, or that of each hyphenated part; a number word's digits. */
  private static List<String> initials(Text text) {
    List<String> out = new ArrayList<>();
    for (String word : text.words()) {
      StringBuilder initials = new StringBuilder();
      for (String part : word.split("-")) {
        long number = part.isEmpty() ? -1 : NumberWords.value(part);
        if (!part.isEmpty()) {
          initials.append(number >= 0 ? String.valueOf(number) : part.substring(0, 1));
        }
      }
      out.add(initials.toString());
    }
    return out;
  }

  /** A unit or currency ("GB", "USD", "Fahrenheit", "Mbps", the F of "°F"), which {@link UnitGuard} compares. */
  private static boolean isUnit(Text text, int i) {
    String word = text.word(i);
    return Units.canonical(word, false) != null || Units.rate(word) != null || text.word(i - 1).equals("°");
  }

  /** Whether the acronym at {@code i} is spelled out in {@code in}, with the digit before it ("2FA"). */
  private static boolean spelledOutIn(Text from, int i, Text in, List<String> initials) {
    if (!isAcronym(from.tokens().get(i))) {
      return false;
    }
    String digits = from.word(i - 1).matches("\\d+") ? from.word(i - 1) : "";
    return expansion(from.word(i), in, initials) != null
        || !digits.isEmpty() && expansion(digits + from.word(i), in, initials) != null;
  }

  private static Map<String, List<String>> countries() {
    Map<String, List<String>> out = new HashMap<>();
    for (String[] row : COUNTRIES) {
      String place = "place:" + row[0];
      String people = "people:" + row[0];
      for (int column = 1; column <= 3; column++) {
        List<String> names = column == 1 ? List.of(place) : column == 2 ? List.of(place, people) : List.of(people);
        for (String word : row[column].split("\\|")) {
          if (!word.isEmpty()) {
            out.put(word, names);
          }
        }
      }
    }
    return Map.copyOf(out);
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
