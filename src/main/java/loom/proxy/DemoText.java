package loom.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The deterministic text of the demo provider: replies generated from a {@link DemoPrompt}, an
 * OpenAI-like token estimate, truncation to a token budget and the word pieces a stream is cut into.
 * The same prompt always gives the same reply, byte for byte. Pure functions; safe to use from any thread.
 */
final class DemoText {
  /** How much of the prompt a reply quotes before its generated sentences. */
  static final int EXCERPT_LENGTH = 60;

  /** How many letters or digits of a word the token estimate counts as one token. */
  private static final int CHARS_PER_TOKEN = 4;

  private static final List<String> VOCABULARY =
      List.of(
          "the",
          "gateway",
          "answers",
          "quickly",
          "and",
          "every",
          "request",
          "finds",
          "its",
          "way",
          "through",
          "a",
          "small",
          "quiet",
          "river",
          "of",
          "tokens",
          "while",
          "light",
          "rain",
          "falls",
          "on",
          "old",
          "stone",
          "bridges",
          "near",
          "green",
          "hills",
          "where",
          "patient",
          "people",
          "build",
          "simple",
          "tools",
          "for",
          "tomorrow",
          "each",
          "idea",
          "grows",
          "from",
          "careful",
          "notes",
          "kept",
          "in",
          "warm",
          "kitchens",
          "bright",
          "morning",
          "clear",
          "water",
          "flows",
          "past",
          "busy",
          "markets",
          "friendly",
          "voices",
          "share",
          "useful",
          "stories",
          "about",
          "distant",
          "cities",
          "maps",
          "show",
          "new",
          "paths",
          "to",
          "open",
          "fields",
          "gentle",
          "wind",
          "carries",
          "seeds",
          "across",
          "wide",
          "valleys",
          "steady",
          "hands",
          "mend",
          "nets");

  private DemoText() {}

  /**
   * A reply that quotes the start of the prompt and adds one to three sentences picked from the
   * vocabulary, seeded by the whole prompt and the choice index.
   */
  static String reply(DemoPrompt prompt, int choice) {
    SplittableRandom random = new SplittableRandom(prompt.seed("choice " + choice));
    StringBuilder reply =
        new StringBuilder("Demo reply to \"").append(excerpt(prompt.excerptSource())).append("\":");
    int sentences = 1 + random.nextInt(3);
    for (int sentence = 0; sentence < sentences; sentence++) {
      int words = 5 + random.nextInt(9);
      for (int word = 0; word < words; word++) {
        String next = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
        reply.append(' ').append(word == 0 ? capitalize(next) : next);
        if (word < words - 1 && random.nextInt(10) == 0) {
          reply.append(',');
        }
      }
      reply.append('.');
    }
    return reply.toString();
  }

  /**
   * The estimated token count: each run of letters or digits of length L costs ceil(L/4) tokens, each
   * other non-space character one token; whitespace is free.
   */
  static int tokens(String text) {
    int tokens = 0;
    for (Unit unit : units(text)) {
      tokens += unit.tokens();
    }
    return tokens;
  }

  /** The longest start of {@code text} that costs at most {@code maxTokens} (cutting inside a word if needed). */
  static String truncate(String text, int maxTokens) {
    int budget = maxTokens;
    int end = 0;
    for (Unit unit : units(text)) {
      if (unit.tokens() <= budget) {
        budget -= unit.tokens();
        end = unit.end();
      } else {
        if (budget > 0) {
          end = text.offsetByCodePoints(unit.start(), budget * CHARS_PER_TOKEN);
        }
        break;
      }
    }
    return text.substring(0, end);
  }

  /** The text split before each whitespace that follows a word, so the pieces concatenate back to it. */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
        pieces.add(text.substring(start, i));
        start = i;
      }
    }
    if (start < text.length()) {
      pieces.add(text.substring(start));
    }
    return pieces;
  }

  private static String excerpt(String text) {
    String collapsed = text.strip().replaceAll("\\s+", " ");
    if (collapsed.codePointCount(0, collapsed.length()) <= EXCERPT_LENGTH) {
      return collapsed;
    }
    return collapsed.substring(0, collapsed.offsetByCodePoints(0, EXCERPT_LENGTH)).stripTrailing()
        + "...";
  }

  private static String capitalize(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }

  /** The text's word runs and punctuation marks, in order, each with its token cost. */
  private static List<Unit> units(String text) {
    List<Unit> units = new ArrayList<>();
    int runStart = -1;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int next = i + Character.charCount(codePoint);
      if (Character.isLetterOrDigit(codePoint)) {
        runStart = runStart < 0 ? i : runStart;
      } else {
        if (runStart >= 0) {
          units.add(new Unit(runStart, i, wordTokens(text, runStart, i)));
          runStart = -1;
        }
        if (!Character.isWhitespace(codePoint)) {
          units.add(new Unit(i, next, 1));
        }
      }
      i = next;
    }
    if (runStart >= 0) {
      units.add(new Unit(runStart, text.length(), wordTokens(text, runStart, text.length())));
    }
    return units;
  }

  private static int wordTokens(String text, int start, int end) {
    return (text.codePointCount(start, end) + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /** One counted piece of text: a word run or a single punctuation mark, at [start, end). */
  private record Unit(int start, int end, int tokens) {}
}
