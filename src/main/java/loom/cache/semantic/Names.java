package loom.cache.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loose ways a name is written, for {@link EntityGuard}: in any case, with or without a hyphen, an apostrophe
 * or a final "s", run together with its neighbours ("LH 454" is "lh454"), a country by its adjective or people
 * ("British" is the UK), a common abbreviation by its everyday word ("PC", computer), and an acronym spelled out
 * ("NYC", New York City).
 */
final class Names {
  /** Words that spell no acronym's two letters by chance: "until kickoff" is not "UK". */
  private static final Set<String> FUNCTION_WORDS =
      Set.of(
          "about", "above", "after", "again", "also", "been", "before", "being", "below", "could",
          "does", "doing", "down", "during", "each", "even", "ever", "from", "have", "having",
          "here", "into", "just", "like", "many", "more", "most", "much", "must", "never", "once",
          "only", "other", "over", "same", "should", "some", "such", "than", "that", "their",
          "them", "then", "there", "these", "they", "this", "those", "through", "under", "unless",
          "until", "upon", "very", "were", "what", "when", "where", "which", "while", "will",
          "with", "would", "your", "yours");

  /** Words an acronym's letters may skip: "DMV" is "Department of Motor Vehicles". */
  private static final Set<String> ACRONYM_FILLERS = Set.of("of", "and", "for", "the", "&");

  /**
   * Countries and the words that name them: the place, the words that may name the place or its people (an
   * adjective, an acronym: "British", "UK") and the people alone ("Indians"). "Visa for Indians visiting Canada"
   * names Indians as people and Canada as the place, so it is not "… for Canadians visiting India".
   */
  private static final String[][] COUNTRIES = {
    {
      "us",
      "america|united states|united states of america",
      "american|us|usa|u.s|u.s.a",
      "americans"
    },
    {"uk", "britain|united kingdom|great britain", "british|uk|u.k", ""},
    {"eu", "european union", "eu", ""},
    {"europe", "europe", "european", "europeans"},
    {"germany", "germany", "german", "germans"},
    {"france", "france", "french", ""},
    {"spain", "spain", "spanish", "spaniards"},
    {"italy", "italy", "italian", "italians"},
    {"japan", "japan", "japanese", ""},
    {"china", "china", "chinese", ""},
    {"india", "india", "indian", "indians"},
    {"canada", "canada", "canadian", "canadians"},
    {"australia", "australia", "australian", "australians"},
    {"mexico", "mexico", "mexican", "mexicans"},
    {"brazil", "brazil", "brazilian", "brazilians"},
    {"netherlands", "netherlands|holland", "dutch", ""},
    {"ireland", "ireland", "irish", ""},
    {"sweden", "sweden", "swedish", "swedes"},
    {"norway", "norway", "norwegian", "norwegians"},
    {"denmark", "denmark", "danish", "danes"},
    {"finland", "finland", "finnish", "finns"},
    {"poland", "poland", "polish", "poles"},
    {"portugal", "portugal", "portuguese", ""},
    {"greece", "greece", "greek", "greeks"},
    {"turkey", "turkey", "turkish", "turks"},
    {"russia", "russia", "russian", "russians"},
    {"ukraine", "ukraine", "ukrainian", "ukrainians"},
    {"switzerland", "switzerland", "swiss", ""},
    {"austria", "austria", "austrian", "austrians"},
    {"belgium", "belgium", "belgian", "belgians"},
    {"korea", "korea|south korea", "korean", "koreans"},
    {"israel", "israel", "israeli", "israelis"},
    {"egypt", "egypt", "egyptian", "egyptians"},
    {"argentina", "argentina", "argentinian|argentine", "argentinians"},
    {"nz", "new zealand", "nz", "new zealanders"},
    {"scotland", "scotland", "scottish", "scots"},
    {"wales", "wales", "welsh", ""},
    {"england", "england", "english", ""},
    {"philippines", "philippines", "filipino", "filipinos"},
    {"vietnam", "vietnam", "vietnamese", ""},
    {"thailand", "thailand", "thai", ""},
    {"singapore", "singapore", "singaporean", "singaporeans"},
    {"south africa", "south africa", "south african", "south africans"}
  };

