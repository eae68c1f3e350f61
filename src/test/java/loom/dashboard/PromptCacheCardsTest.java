package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import loom.analytics.PromptCacheSummary;
import org.junit.jupiter.api.Test;

class PromptCacheCardsTest {
  @Test
  void theCardShowsWhatTheCacheSavedTheShareReadAndTheWritesNeverReadBack() {
    PromptCacheSummary summary =
        new PromptCacheSummary(new BigDecimal("3.2"), 0.4125, 41_250, 60_000, 18_750);

    assertThat(PromptCacheCards.of(summary))
        .containsExactly(
            new Card(
                "prompt-cache-saved",
                "Saved by prompt caching",
                "$3.20",
                "cache reads against the input price",
                "good"),
            new Card(
                "prompt-cache-read-share",
                "Input read from cache",
                "41.3 %",
                "41,250 tokens read",
                "neutral"),
            new Card(
                "prompt-cache-unread",
                "Cache writes never read",
                "≥ 18,750 tokens",
                "of 60,000 written",
                "bad"));
  }

  @Test
  void withoutPromptCachingEveryFigureIsZeroAndNothingIsBadNews() {
    assertThat(PromptCacheCards.of(PromptCacheSummary.NONE))
        .extracting(Card::tone)
        .containsOnly("neutral");
    assertThat(PromptCacheCards.of(PromptCacheSummary.NONE).get(2).value()).isEqualTo("≥ 0 tokens");
  }
}
