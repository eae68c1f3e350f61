package loom.cache.semantic;

import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * A cheap guess of the language a text is written in: the script most of its letters are in, and for Latin
 * script the language whose common function words it uses most (en, de, fr, es, it, pt, nl). Returns null when
 * it cannot tell (no letters, or a Latin text with fewer than two function words or a tie), so that short
 * queries such as "Explain git rebase" never veto. Han, Hiragana, Katakana and Hangul all count as "cjk".
 */
final class Languages {
  private static final Map<String, Set<String>> STOPWORDS =
      Map.of(
          "en",
              Set.of(
                  "the", "is", "are", "and", "of", "to", "how", "what", "why", "my", "i", "you",
                  "do", "does", "can", "with", "for", "it", "this", "that", "be", "not", "a", "an",
                  "in", "will", "should", "there"),
          "de",
              Set.of(
                  "der", "die", "das", "und", "ist", "nicht", "ich", "wie", "mit", "ein", "eine",
                  "zu", "auf", "für", "mein", "meine", "kann", "warum", "sie", "es", "den", "dem",
                  "wo", "wann", "sind"),
          "fr",
              Set.of(
                  "le",
                  "la",
                  "les",
                  "et",
                  "est",
                  "un",
                  "une",
                  "des",
                  "du",
                  "je",
                  "comment",
                  "pourquoi",
                  "mon",
                  "ma",
                  "mes",
                  "pas",
                  "ne",
                  "que",
                  "qui",
                  "avec",
                  "pour",
                  "sur",
                  "dans",
                  "vous",
                  "il",
                  "au"),
          "es",
              Set.of(
                  "el", "la", "los", "las", "y", "es", "un", "una", "de", "del", "que", "cómo",
                  "por", "para", "con", "mi", "mis", "yo", "qué", "puedo", "en", "se", "está", "al",
                  "lo"),
          "it",
              Set.of(
                  "il", "lo", "la", "gli", "le", "e", "è", "un", "una", "di", "del", "che", "come",
                  "perché", "per", "con", "mio", "mia", "non", "sono", "io", "posso", "nel",
                  "della"),
          "pt",
              Set.of(
                  "o", "a", "os", "as", "e", "é", "um", "uma", "de", "do", "da", "que", "como",
                  "por", "para", "com", "meu", "minha", "não", "eu", "posso", "em", "no", "na",
                  "você"),
          "nl",
              Set.of(
                  "de", "het", "een", "en", "is", "van", "ik", "hoe", "wat", "waarom", "mijn",
                  "niet", "met", "voor", "op", "kan", "dat", "die", "te", "zijn", "je"));

  /**
   * Other languages' function words that are also English words: "Setting up Nginx as a reverse proxy" has the
   * Portuguese "as" and "a", and "come", "per", "die" and "van" are English too, so they only count for English.
   */
  private static final Set<String> ENGLISH_WORDS =
      Set.of(
          "a", "as", "do", "no", "is", "die", "come", "per", "van", "den", "in", "me", "on", "so",
          "met", "al", "lo", "mi");

  private Languages() {}

  /** "en", "de", …, a script name such as "cyrillic", or null when unsure. */
  static String detect(Text text) {
    String script = script(text.original());
    return "latin".equals(script) ? latinLanguage(text) : script;
  }

  private static String script(String text) {
    Map<UnicodeScript, Integer> counts = new EnumMap<>(UnicodeScript.class);
    text.codePoints()
        .filter(Character::isLetter)
        .forEach(c -> counts.merge(family(UnicodeScript.of(c)), 1, Integer::sum));
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(
            e ->
                e.getKey() == UnicodeScript.HAN
                    ? "cjk"
                    : e.getKey().name().toLowerCase(java.util.Locale.ROOT))
        .orElse(null);
  }

  /** Folds the Japanese and Korean scripts into Han, since we only tell CJK text apart from the rest. */
  private static UnicodeScript family(UnicodeScript script) {
    return switch (script) {
      case HIRAGANA, KATAKANA, HANGUL -> UnicodeScript.HAN;
      default -> script;
    };
  }

  private static String latinLanguage(Text text) {
    String best = null;
    int bestHits = 0;
    boolean tie = false;
    for (Map.Entry<String, Set<String>> language : STOPWORDS.entrySet()) {
      boolean english = language.getKey().equals("en");
      int hits =
          (int)
              text.words().stream()
                  .filter(
                      w ->
                          language.getValue().contains(w)
                              && (english || !ENGLISH_WORDS.contains(w)))
                  .count();
      if (hits > bestHits) {
        best = language.getKey();
        bestHits = hits;
        tie = false;
      } else if (hits == bestHits) {
        tie = true;
      }
    }
    return bestHits >= 2 && !tie ? best : null;
  }
}
