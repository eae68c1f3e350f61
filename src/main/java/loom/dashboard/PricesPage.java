package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loom.analytics.AnalyticsModule;
import loom.analytics.Money;
import loom.analytics.PriceChange;
import loom.analytics.PriceService;
import loom.support.FieldError;
import loom.support.GatewayException;
import loom.support.InvalidInputException;
import loom.support.Usd;

/**
 * {@code dashboard/admin/prices.xhtml} (admins only; DashboardFilter answers 403 to anyone else): the models that ran
 * unpriced in the chosen time range, each with a small form that sets its run-time price and reprices those calls in
 * one go, and the run-time prices with delete. Every action is one call of {@link PriceService} with the logged-in
 * admin as the caller, the calls {@code /api/v1/prices} makes, so its rules and field errors apply.
 */
@Named
@ViewScoped
public class PricesPage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The most unpriced models the page lists (those with the most calls): each row is a form. */
  static final int UNPRICED_ROWS = 100;

  static final String UNPRICED_TABLE = "unpricedForm:unpriced";

  @Inject Services services;
  @Inject CurrentUser currentUser;
  @Inject TimeRange timeRange;

  private Window window;
  private List<UnpricedRow> unpriced = List.of();
  private long unpricedTotal;
  private PagedRows<OverrideRow> overrides;

  @PostConstruct
  void load() {
    window = timeRange.window(Clock.systemUTC());
    loadUnpriced();
    overrides =
        new PagedRows<>(
            this::overridePage,
            () -> services.prices().countOverrides(currentUser.caller(), null, null),
            OverrideRow::key);
  }

  private void loadUnpriced() {
    PriceService.UnpricedPage page =
        services
            .prices()
            .unpriced(currentUser.caller(), window.start(), window.end(), null, UNPRICED_ROWS, 0);
    unpriced = page.models().stream().map(UnpricedRow::of).toList();
    unpricedTotal = page.total();
  }

  private List<OverrideRow> overridePage(int limit, int offset) {
    return services.prices().overrides(currentUser.caller(), null, null, limit, offset).stream()
        .map(OverrideRow::of)
        .toList();
  }

  // Actions
  // ------------------------------------------------------------------------------------------------

  /** Sets the price typed in a row for every call, then reprices that model's calls of the range. */
  public void price(UnpricedRow row) {
    int index = unpriced.indexOf(row);
    try {
      PriceChange change = change(row);
      // Through now for a range that ends now: calls made since the page loaded are repriced too.
      Instant end = later(window.end(), timeRange.window(Clock.systemUTC()).end());
      PriceService.SetAndRepriced done =
          services.prices().setAndReprice(currentUser.caller(), change, window.start(), end);
      FormMessages.info(describe(done));
      loadUnpriced();
    } catch (GatewayException e) {
      FormMessages.show(e, fieldsOf(index));
    }
  }

  public void deleteOverride(OverrideRow row) {
    try {
      services
          .prices()
          .delete(currentUser.caller(), row.providerId(), row.model(), row.effectiveFrom());
      FormMessages.info(
          "Deleted the run-time price of "
              + row.providerId()
              + "/"
              + row.model()
              + " ("
              + row.from()
              + "). Calls from now on are priced without it; past calls keep their cost until repriced.");
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  // Helpers (pure, for tests)
  // ------------------------------------------------------------------------------

  /** The price typed in a row, for every call; InvalidInputException naming each price that is not a number. */
  static PriceChange change(UnpricedRow row) {
    List<FieldError> errors = new ArrayList<>();
    BigDecimal input = number("input", row.getInput(), errors);
    BigDecimal output = number("output", row.getOutput(), errors);
    BigDecimal cacheRead = number("cache_read", row.getCacheRead(), errors);
    BigDecimal cacheWrite = number("cache_write", row.getCacheWrite(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new PriceChange(
        row.getProviderId(), row.getModel(), null, input, output, cacheRead, cacheWrite);
  }

  /** A price as typed ("2.5", "$2.50", "1,000"); null when empty. */
  static BigDecimal number(String field, String text, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String plain = text.strip().replace(",", "");
    plain = plain.startsWith("$") ? plain.substring(1).strip() : plain;
    try {
      return new BigDecimal(plain);
    } catch (NumberFormatException e) {
      errors.add(
          new FieldError(
              field, "must be a number: USD per 1M tokens, e.g. 2.5; got '" + text.strip() + "'"));
      return null;
    }
  }

  /** The client ids of a row's price inputs, by the API's field names, so a refusal shows under its input. */
  static Map<String, String> fieldsOf(int index) {
    if (index < 0) {
      return Map.of();
    }
    String row = UNPRICED_TABLE + ":" + index + ":";
    return Map.of(
        "input",
        row + "input",
        "output",
        row + "output",
        "cache_read",
        row + "cacheRead",
        "cache_write",
        row + "cacheWrite");
  }

  /** "Priced openai/mystery at $2 input, $8 output per 1M tokens and repriced 3 calls: cost +$0.0123." */
  static String describe(PriceService.SetAndRepriced done) {
    var price = done.saved().price();
    AnalyticsModule.RepriceResult repriced = done.repriced();
    BigDecimal delta = repriced.costDeltaUsd();
    return "Priced "
        + price.providerId()
        + "/"
        + price.model()
        + " at $"
        + Money.plain(price.input()).toPlainString()
        + " input, $"
        + Money.plain(price.output()).toPlainString()
        + " output per 1M tokens and repriced "
        + Formats.count(repriced.updated())
        + (repriced.updated() == 1 ? " call" : " calls")
        + ": cost "
        + (delta.signum() < 0 ? Usd.format(delta) : "+" + Usd.format(delta))
        + ".";
  }

  private static Instant later(Instant one, Instant other) {
    return one.isAfter(other) ? one : other;
  }

  // View state
  // ---------------------------------------------------------------------------------------------

  public List<UnpricedRow> getUnpriced() {
    return unpriced;
  }

  /** Whether there are more unpriced models than the page lists. */
  public boolean isUnpricedCut() {
    return unpricedTotal > unpriced.size();
  }

  public String getUnpricedTotal() {
    return Formats.count(unpricedTotal);
  }

  public PagedRows<OverrideRow> getOverrides() {
    return overrides;
  }
}
