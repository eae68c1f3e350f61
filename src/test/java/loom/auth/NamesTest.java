package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import loom.testing.UnicodeSpaces;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void everyUnicodeSpaceAroundANameIsRemoved() {
    List<String> spaces = UnicodeSpaces.all();
    // U+2000..U+200A, U+3000, U+205F, U+00A0 and the ASCII ones among them, and no surprise set.
    assertThat(spaces)
        .contains(" ", "\t", "\n", "\u00a0", "\u2003", "\u200a", "\u205f", "\u3000", "\u2028")
        .hasSizeGreaterThan(20);
    for (String space : spaces) {
      assertThat(Names.canonical("admin" + space))
          .as("admin + %s", UnicodeSpaces.name(space))
          .isEqualTo("admin");
      assertThat(Names.canonical(space + "admin" + space + space))
          .as("%s around admin", UnicodeSpaces.name(space))
          .isEqualTo("admin");
    }
  }

  @Test
  void invisibleFormatCharactersAroundANameAreRemovedButInsideItKept() {
    assertThat(Names.canonical("\u200badmin\ufeff")).isEqualTo("admin");
    assertThat(Names.canonical("ad\u2003min")).isEqualTo("ad\u2003min");
    assertThat(Names.canonical(null)).isEmpty();
    assertThat(Names.canonical("\u3000 \u2003")).isEmpty();
  }

  @Test
  void theThrottleKeyIsTheSameForEverySpellingOfOneCanonicalName() {
    String key = Names.throttleKey("admin");
    for (String space : UnicodeSpaces.all()) {
      assertThat(Names.throttleKey(space + "admin" + space)).isEqualTo(key);
    }
    assertThat(
            List.of("ADMIN", "Admin", "aDmIn", "\uff41\uff44\uff4d\uff49\uff4e" /* full width */))
        .allSatisfy(
            spelling -> assertThat(Names.throttleKey(spelling)).as(spelling).isEqualTo(key));
    assertThat(Names.throttleKey("admin2")).isNotEqualTo(key);
  }
}
