package loom.cache.semantic;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Vetoes when the texts are written in different languages (the cached answer would be in the wrong one), or
 * ask for different target languages: "translate 'thank you' into French" against "… into German". The
 * written language comes from {@link Languages}; the target is the language named after "to", "into" or "in"
 * (where "from X" names the source); without a target on both sides, texts that both name languages must share one,
 * and a target on one side only ("… in French") vetoes unless the other text is written in that language: the
 * request is for another output.
 */
final class LanguageGuard implements Guard {
  private static final Set<String> NAMES =
      Set.of(
          "english",
          "german",
          "french",
          "spanish",
          "italian",
          "portuguese",
          "dutch",
          "russian",
          "ukrainian",
          "polish",
          "czech",
          "swedish",
          "norwegian",
          "danish",
          "finnish",
          "greek",
          "turkish",
          "arabic",
          "hebrew",
          "persian",
          "hindi",
          "bengali",
          "urdu",
          "chinese",
          "mandarin",
          "cantonese",
          "japanese",
          "korean",
          "vietnamese",
          "thai",
          "indonesian",
          "malay",
          "latin",
          "hungarian",
          "romanian",
          "catalan",
          "swahili");
  private static final Set<String> TARGET_MARKERS = Set.of("to", "into", "in");

  /** The names of the languages {@link Languages} can tell apart by their words. */
  private static final Map<String, String> WRITTEN =
      Map.of(
          "en",
          "english",
          "de",
          "german",
          "fr",
          "french",
          "es",
          "spanish",
          "it",
          "italian",
          "pt",
          "portuguese",
          "nl",
          "dutch");

  @Override
  public String name() {
    return "language";
  }

  @Override
  public boolean differs(Text a, Text b) {
    String left = Languages.detect(a);
    String right = Languages.detect(b);
    if (left != null && right != null && !left.equals(right)) {
      return true;
    }
    String target = target(a);
    String otherTarget = target(b);
    if (target != null && otherTarget != null) {
      return !target.equals(otherTarget);
    }
    Set<String> named = named(a);
    Set<String> others = named(b);
    if (!named.isEmpty() && !others.isEmpty()) {
      return named.stream().noneMatch(others::contains);
    }
    return asksFor(target, b, right) || asksFor(otherTarget, a, left);
  }

  /**
   * Whether a text asks for its answer in {@code target} while the other names no language and is not written in
   * it: "write a haiku about autumn in French" against "write a haiku about autumn". English is the default answer
   * of an English text, or of one too short to tell.
   */
  private static boolean asksFor(String target, Text other, String written) {
    if (target == null || target.equals("english") && (written == null || written.equals("en"))) {
      return false;
    }
    return written == null || !target.equals(WRITTEN.get(written));
  }

  static boolean isLanguageName(String word) {
    return NAMES.contains(word);
  }

  private static Set<String> named(Text text) {
    Set<String> out = new HashSet<>(text.words());
    out.retainAll(NAMES);
    return out;
  }

  private static String target(Text text) {
    for (int i = 1; i < text.words().size(); i++) {
      if (NAMES.contains(text.word(i)) && TARGET_MARKERS.contains(text.word(i - 1))) {
        return text.word(i);
      }
    }
    return null;
  }
}
