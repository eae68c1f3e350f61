package loom.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import loom.analytics.AnalyticsModule;
import loom.analytics.AnalyticsQueries;
import loom.analytics.PriceChange;
import loom.analytics.PriceService;
import loom.auth.Caller;
import loom.support.InvalidInputException;

/**
 * {@code /prices}, for admins (the service enforces it): the prices in force for the models in use, the models that
 * ran unpriced, run-time prices (set, read, deleted without a redeploy) and repricing one model's logged calls.
 *
 * <p>One run-time price is addressed by query parameters, {@code /prices/override?provider_id=…&model=…
 * [&effective_from=…]}, not by path segments: model names contain {@code /} ({@code meta-llama/Llama-3-8b},
 * {@code ft:gpt-4o:acme/v2}), which containers refuse percent-encoded in a path ({@code %2F}, 400 on Tomcat by
 * default) and which would make a {@code {provider}/{model}} path ambiguous, while a query parameter carries any
 * name, percent-encoded as usual. The start is part of the address because a model's prices have a history.
 */
@Path("/prices")
@Produces(MediaType.APPLICATION_JSON)
public final class PricesResource {
  private static final String[] ADDRESS = {"provider_id", "model", "effective_from"};

  private final PriceService prices;
  private final Clock clock;

  @Inject
  public PricesResource(PriceService prices, Clock clock) {
    this.prices = prices;
    this.clock = clock;
  }

  /** The prices in force ({@code at}, default now) of the configured providers' models in use or with a run-time price. */
  @GET
  public Dtos.EffectivePriceList effective(
      @Context HttpServletRequest request, @Context UriInfo uri) {
    AnalyticsParams params =
        AnalyticsParams.only(uri.getQueryParameters(), "provider_id", "at", "limit", "offset");
    Instant at = params.time("at");
    Page page = page(params);
    params.check();
    Instant when = at == null ? clock.instant() : at;
    PriceService.EffectivePage found =
        prices.effective(
            Caller.of(request), params.text("provider_id"), when, page.limit(), page.offset());
    return new Dtos.EffectivePriceList(
        found.prices().stream().map(Dtos.EffectivePriceView::from).toList(),
        found.total(),
        page.limit(),
        page.offset(),
        when);
  }

  @GET
  @Path("overrides")
  public Dtos.PriceOverrideList overrides(
      @Context HttpServletRequest request, @Context UriInfo uri) {
    AnalyticsParams params =
        AnalyticsParams.only(uri.getQueryParameters(), "provider_id", "model", "limit", "offset");
    Page page = page(params);
    params.check();
    Caller caller = Caller.of(request);
    String providerId = params.text("provider_id");
    String model = params.text("model");
    return new Dtos.PriceOverrideList(
        prices.overrides(caller, providerId, model, page.limit(), page.offset()).stream()
            .map(Dtos.PriceOverrideView::from)
            .toList(),
        prices.countOverrides(caller, providerId, model),
        page.limit(),
        page.offset());
  }

  @GET
  @Path("override")
  public Dtos.PriceOverrideView override(
      @Context HttpServletRequest request, @Context UriInfo uri) {
    AnalyticsParams params = AnalyticsParams.only(uri.getQueryParameters(), ADDRESS);
    Instant from = params.time("effective_from");
    params.check();
    return Dtos.PriceOverrideView.from(
        prices.requireOverride(
            Caller.of(request), params.text("provider_id"), params.text("model"), from));
  }

  /** Sets the run-time price of the address: 201 when there was none, 200 when it replaced one. */
  @PUT
  @Path("override")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response setOverride(
      @Context HttpServletRequest request, @Context UriInfo uri, Dtos.PriceOverrideRequest body) {
    AnalyticsParams params = AnalyticsParams.only(uri.getQueryParameters(), ADDRESS);
    Instant from = params.time("effective_from");
    params.check();
    Dtos.PriceOverrideRequest asked = Dtos.required(body);
    PriceService.Saved saved =
        prices.set(
            Caller.of(request),
            new PriceChange(
                params.text("provider_id"),
                params.text("model"),
                from,
                asked.input(),
                asked.output(),
                asked.cacheRead(),
                asked.cacheWrite()));
    Dtos.PriceOverrideView view = Dtos.PriceOverrideView.from(saved.price());
    return saved.created()
        ? Response.created(uri.getRequestUri()).entity(view).build()
        : Response.ok(view).build();
  }

  @DELETE
  @Path("override")
  public Response deleteOverride(@Context HttpServletRequest request, @Context UriInfo uri) {
    AnalyticsParams params = AnalyticsParams.only(uri.getQueryParameters(), ADDRESS);
    Instant from = params.time("effective_from");
    params.check();
    prices.delete(Caller.of(request), params.text("provider_id"), params.text("model"), from);
    return Response.noContent().build();
  }

  /** The models that ran unpriced in [start_time, end_time) (default: the last 24 hours), most calls first. */
  @GET
  @Path("unpriced")
  public Dtos.UnpricedList unpriced(@Context HttpServletRequest request, @Context UriInfo uri) {
    AnalyticsParams params =
        AnalyticsParams.only(
            uri.getQueryParameters(), "start_time", "end_time", "provider_id", "limit", "offset");
    Instant start = params.time("start_time");
    Instant end = params.time("end_time");
    Page page = page(params);
    params.check();
    Instant until = end == null ? clock.instant() : end;
    Instant from = start == null ? until.minus(AnalyticsQueries.DEFAULT_RANGE) : start;
    PriceService.UnpricedPage found =
        prices.unpriced(
            Caller.of(request),
            from,
            until,
            params.text("provider_id"),
            page.limit(),
            page.offset());
    return new Dtos.UnpricedList(
        found.models().stream().map(Dtos.UnpricedView::from).toList(),
        found.total(),
        page.limit(),
        page.offset(),
        new Dtos.TimeRange(from, until));
  }

  /** Reprices the logged calls of one provider's model in [start_time, end_time) with the prices in force now. */
  @POST
  @Path("reprice")
  @Consumes(MediaType.APPLICATION_JSON)
  public Dtos.RepriceView reprice(
      @Context HttpServletRequest request, Dtos.ModelRepriceRequest body) {
    Dtos.ModelRepriceRequest asked = Dtos.required(body);
    AnalyticsModule.RepriceResult result =
        prices.reprice(
            Caller.of(request),
            asked.providerId(),
            asked.model(),
            asked.startTime(),
            asked.endTime());
    return new Dtos.RepriceView(result.updated(), result.costDeltaUsd(), result.priceVersion());
  }

  /** The page of a list request; its errors join the parameters' so one 400 names them all. */
  private static Page page(AnalyticsParams params) {
    try {
      return Page.of(params.text("limit"), params.text("offset"));
    } catch (InvalidInputException e) {
      e.errors().forEach(error -> params.reject(error.param(), error.message()));
      return null;
    }
  }
}
