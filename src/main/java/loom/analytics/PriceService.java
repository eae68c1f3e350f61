package loom.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import loom.auth.Caller;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.FieldError;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices at run time, for admins: the prices in force for the models in use, the models that ran unpriced, the
 * run-time prices themselves (set and deleted without a redeploy) and repricing a model's logged calls. Run-time
 * prices live in the store, so every gateway sharing it prices with them: this one at once after a change, the
 * others within {@link #REFRESH_PERIOD} ({@link #refresh}). Every method is for admins only, as the REST API and
 * the dashboard call it. Thread-safe.
 */
public final class PriceService {
  /** How often a gateway looks whether another one changed the run-time prices. */
  public static final Duration REFRESH_PERIOD = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(PriceService.class);

  private final PriceOverrideStore overrides;
  private final Store store;
  private final PriceTable table;
  private final Repricer repricer;
  private final Runnable flushQueued;
  private final Set<String> providers;
  private final Clock clock;

  /** The revision of the run-time prices the table has; guarded by this. */
  private long loadedRevision = -1;

  /**
   * @param flushQueued writes the request logs still queued, so a repricing includes them
   * @param providers the configured providers' ids
   */
  PriceService(
      Store store,
      PriceTable table,
      Repricer repricer,
      Runnable flushQueued,
      Set<String> providers,
      Clock clock) {
    this.overrides = new PriceOverrideStore(store);
    this.store = store;
    this.table = table;
    this.repricer = repricer;
    this.flushQueued = flushQueued;
    this.providers = Set.copyOf(providers);
    this.clock = clock;
  }

  /** A model in use and the prices it pays at the time asked; {@code quote} empty when nothing prices it. */
  public record Effective(String providerId, String model, Optional<PriceTable.Quote> quote) {}

  /** A page of {@link Effective} prices and how many models there are in all. */
  public record EffectivePage(List<Effective> prices, long total) {}

  /** A model's calls that went to a provider with no price. */
  public record Unpriced(
      String providerId,
      String model,
      long calls,
      long inputTokens,
      long outputTokens,
      Instant firstSeen,
      Instant lastSeen) {}

  /** A page of {@link Unpriced} models, most calls first, and how many there are in all. */
  public record UnpricedPage(List<Unpriced> models, long total) {}

  /** A run-time price as stored, and whether it is new (rather than replacing one of the same start). */
  public record Saved(PriceOverride price, boolean created) {}

  // Reading
  // ------------------------------------------------------------------------------------------------

  /**
   * The prices in force at {@code at} of the models of the configured providers (or of {@code providerId}) that
   * answered at least once or have a run-time price, by provider and model.
   */
  public EffectivePage effective(
      Caller caller, String providerId, Instant at, int limit, int offset) {
    requireAdmin(caller);
    Set<String> ids = providerId == null ? providers : Set.of(requireProvider(providerId));
    return store.read(
        handle -> {
          PriceReportDao dao = handle.attach(PriceReportDao.class);
          List<Effective> page =
              dao.usedModels(ids, limit, offset).stream()
                  .map(
                      row ->
                          new Effective(
                              row.providerId(),
                              row.model(),
                              table.quote(row.providerId(), row.model(), at)))
                  .toList();
          return new EffectivePage(page, dao.countUsedModels(ids));
        });
  }

  /** The models that ran unpriced in [start, end), of one provider or all (null), most calls first. */
  public UnpricedPage unpriced(
      Caller caller, Instant start, Instant end, String providerId, int limit, int offset) {
    requireAdmin(caller);
    requireRange(start, end);
    return store.read(
        handle -> {
          PriceReportDao dao = handle.attach(PriceReportDao.class);
          List<Unpriced> page =
              dao
                  .unpriced(start.toEpochMilli(), end.toEpochMilli(), providerId, limit, offset)
                  .stream()
                  .map(
                      row ->
                          new Unpriced(
                              row.providerId(),
                              row.modelName(),
                              row.calls(),
                              row.inputTokens(),
                              row.outputTokens(),
                              Instant.ofEpochMilli(row.firstSeen()),
                              Instant.ofEpochMilli(row.lastSeen())))
                  .toList();
          return new UnpricedPage(
              page, dao.countUnpriced(start.toEpochMilli(), end.toEpochMilli(), providerId));
        });
  }

  /** A page of the run-time prices of one provider and/or model (null: any), by provider, model and start. */
  public List<PriceOverride> overrides(
      Caller caller, String providerId, String model, int limit, int offset) {
    requireAdmin(caller);
    return overrides.page(providerId, model, limit, offset);
  }

  public long countOverrides(Caller caller, String providerId, String model) {
    requireAdmin(caller);
    return overrides.count(providerId, model);
  }

  /** One run-time price; NotFoundException when there is none of this provider, model and start (null: none). */
  public PriceOverride requireOverride(
      Caller caller, String providerId, String model, Instant effectiveFrom) {
    requireAdmin(caller);
    requireName(providerId, model);
    return overrides
        .find(providerId, model, effectiveFrom)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "run-time price", describe(providerId, model, effectiveFrom)));
  }

  // Changing
  // -----------------------------------------------------------------------------------------------

  /** Sets a run-time price (replacing the one of the same provider, model and start); priced with from now on. */
  public Saved set(Caller caller, PriceChange change) {
    requireAdmin(caller);
    PriceOverride price = change.check(providers, caller, clock.instant());
    boolean created = overrides.save(price);
    log.info(
        "Run-time price {} by {}: {} input {} output {} cache read {} cache write {} (USD per 1M tokens)",
        created ? "set" : "changed",
        caller.userName(),
        describe(price.providerId(), price.model(), price.effectiveFrom()),
        price.input().toPlainString(),
        price.output().toPlainString(),
        price.cacheRead() == null ? "as input" : price.cacheRead().toPlainString(),
        price.cacheWrite() == null ? "as input" : price.cacheWrite().toPlainString());
    reload();
    return new Saved(price, created);
  }

  /** Deletes a run-time price; NotFoundException when there is none. Calls are priced without it from now on. */
  public void delete(Caller caller, String providerId, String model, Instant effectiveFrom) {
    requireAdmin(caller);
    requireName(providerId, model);
    if (!overrides.delete(providerId, model, effectiveFrom)) {
      throw new NotFoundException("run-time price", describe(providerId, model, effectiveFrom));
    }
    log.info(
        "Run-time price deleted by {}: {}",
        caller.userName(),
        describe(providerId, model, effectiveFrom));
    reload();
  }

  /**
   * Recomputes the cost of the logged calls of {@code model} on {@code providerId} in [start, end) with the
   * prices in force now (each at its own time); queued logs are written first so they are included.
   */
  public AnalyticsModule.RepriceResult reprice(
      Caller caller, String providerId, String model, Instant start, Instant end) {
    requireAdmin(caller);
    List<FieldError> errors = new ArrayList<>();
    checkName(providerId, model, errors);
    checkRange(start, end, errors);
    throwIfAny(errors);
    flushQueued.run();
    Repricer.Result result = repricer.reprice(start, end, providerId, model);
    log.info(
        "Repriced {} request logs of {} on {} between {} and {} with price table version {}: cost moved by {}"
            + " USD",
        result.updated(),
        model,
        providerId,
        start,
        end,
        result.priceVersion(),
        Money.plain(result.costDeltaNanos()));
    return AnalyticsModule.RepriceResult.of(result);
  }

  /** What {@link #setAndReprice} did. */
  public record SetAndRepriced(Saved saved, AnalyticsModule.RepriceResult repriced) {}

  /** {@link #set} then {@link #reprice} of that model's calls in [start, end): the dashboard's one action. */
  public SetAndRepriced setAndReprice(
      Caller caller, PriceChange change, Instant start, Instant end) {
    requireAdmin(caller);
    requireRange(start, end);
    Saved saved = set(caller, change);
    return new SetAndRepriced(
        saved, reprice(caller, change.providerId(), change.model(), start, end));
  }

  // Refreshing
  // ---------------------------------------------------------------------------------------------

  /** Loads the run-time prices into the price table when they changed since the last look; run on a schedule. */
  public synchronized void refresh() {
    if (overrides.revision() != loadedRevision) {
      reload();
    }
  }

  /** Loads the run-time prices into the price table. */
  synchronized void reload() {
    PriceOverrideStore.Loaded loaded = overrides.load();
    table.useOverrides(PriceOverrides.of(loaded.prices()));
    if (loadedRevision >= 0 || !loaded.prices().isEmpty()) {
      log.info(
          "Run-time prices at revision {}: {} prices; {}",
          loaded.revision(),
          loaded.prices().size(),
          table);
    }
    loadedRevision = loaded.revision();
  }

  // Helpers
  // ------------------------------------------------------------------------------------------------

  private static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may read or change prices.");
    }
  }

  private String requireProvider(String providerId) {
    List<FieldError> errors = new ArrayList<>();
    PriceChange.checkProvider(providerId, providers, errors);
    throwIfAny(errors);
    return providerId;
  }

  private static void requireName(String providerId, String model) {
    List<FieldError> errors = new ArrayList<>();
    checkName(providerId, model, errors);
    throwIfAny(errors);
  }

  private static void requireRange(Instant start, Instant end) {
    List<FieldError> errors = new ArrayList<>();
    checkRange(start, end, errors);
    throwIfAny(errors);
  }

  private static void checkName(String providerId, String model, List<FieldError> errors) {
    if (providerId == null || providerId.isBlank()) {
      errors.add(new FieldError("provider_id", "is required"));
    }
    if (model == null || model.isBlank()) {
      errors.add(new FieldError("model", "is required"));
    }
  }

  private static void checkRange(Instant start, Instant end, List<FieldError> errors) {
    if (start == null) {
      errors.add(new FieldError("start_time", "is required (RFC 3339, e.g. 2026-01-21T00:00:00Z)"));
    }
    if (end == null) {
      errors.add(new FieldError("end_time", "is required (RFC 3339, e.g. 2026-01-22T00:00:00Z)"));
    }
    if (start != null && end != null && !start.isBefore(end)) {
      errors.add(
          new FieldError("start_time", "must be before end_time (" + end + "); got " + start));
    }
  }

  private static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  private static String describe(String providerId, String model, Instant effectiveFrom) {
    return providerId
        + "/"
        + model
        + (effectiveFrom == null ? " (every call)" : " from " + effectiveFrom);
  }
}
