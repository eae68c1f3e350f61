package loom.cache.warming;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import loom.analytics.UsageEstimate;
import loom.auth.Caller;
import loom.cache.CacheEntry;
import loom.cache.CacheKey;
import loom.cache.CacheKeys;
import loom.cache.CacheModule;
import loom.cache.CostOfUsage;
import loom.cache.warming.WarmingProgress.State;
import loom.proxy.Attribution;
import loom.proxy.CapturedResponse;
import loom.proxy.DirectAnswer;
import loom.proxy.DirectRequest;
import loom.proxy.Endpoint;
import loom.proxy.ProxyModule;
import loom.proxy.Usage;
import loom.support.AccessDeniedException;
import loom.support.ConflictException;
import loom.support.GatewayException;
import loom.support.InvalidInputException;
import loom.support.NamedThreads;
import loom.support.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the response cache: stores, under exactly the key a live request would get, the answers of requests from a
 * file or from the request logs, so that the first live request is already a hit. A run is planned at once (each
 * request checked, routed and keyed, what is cached already counted, the fetches' cost estimated), which is all a dry
 * run does; a real run then works through the plan on its own thread, one request at a time: a given answer is stored
 * as it is, any other is fetched once through the proxy's own pieces as a call of the admin who started the run,
 * logged, priced and tagged {@value #TAG}. At most one real run at a time per gateway; a run can be cancelled; a bad
 * request is an error in the progress, never a failed run. Thread-safe.
 */
public final class CacheWarmer implements AutoCloseable {
  /** The tag of every request a run fetches; {@code loom-warming-run:<id>} names the run. */
  public static final String TAG = "loom-warming";

  /** The largest warming file, in characters of its text. */
  public static final int MAX_FILE_CHARS = 16 * 1024 * 1024;

  /** The most logged requests one replay reads. */
  public static final int MAX_REPLAY = 10_000;

  /** Finished runs kept for {@code GET /cache/warm}, newest first. */
  static final int KEPT_RUNS = 20;

  private static final Logger log = LoggerFactory.getLogger(CacheWarmer.class);

  /** Where a request goes, as the proxy would route it. */
  @FunctionalInterface
  public interface Routes {
    ProxyModule.Destination destinationOf(String model, String provider, Endpoint endpoint);
  }

  /** Makes a call on a user's behalf (the proxy's {@link ProxyModule#call}). */
  @FunctionalInterface
  public interface Calls {
    DirectAnswer call(DirectRequest request);
  }

  private final CacheModule cache;
  private final Routes routes;
  private final Calls calls;
  private final Consumer<DirectAnswer> recorder;
  private final CostOfUsage prices;
  private final LoggedRequests logs;
  private final Clock clock;
  private final Supplier<String> ids;
  private final ExecutorService worker;
  private final Map<String, WarmingRun> runs = new LinkedHashMap<>(); // guarded by this
  private WarmingRun active; // guarded by this

  /**
   * @param recorder records a fetched call in the request log
   * @param worker runs one run at a time; closed with the warmer
   */
  public CacheWarmer(
      CacheModule cache,
      Routes routes,
      Calls calls,
      Consumer<DirectAnswer> recorder,
      CostOfUsage prices,
      LoggedRequests logs,
      Clock clock,
      Supplier<String> ids,
      ExecutorService worker) {
    this.cache = cache;
    this.routes = routes;
    this.calls = calls;
    this.recorder = recorder;
    this.prices = prices;
    this.logs = logs;
    this.clock = clock;
    this.ids = ids;
    this.worker = worker;
  }

  /** A warmer with its own worker thread, {@code loom-cache-warming}. */
  public static CacheWarmer start(
      CacheModule cache,
      ProxyModule proxy,
      Consumer<DirectAnswer> recorder,
      CostOfUsage prices,
      LoggedRequests logs,
      Clock clock) {
    ExecutorService worker =
        Executors.newSingleThreadExecutor(NamedThreads.daemon("loom-cache-warming"));
    return new CacheWarmer(
        cache,
        proxy::destinationOf,
        proxy::call,
        recorder,
        prices,
        logs,
        clock,
        () -> "w-" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16),
        worker);
  }

  /**
   * Plans a run and, unless it is a dry run, starts it; returns its progress with the estimate (a dry run's is
   * finished). Admins only.
   *
   * @throws ConflictException when the cache is off, or another run is still running
   * @throws InvalidInputException for a bad TTL, user, file or period
   */
  public WarmingProgress start(Caller caller, WarmingRequest request) {
    requireAdmin(caller);
    if (!cache.config().enabled()) {
      throw new ConflictException(
          "The cache is off (cache.enabled: false): there is nothing to warm.");
    }
    Duration ttl = ttl(request.ttl());
    if (request.namespace() != null && !CacheKeys.isValidNamespace(request.namespace())) {
      throw InvalidInputException.of(
          "namespace", "must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (request.userId() != null && request.userId().isBlank()) {
      throw InvalidInputException.of("user_id", "must not be blank");
    }
    if (request.source() instanceof WarmingSource.Replay replay
        && replay.endpoint() != null
        && !Endpoint.cachedAt(replay.endpoint())
            .map(Endpoint::path)
            .orElse("")
            .equals(replay.endpoint())) {
      throw InvalidInputException.of("endpoint", "must be one of " + WarmingLines.paths());
    }
    if (request.source() instanceof WarmingSource.Replay replay
        && (replay.limit() < 1 || replay.limit() > MAX_REPLAY)) {
      throw InvalidInputException.of("limit", "must be 1 to " + MAX_REPLAY);
    }
    if (request.maxCostUsd() != null && request.maxCostUsd().signum() <= 0) {
      throw InvalidInputException.of("max_cost_usd", "must be above 0");
    }
    WarmingRun run =
        new WarmingRun(
            ids.get(),
            request.dryRun(),
            request.source().describe(),
            caller.userId(),
            clock.instant());
    reserve(run);
    List<Planned> plan;
    try {
      plan = plan(run, caller, request);
    } catch (RuntimeException e) {
      forget(run);
      throw e;
    }
    if (request.dryRun()) {
      plan.forEach(planned -> run.checked());
      run.finish(State.DONE, clock.instant(), null);
      return run.progress();
    }
    try {
      worker.execute(() -> work(run, caller, request, ttl, plan));
    } catch (RejectedExecutionException stopping) {
      run.finish(State.FAILED, clock.instant(), "the gateway is stopping");
      release(run);
    }
    log.info(
        "Cache warming {} started by {}: {} ({} requests, {} to fetch, estimated {} USD)",
        run.id(),
        caller.userId(),
        request.source().describe(),
        run.progress().total(),
        run.progress().estimate().fetches(),
        run.progress().estimate().costUsd());
    return run.progress();
  }

  /** Every run this gateway kept, newest first. Admins only. */
  public synchronized List<WarmingProgress> list(Caller caller) {
    requireAdmin(caller);
    List<WarmingProgress> all = new ArrayList<>();
    runs.values().forEach(run -> all.add(0, run.progress()));
    return all;
  }

  /** One run's progress. Admins only. */
  public WarmingProgress find(Caller caller, String id) {
    requireAdmin(caller);
    return require(id).progress();
  }

  /**
   * Cancels a running run: it stops after the request it is on (a fetch under way completes and is stored).
   *
   * @throws ConflictException when the run has ended already
   */
  public WarmingProgress cancel(Caller caller, String id) {
    requireAdmin(caller);
    WarmingRun run = require(id);
    if (!run.cancel()) {
      throw new ConflictException(
          "Warming run "
              + id
              + " has ended already ("
              + run.progress().state().name().toLowerCase(java.util.Locale.ROOT)
              + ").");
    }
    log.info("Cache warming {} cancelled by {}", id, caller.userId());
    return run.progress();
  }

  /** Whether a real run is running now. */
  public synchronized boolean isRunning() {
    return active != null;
  }

  /** Cancels a running run and stops the worker. */
  @Override
  public void close() {
    WarmingRun running;
    synchronized (this) {
      running = active;
    }
    if (running != null) {
      running.cancel();
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.shutdownNow();
    }
  }

  // Planning ---

  /** A request worth warming: its item, where it goes, its key (before the fetch) and its expected usage. */
  private record Planned(
      WarmingItem item, ProxyModule.Destination destination, CacheKey key, Usage expected) {}

  private List<Planned> plan(WarmingRun run, Caller caller, WarmingRequest request) {
    List<WarmingItem> items = new ArrayList<>();
    List<WarmingLines.ItemError> errors = new ArrayList<>();
    read(caller, request.source(), items, errors);
    String user = request.userId() == null ? caller.userId() : request.userId();
    List<Planned> plan = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long inputTokens = 0;
    long outputTokens = 0;
    long unpriced = 0;
    long given = 0;
    BigDecimal cost = BigDecimal.ZERO;
    errors.forEach(error -> run.failed(error.origin(), error.message()));
    for (WarmingItem raw : items) {
      WarmingItem item = raw.withDefaultNamespace(request.namespace());
      Optional<Planned> planned = planOne(run, item, user, seen);
      if (planned.isEmpty()) {
        continue;
      }
      plan.add(planned.get());
      if (item.given() != null) {
        given++;
        continue;
      }
      Usage expected = planned.get().expected();
      inputTokens += expected.promptTokens();
      outputTokens += expected.completionTokens();
      BigDecimal price =
          prices.usd(
              planned.get().destination().providerId(),
              planned.get().destination().upstreamModel(),
              expected);
      unpriced += price.signum() == 0 ? 1 : 0;
      cost = cost.add(price);
    }
    run.planned(
        items.size() + errors.size(),
        new WarmingProgress.Estimate(
            plan.size() - given,
            given,
            inputTokens,
            outputTokens,
            cost.stripTrailingZeros(),
            unpriced));
    return plan;
  }

  private void read(
      Caller caller,
      WarmingSource source,
      List<WarmingItem> items,
      List<WarmingLines.ItemError> errors) {
    if (source instanceof WarmingSource.File file) {
      if (file.text().length() > MAX_FILE_CHARS) {
        throw InvalidInputException.of(
            "jsonl", "a warming file may have at most " + MAX_FILE_CHARS + " characters");
      }
      WarmingLines.Parsed parsed;
      try {
        parsed = WarmingLines.parse(file.text());
      } catch (IllegalArgumentException tooLong) {
        throw InvalidInputException.of("jsonl", tooLong.getMessage());
      }
      items.addAll(parsed.items());
      errors.addAll(parsed.errors());
    } else if (source instanceof WarmingSource.Replay replay) {
      logs.read(
          caller,
          replay,
          logged -> {
            try {
              items.add(ReplayItems.of(logged));
            } catch (IllegalArgumentException e) {
              errors.add(new WarmingLines.ItemError("log " + logged.id(), e.getMessage()));
            }
          });
    }
  }

  private Optional<Planned> planOne(
      WarmingRun run, WarmingItem item, String user, Set<String> seen) {
    ProxyModule.Destination destination;
    try {
      destination =
          item.destination() != null
              ? item.destination()
              : routes.destinationOf(
                  item.body().path("model").asText(), item.provider(), item.endpoint());
    } catch (InvalidInputException unroutable) {
      run.failed(item.origin(), unroutable.errors().get(0).message());
      return Optional.empty();
    }
    Optional<String> notCacheable = cache.whyNotCacheable(item.endpoint(), item.body());
    if (notCacheable.isPresent()) {
      run.skipped("not cacheable: " + notCacheable.get());
      return Optional.empty();
    }
    CacheKey key;
    try {
      key =
          cache.keyFor(
              destination.providerId(),
              destination.upstreamModel(),
              item.body(),
              item.namespace(),
              user,
              item.endpoint(),
              item.stream());
    } catch (IllegalArgumentException unkeyable) {
      run.failed(item.origin(), "no cache key: " + unkeyable.getMessage());
      return Optional.empty();
    }
    if (!seen.add(key.value())) {
      run.skipped("repeated in the source");
      return Optional.empty();
    }
    if (cache.isCached(key.value())) {
      run.skipped(WarmingRun.ALREADY_CACHED);
      return Optional.empty();
    }
    return Optional.of(
        new Planned(item, destination, key, UsageEstimate.of(item.endpoint(), item.body())));
  }

  // Running ---

  private void work(
      WarmingRun run, Caller caller, WarmingRequest request, Duration ttl, List<Planned> plan) {
    String user = request.userId() == null ? caller.userId() : request.userId();
    Attribution attribution =
        new Attribution(caller.teamId(), null, null, List.of(TAG, TAG + "-run:" + run.id()));
    try {
      for (Planned planned : plan) {
        if (run.isCancelRequested()) {
          run.finish(State.CANCELLED, clock.instant(), null);
          return;
        }
        warmOne(run, caller, attribution, user, ttl, request.maxCostUsd(), planned);
      }
      run.finish(run.isCancelRequested() ? State.CANCELLED : State.DONE, clock.instant(), null);
    } catch (RuntimeException e) {
      log.error("Cache warming {} failed", run.id(), e);
      run.finish(
          State.FAILED,
          clock.instant(),
          "the run stopped on an unexpected error: " + e.getClass().getSimpleName());
    } finally {
      release(run);
      WarmingProgress end = run.progress();
      log.info(
          "Cache warming {} {}: {} stored, {} skipped, {} failed, {} USD",
          run.id(),
          end.state().name().toLowerCase(java.util.Locale.ROOT),
          end.stored(),
          end.skipped(),
          end.failed(),
          end.actualCostUsd());
    }
  }

  private void warmOne(
      WarmingRun run,
      Caller caller,
      Attribution attribution,
      String user,
      Duration ttl,
      BigDecimal maxCost,
      Planned planned) {
    WarmingItem item = planned.item();
    try {
      if (item.given() != null) {
        GivenAnswer given = item.given();
        Instant now = clock.instant();
        store(
            planned.key(),
            new CacheEntry(
                200,
                given.contentType(),
                given.body(),
                given.events(),
                given.usage(),
                planned.destination().providerId(),
                planned.destination().upstreamModel(),
                item.endpoint().path(),
                now,
                now.plus(ttl),
                0),
            item,
            user);
        run.stored();
        return;
      }
      if (maxCost != null && run.spent().compareTo(maxCost) >= 0) {
        run.skipped("max_cost_usd reached");
        return;
      }
      Optional<String> budgetSpent = run.budgetRefusal();
      if (budgetSpent.isPresent()) {
        run.skipped(budgetSpent.get());
        return;
      }
      if (cache.isCached(planned.key().value())) {
        // A live request stored it since the run was planned.
        run.skipped(WarmingRun.ALREADY_CACHED);
        return;
      }
      fetch(run, caller, attribution, user, ttl, item);
    } catch (GatewayException | IllegalArgumentException e) {
      run.failed(item.origin(), e.getMessage());
    }
  }

  private void fetch(
      WarmingRun run,
      Caller caller,
      Attribution attribution,
      String user,
      Duration ttl,
      WarmingItem item) {
    DirectAnswer answer =
        calls.call(
            new DirectRequest(
                item.endpoint(),
                item.body().toString().getBytes(StandardCharsets.UTF_8),
                item.provider(),
                caller,
                attribution,
                cache.config().maxEntrySize()));
    recorder.accept(answer);
    if (answer.refusedByBudget()) {
      run.refusedByBudget(answer.errorMessage().orElseThrow());
      return;
    }
    Optional<String> provider = answer.outcome().providerId();
    Optional<String> model = answer.outcome().upstreamModel();
    if (answer.status() < 400 && provider.isPresent() && model.isPresent()) {
      run.spent(prices.usd(provider.get(), model.get(), answer.outcome().usage()));
    }
    Optional<CapturedResponse> captured = answer.captured();
    if (captured.isEmpty()) {
      run.failed(
          item.origin(),
          answer
              .errorMessage()
              .orElse(
                  answer.status() == 200
                      ? "the answer was larger than cache.max_entry_size or did not end"
                      : "HTTP " + answer.status()));
      return;
    }
    // The key of where the call went now, which is where a live request would go too.
    CacheKey key =
        cache.keyFor(
            provider.orElseThrow(),
            model.orElseThrow(),
            item.body(),
            item.namespace(),
            user,
            item.endpoint(),
            item.stream());
    CapturedResponse response = captured.get();
    Instant now = clock.instant();
    store(
        key,
        new CacheEntry(
            response.status(),
            response.contentType(),
            response.isStream() ? null : new String(response.body(), StandardCharsets.UTF_8),
            response.events().stream()
                .map(event -> new String(event, StandardCharsets.UTF_8))
                .toList(),
            response.usage(),
            provider.get(),
            model.get(),
            item.endpoint().path(),
            now,
            now.plus(ttl),
            answer.latency().toMillis()),
        item,
        user);
    run.stored();
  }

  /** Every warmed entry goes to the cache through here (with the request, so its question is remembered too). */
  private void store(CacheKey key, CacheEntry entry, WarmingItem item, String user) {
    cache.storeWarmed(
        key, entry, item.endpoint(), item.body(), item.namespace(), user, item.stream());
  }

  // Helpers ---

  private synchronized void reserve(WarmingRun run) {
    if (!run.progress().dryRun()) {
      if (active != null) {
        throw new ConflictException(
            "Warming run "
                + active.id()
                + " is still running; wait for it or cancel it "
                + "(DELETE /api/v1/cache/warm/"
                + active.id()
                + ").");
      }
      active = run;
    }
    runs.put(run.id(), run);
    while (runs.size() > KEPT_RUNS) {
      String oldest = runs.keySet().iterator().next();
      if (runs.get(oldest) == active) {
        break;
      }
      runs.remove(oldest);
    }
  }

  private synchronized void release(WarmingRun run) {
    if (active == run) {
      active = null;
    }
  }

  /** A run that could not be planned: as if it had never been started. */
  private synchronized void forget(WarmingRun run) {
    release(run);
    runs.remove(run.id());
  }

  private synchronized WarmingRun require(String id) {
    WarmingRun run = runs.get(id);
    if (run == null) {
      throw new NotFoundException("warming run", id);
    }
    return run;
  }

  private Duration ttl(Duration asked) {
    if (asked == null) {
      return cache.config().defaultTtl();
    }
    if (asked.isZero() || asked.isNegative() || asked.compareTo(cache.config().maxTtl()) > 0) {
      throw InvalidInputException.of(
          "ttl",
          "must be a duration above 0 and at most cache.max_ttl ("
              + cache.config().maxTtl().toSeconds()
              + " s)");
    }
    return asked;
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may warm the cache.");
    }
  }
}
