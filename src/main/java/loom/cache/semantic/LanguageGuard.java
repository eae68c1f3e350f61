package loom.cache.semantic;

import java.util.HashSet;
import java.util.Set;

/**
 * Vetoes when the texts are written in different languages (the cached answer would be in the wrong one), or
 * ask for different target languages: "translate 'thank you' into French" against "… into German". The
 * written language comes from {@link Languages}; the target is the language named after "to", "into" or "in"
 * (where "from X" names the source); without a target on both sides, texts that both name languages must share one.
 */
final class LanguageGuard implements Guard {
  private static final Set<String> NAMES = Set.of("english", "german", "french", "spanish", "italian",
      "portuguese", "dutch", "russian", "ukrainian", "polish", "czech", "swedish", "norwegian", "danish", "finnish",
      "greek", "turkish", "arabic", "hebrew", "persian", "hindi", "bengali", "urdu", "chinese", "mandarin",
      "cantonese", "japanese", "korean", "vietnamese", "thai", "indonesian", "malay", "latin", "hungarian",
      "romanian", "catalan", "swahili");
  private static final Set<String> TARGET_MARKERS = Set.of("to", "into", "in");

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
    return !named.isEmpty() && !others.isEmpty() && named.stream().noneMatch(others::contains);
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
