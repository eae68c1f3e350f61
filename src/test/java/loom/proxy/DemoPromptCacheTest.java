package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPromptCacheTest {
  private static final List<String> PREFIXES = List.of("empty", "a", "ab", "abc", "abcd");

  @Test
  void longestSeenPrefixIsFoundLookingBackFromTheEnd() {
    DemoPromptCache cache = new DemoPromptCache(10);
    cache.remember("a");
    cache.remember("abc");

    assertThat(cache.longestSeen(PREFIXES, 4)).isEqualTo(3);
    assertThat(cache.longestSeen(PREFIXES, 2)).isEqualTo(1);
  }

  @Test
  void nothingSeenGivesZeroAndTheEmptyPrefixNeverCounts() {
    DemoPromptCache cache = new DemoPromptCache(10);
    cache.remember("empty");

    assertThat(cache.longestSeen(PREFIXES, 4)).isZero();
  }

  @Test
  void leastRecentlyUsedPrefixIsDroppedBeyondTheBound() {
    DemoPromptCache cache = new DemoPromptCache(2);
    cache.remember("a");
    cache.remember("ab");
    assertThat(cache.longestSeen(PREFIXES, 1)).isEqualTo(1); // "a" is now the most recently used

    cache.remember("abc");

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.longestSeen(PREFIXES, 1)).isEqualTo(1);
    assertThat(cache.longestSeen(PREFIXES, 2)).isEqualTo(1); // "ab" was dropped
    assertThat(cache.longestSeen(PREFIXES, 3)).isEqualTo(3);
  }

  @Test
  void boundBelowOneIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new DemoPromptCache(0));
  }
}