  /** Common abbreviations and the everyday words for what they name: "PC" is a computer. */
  private static final Map<String, Set<String>> ABBREVIATIONS =
      Map.ofEntries(
          Map.entry("pc", Set.of("computer", "laptop", "desktop")),
          Map.entry("tv", Set.of("television")),
          Map.entry("id", Set.of("identification", "identifier")),
          Map.entry("sms", Set.of("text")),
          Map.entry("atm", Set.of("cashpoint", "cash")),
          Map.entry("pm", Set.of("evening", "afternoon")),
          Map.entry("am", Set.of("morning")),
          Map.entry("eta", Set.of("arrive", "arrival", "when")),
          Map.entry("est", Set.of("eastern")),
          Map.entry("edt", Set.of("eastern")),
          Map.entry("et", Set.of("eastern")),
          Map.entry("pst", Set.of("pacific")),
          Map.entry("pdt", Set.of("pacific")),
          Map.entry("pt", Set.of("pacific")),
          Map.entry("cst", Set.of("central")),
          Map.entry("cdt", Set.of("central")),
          Map.entry("mst", Set.of("mountain")),
          Map.entry("gmt", Set.of("greenwich", "utc")),
          Map.entry("utc", Set.of("universal", "gmt")));

  /** Each country word, with what it names: "place:uk", "people:uk", or both. */
  private static final Map<String, List<String>> COUNTRY = countries();

  private Names() {}

  /** Whether one of the loose forms of {@code word} is among {@code forms}. */
  static boolean known(String word, Set<String> forms) {
    String plain = plain(word);
    if (ABBREVIATIONS.getOrDefault(plain, Set.of()).stream().anyMatch(forms::contains)) {
      return true;
    }
    if (COUNTRY.containsKey(plain)) {
      return COUNTRY.get(plain).stream().anyMatch(forms::contains);
    }
    // "Node.js" is the library "node"
    String library = word.endsWith(".js") ? plain.substring(0, plain.length() - 2) : plain;
    return forms.contains(plain)
        || forms.contains(plain + "s")
        || forms.contains(singular(plain))
        || forms.contains(library);
  }

  /**
   * The loose forms of a text's words: each without hyphens and apostrophes and without a final "s", the
   * country each names, and each two or three neighbours run together ("LH" "454" is "lh454").
   */
  static Set<String> forms(Text text) {
    Set<String> out = new HashSet<>();
    List<String> words = text.words();
    for (int i = 0; i < words.size(); i++) {
      String word = plain(words.get(i));
      out.add(word);
      out.add(singular(word));
      out.addAll(COUNTRY.getOrDefault(word, List.of()));
      out.addAll(COUNTRY.getOrDefault(word + " " + text.word(i + 1), List.of()));
      out.addAll(
          COUNTRY.getOrDefault(word + " " + text.word(i + 1) + " " + text.word(i + 2), List.of()));
      String pair = word + plain(text.word(i + 1));
      out.add(pair);
      out.add(pair + plain(text.word(i + 2)));
    }
    return out;
  }

  private static String singular(String word) {
    return word.length() > 3 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
  }

  /** The word without hyphens, apostrophes, slashes and dots: "Wi-Fi" is "wifi", "HTTP/1.1" "http11". */
  private static String plain(String word) {
    return word.replace("-", "").replace("'", "").replace("/", "").replace(".", "");
  }

  /** Whether the phrase names a country ("united kingdom"). */
  static boolean isCountry(String phrase) {
    return COUNTRY.containsKey(phrase);
  }

  /**
   * Where {@code text} spells out the acronym, as {start, end} word positions, or null: the first letters of the
   * words (and of a hyphenated word's parts, a number word as its digit) make it up, "of", "and", "for" and "the"
   * skipped: "2FA" in "two-factor authentication", "DMV" in "Department of Motor Vehicles". Two letters are too
   * easily spelled by chance, so a two-letter acronym needs capitalised words ("United States") or words of
   * content ("human resources"), not "until kickoff".
   */
  static int[] expansion(String acronym, Text text, List<String> initials) {
    String letters = acronym.replace(".", "");
    List<String> words = text.words();
    for (int start = 0; start < words.size(); start++) {
      int matched = 0;
      int end = start;
      while (end < words.size() && matched < letters.length()) {
        String initial = initials.get(end);
        boolean capital = Character.isUpperCase(text.tokens().get(end).text().codePointAt(0));
        boolean content = words.get(end).length() >= 4 && !FUNCTION_WORDS.contains(words.get(end));
        boolean sure = capital || content || letters.length() > 2;
        if (!initial.isEmpty() && letters.startsWith(initial, matched) && sure) {
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
  static List<String> initials(Text text) {
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

  private static Map<String, List<String>> countries() {
    Map<String, List<String>> out = new HashMap<>();
    for (String[] row : COUNTRIES) {
      String place = "place:" + row[0];
      String people = "people:" + row[0];
      for (int column = 1; column <= 3; column++) {
        List<String> names =
            column == 1 ? List.of(place) : column == 2 ? List.of(place, people) : List.of(people);
        for (String word : row[column].split("\\|")) {
          if (!word.isEmpty()) {
            out.put(word, names);
          }
        }
      }
    }
    return Map.copyOf(out);
  }
}
