package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Instant;
import loom.analytics.AnalyticsModule;
import loom.analytics.PriceChange;
import loom.analytics.PriceOverride;
import loom.analytics.PriceService;
import loom.support.InvalidInputException;
import org.junit.jupiter.api.Test;

class PricesPageTest {
  private static final Instant AT = Instant.parse("2026-08-21T12:00:00Z");

  private static UnpricedRow row(String input, String output, String cacheRead, String cacheWrite) {
    UnpricedRow row =
        UnpricedRow.of(
            new PriceService.Unpriced(
                "local", "llama3.2", 1_234, 50_000, 7_000, AT.minusSeconds(3_600), AT));
    row.setInput(input);
    row.setOutput(output);
    row.setCacheRead(cacheRead);
    row.setCacheWrite(cacheWrite);
    return row;
  }

  @Test
  void thePricesTypedInARowBecomeAPriceOfEveryCallOfThatModel() {
    PriceChange change = PricesPage.change(row(" $2.50 ", "1,000", "", null));

    assertThat(change)
        .isEqualTo(
            new PriceChange(
                "local",
                "llama3.2",
                null,
                new BigDecimal("2.50"),
                new BigDecimal("1000"),
                null,
                null));
    assertThat(PricesPage.change(row("0", "0.6", "0.075", "3.75")).cacheWrite())
        .isEqualByComparingTo("3.75");
  }

  @Test
  void aPriceThatIsNotANumberIsRefusedUnderItsOwnInputOfItsOwnRow() {
    InvalidInputException refused =
        catchThrowableOfType(
            InvalidInputException.class, () -> PricesPage.change(row("cheap", "2", "1e", "")));

    assertThat(refused.errors())
        .extracting(error -> error.param())
        .containsExactly("input", "cache_read");
    assertThat(FormMessages.route(refused, PricesPage.fieldsOf(3)))
        .containsExactly(
            new FormMessages.Routed(
                "unpricedForm:unpriced:3:input",
                "Must be a number: USD per 1M tokens, e.g. 2.5; got 'cheap'"),
            new FormMessages.Routed(
                "unpricedForm:unpriced:3:cacheRead",
                "Must be a number: USD per 1M tokens, e.g. 2.5; got '1e'"));
    // The service's own rules land under the same inputs.
    assertThat(
            FormMessages.route(
                InvalidInputException.of("output", "is required"), PricesPage.fieldsOf(0)))
        .containsExactly(new FormMessages.Routed("unpricedForm:unpriced:0:output", "Is required"));
    assertThat(PricesPage.fieldsOf(-1)).isEmpty();
  }

  @Test
  void theOutcomeSaysWhatWasPricedAndHowMuchTheCostOfItsCallsMoved() {
    PriceOverride price =
        new PriceOverride(
            "local",
            "llama3.2",
            null,
            new BigDecimal("0.10"),
            new BigDecimal("0.4"),
            null,
            null,
            "usr_admin",
            "admin",
            AT);
    PriceService.Saved saved = new PriceService.Saved(price, true);

    assertThat(
            PricesPage.describe(
                new PriceService.SetAndRepriced(
                    saved, new AnalyticsModule.RepriceResult(3, new BigDecimal("0.0123"), "abc"))))
        .isEqualTo(
            "Priced local/llama3.2 at $0.1 input, $0.4 output per 1M tokens and repriced 3 calls: cost +$0.0123.");
    assertThat(
            PricesPage.describe(
                new PriceService.SetAndRepriced(
                    saved, new AnalyticsModule.RepriceResult(1, new BigDecimal("-2.5"), "abc"))))
        .endsWith("repriced 1 call: cost -$2.50.");
  }

  @Test
  void anUnpricedRowShowsItsCountsAndWhenItRan() {
    UnpricedRow row = row(null, null, null, null);

    assertThat(row.getCalls()).isEqualTo("1,234");
    assertThat(row.getInputTokens()).isEqualTo("50,000");
    assertThat(row.getOutputTokens()).isEqualTo("7,000");
    assertThat(row.getSeen()).isEqualTo("Aug 21, 2026 11:00 UTC – Aug 21, 2026 12:00 UTC");
    assertThat(UnpricedRow.of(new PriceService.Unpriced("local", "m", 1, 1, 1, AT, AT)).getSeen())
        .isEqualTo("Aug 21, 2026 12:00 UTC");
  }

  @Test
  void aRunTimePriceRowSaysFromWhenWhoSetItAndWhichPricesAreTheInputs() {
    PriceOverride always =
        new PriceOverride(
            "openai",
            "ft:gpt-4o:acme/v2",
            null,
            new BigDecimal("2.50"),
            new BigDecimal("10"),
            new BigDecimal("0.075"),
            null,
            "usr_ada",
            "ada",
            AT);
    PriceOverride later =
        new PriceOverride(
            "openai",
            "ft:gpt-4o:acme/v2",
            Instant.parse("2026-09-01T00:00:00Z"),
            BigDecimal.ONE,
            BigDecimal.ONE,
            null,
            null,
            "usr_ada",
            "ada",
            AT);

    assertThat(OverrideRow.of(always))
        .isEqualTo(
            new OverrideRow(
                "openai",
                "ft:gpt-4o:acme/v2",
                null,
                "every call",
                "$2.5",
                "$10",
                "$0.075",
                "as input",
                "ada, Aug 21, 2026 12:00 UTC"));
    assertThat(OverrideRow.of(later).from()).isEqualTo("Sep 1, 2026 00:00 UTC");
    assertThat(OverrideRow.of(later).key()).isNotEqualTo(OverrideRow.of(always).key());
  }
}
