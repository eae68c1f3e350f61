package loom.cache.semantic;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text normalised once for every guard: Unicode NFKC, typographic apostrophes made plain, negative contractions
 * expanded ("can't" becomes "can not", "hasn't" "has not", and so do "cant" and "hasnt", typed without the
 * apostrophe) so that a contraction and its spelled-out form count the same, then split into tokens that keep
 * code and version shapes ({@code 3.11}, {@code v1.2.3}, {@code snake_case}, {@code --flag}, {@code HTTP/2},
 * {@code node.js}, {@code c++}) in one piece. Each token keeps its original case, because capitalisation is
 * evidence of a name. A number glued to letters ("5km", "3rd") is split, so that "5km" and "5 km" read alike.
 */
final class Text {
  /** One token as written, lower-cased, and whether it starts a sentence (where capitals say nothing). */
  record Token(String text, String lower, boolean sentenceStart) {}

  private static final Pattern TOKEN =
      Pattern.compile(
          "(?:(?<![^\\s(\"'`])(?:--?|~?/)(?=[\\p{L}\\p{N}]))?[\\p{L}\\p{N}_]+"
              + "(?:(?:::|->|[./_+-]|(?<=\\d),(?=\\d{3}(?!\\p{N})))[\\p{L}\\p{N}_]+)*(?:\\(\\)|\\+\\+|#)?"
              + "|[$€£¥°%]");
  private static final Pattern GLUED_NUMBER = Pattern.compile("(\\d+(?:[.,]\\d+)*)(\\p{L}+)");
  private static final Pattern QUOTED =
      Pattern.compile(
          "\"([^\"]+)\"|“([^”]+)”|`([^`]+)`|(?<![\\p{L}\\p{N}])'([^']+)'(?![\\p{L}\\p{N}])");
  private static final Pattern[] CONTRACTIONS = {
    Pattern.compile("\\b([Cc])an'?t\\b"),
    Pattern.compile("\\b([Ww])on't\\b"),
    Pattern.compile("\\b([Ss])han't\\b"),
    Pattern.compile("\\b([Cc])annot\\b"),
    Pattern.compile("(?i)n't\\b"),
    Pattern.compile(
        "(?i)\\b(do|does|did|is|are|was|were|could|should|would|have|has|had|must|need)nt\\b")
  };
  private static final String[] EXPANSIONS = {
    "$1an not", "$1ill not", "$1hall not", "$1an not", " not", "$1 not"
  };

  private final String original;
  private final List<Token> tokens;
  private final List<String> words;
  private final Set<String> quoted;

  Text(String text) {
    String plain =
        Normalizer.normalize(text, Normalizer.Form.NFKC)
            .replace('\u2019', '\'')
            .replace('\u2018', '\'');
    for (int i = 0; i < CONTRACTIONS.length; i++) {
      plain = CONTRACTIONS[i].matcher(plain).replaceAll(EXPANSIONS[i]);
    }
    this.original = plain;
    this.tokens = List.copyOf(tokenize(plain));
    this.words = tokens.stream().map(Token::lower).toList();
    this.quoted = quotedParts(plain);
  }

  /** The NFKC text with contractions expanded, in its original case. */
  String original() {
    return original;
  }

  List<Token> tokens() {
    return tokens;
  }

  /** The tokens lower-cased with {@link Locale#ROOT}. */
  List<String> words() {
    return words;
  }

  /** The lower-cased contents of '…', "…", “…” and `…`. */
  Set<String> quoted() {
    return quoted;
  }

  /** The lower-cased token at {@code index}, or "" outside the text, which spares callers the bounds checks. */
  String word(int index) {
    return index >= 0 && index < words.size() ? words.get(index) : "";
  }

  private static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      boolean start = startsSentence(text, m.start());
      Matcher glued = GLUED_NUMBER.matcher(m.group());
      if (glued.matches()) {
        out.add(token(glued.group(1), start));
        out.add(token(glued.group(2), false));
      } else {
        out.add(token(m.group(), start));
      }
    }
    return out;
  }

  private static Token token(String text, boolean sentenceStart) {
    return new Token(text, text.toLowerCase(Locale.ROOT), sentenceStart);
  }

  private static boolean startsSentence(String text, int start) {
    for (int i = start - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':') {
        return true;
      }
      if (!Character.isWhitespace(c) && "\"'`(*[-“".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> quotedParts(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = QUOTED.matcher(text);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null && !m.group(g).isBlank()) {
          out.add(m.group(g).strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return Set.copyOf(out);
  }
}
