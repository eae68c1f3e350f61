package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import loom.analytics.PromptCacheSummary;
import loom.analytics.UsageStats;
import org.junit.jupiter.api.Test;

class OverviewCardsTest {
  private static UsageStats stats(
      long requests,
      long tokens,
      String cost,
      double avgMs,
      long p95Ms,
      double errorRate,
      double hitRate,
      String saved) {
    return new UsageStats(
        requests,
        tokens,
        new BigDecimal(cost),
        avgMs,
        p95Ms / 2,
        p95Ms,
        errorRate,
        hitRate,
        new BigDecimal(saved),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        PromptCacheSummary.NONE,
        new UsageStats.TimeRange(Instant.EPOCH, Instant.EPOCH.plusSeconds(60)));
  }

  private static Card card(List<Card> cards, String id) {
    return cards.stream().filter(card -> card.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void everyFigureIsThereWithItsValueAndItsChange() {
    List<Card> cards =
        OverviewCards.of(
            stats(1200, 45_000, "12.5", 250.4, 1800, 0.02, 0.25, "1.25"),
            stats(1000, 50_000, "10", 200, 1500, 0.01, 0.30, "2.5"));

    assertThat(cards)
        .extracting(Card::id)
        .containsExactly(
            "requests",
            "tokens",
            "cost",
            "avg-latency",
            "p95-latency",
            "error-rate",
            "cache-hit-rate",
            "cost-saved");
    assertThat(card(cards, "requests"))
        .isEqualTo(new Card("requests", "Requests", "1,200", "+20.0 %", "neutral"));
    assertThat(card(cards, "tokens").change()).isEqualTo("\u221210.0 %");
    assertThat(card(cards, "cost")).isEqualTo(new Card("cost", "Cost", "$12.50", "+25.0 %", "bad"));
    assertThat(card(cards, "avg-latency"))
        .extracting(Card::value, Card::tone)
        .containsExactly("250 ms", "bad");
    assertThat(card(cards, "p95-latency").value()).isEqualTo("1.80 s");
    assertThat(card(cards, "error-rate"))
        .extracting(Card::value, Card::change, Card::tone)
        .containsExactly("2.0 %", "+1.0 pp", "bad");
    assertThat(card(cards, "cache-hit-rate"))
        .extracting(Card::value, Card::change, Card::tone)
        .containsExactly("25.0 %", "\u22125.0 pp", "bad");
    assertThat(card(cards, "cost-saved"))
        .extracting(Card::value, Card::change, Card::tone)
        .containsExactly("$1.25", "\u221250.0 %", "bad");
  }

  @Test
  void lessCostAndFasterAnswersAreGoodNews() {
    List<Card> cards =
        OverviewCards.of(
            stats(10, 10, "1", 100, 100, 0, 0.5, "3"),
            stats(10, 10, "2", 200, 200, 0.1, 0.25, "1"));

    assertThat(card(cards, "cost").tone()).isEqualTo("good");
    assertThat(card(cards, "avg-latency").tone()).isEqualTo("good");
    assertThat(card(cards, "error-rate").tone()).isEqualTo("good");
    assertThat(card(cards, "cache-hit-rate").tone()).isEqualTo("good");
    assertThat(card(cards, "cost-saved").tone()).isEqualTo("good");
    assertThat(card(cards, "requests"))
        .extracting(Card::change, Card::tone)
        .containsExactly("no change", "neutral");
  }

  @Test
  void nothingBeforeIsNewAndNothingAtAllIsNoChange() {
    List<Card> cards =
        OverviewCards.of(
            stats(5, 50, "0.01", 10, 10, 0, 0, "0"), stats(0, 0, "0", 0, 0, 0, 0, "0"));

    assertThat(card(cards, "requests").change()).isEqualTo("new");
    assertThat(card(cards, "cost").change()).isEqualTo("new");
    assertThat(card(cards, "cost-saved").change()).isEqualTo("no change");
    assertThat(card(cards, "error-rate").change()).isEqualTo("no change");
  }
}
