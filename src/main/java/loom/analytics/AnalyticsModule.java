package loom.analytics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import loom.auth.Caller;
import loom.config.GatewayConfig;
import loom.config.ProviderConfig;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics feature assembled from configuration: the price table and its run-time prices, privacy rules, the
 * request-log writer and its filter, retention, erasure and the Prometheus metrics. Created at deploy by the
 * composition root and closed at undeploy, which writes every queued row before the store closes.
 */
public final class AnalyticsModule implements AutoCloseable {
  static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(AnalyticsModule.class);

  private final PriceTable prices;
  private final AnalyticsWriter writer;
  private final PrometheusMeterRegistry registry;
  private final AnalyticsFilter filter;
  private final MetricsServlet metricsServlet;
  private final RetentionPurger purger;
  private final LogRowStore rows;
  private final Repricer repricer;
  private final AnalyticsQueries queries;
  private final PriceService priceService;
  private final AttributedRollupJob attributedRollups;
  private final RequestRecorder recorder;
  private final Clock clock;

  private AnalyticsModule(
      PriceTable prices,
      AnalyticsWriter writer,
      PrometheusMeterRegistry registry,
      AnalyticsFilter filter,
      MetricsServlet metricsServlet,
      RetentionPurger purger,
      LogRowStore rows,
      Repricer repricer,
      AnalyticsQueries queries,
      PriceService priceService,
      AttributedRollupJob attributedRollups,
      RequestRecorder recorder,
      Clock clock) {
    this.prices = prices;
    this.writer = writer;
    this.registry = registry;
    this.filter = filter;
    this.metricsServlet = metricsServlet;
    this.purger = purger;
    this.rows = rows;
    this.repricer = repricer;
    this.queries = queries;
    this.priceService = priceService;
    this.attributedRollups = attributedRollups;
    this.recorder = recorder;
    this.clock = clock;
  }

  public static AnalyticsModule start(GatewayConfig config, Store store, Clock clock) {
    return start(config, store, clock, AnalyticsQueries.TeamAdmins.NONE);
  }

  /** @param teamAdmins the teams each user administers, whose analytics they may read */
  public static AnalyticsModule start(
      GatewayConfig config, Store store, Clock clock, AnalyticsQueries.TeamAdmins teamAdmins) {
    PriceTable prices = PriceTable.load(config.pricing(), config.providers());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AnalyticsMetrics metrics = new AnalyticsMetrics(registry);
    BodyPrivacy privacy = new BodyPrivacy(config.privacy(), new Redactor(config.privacy()));
    AnalyticsWriter writer =
        new AnalyticsWriter(store, config.analytics(), clock, privacy::redactTexts);
    Repricer repricer = new Repricer(store, prices);
    PriceService priceService =
        new PriceService(
            store,
            prices,
            repricer,
            () -> writer.flush(FLUSH_TIMEOUT),
            config.providers().stream().map(ProviderConfig::id).collect(Collectors.toSet()),
            clock);
    // The run-time prices before the first request: none is priced without them.
    priceService.reload();
    writer.start();
    RequestRecorder recorder = new RequestRecorder(prices, privacy, writer::offer, metrics);
    AnalyticsFilter filter = new AnalyticsFilter(recorder, clock);
    metrics.watch(
        writer::queueDepth, writer::droppedCount, writer::storeErrorCount, filter::recordFailures);
    log.info(
        "Analytics on: {}, request bodies {}, response bodies {}",
        prices,
        config.privacy().logRequestBodies() ? "kept" : "not kept",
        config.privacy().logResponseBodies() ? "kept" : "not kept");
    RetentionPurger purger = new RetentionPurger(store, config.storage());
    return new AnalyticsModule(
        prices,
        writer,
        registry,
        filter,
        new MetricsServlet(registry, config.metrics().isPublic()),
        purger,
        new LogRowStore(store),
        repricer,
        new AnalyticsQueries(store, clock, purger, teamAdmins),
        priceService,
        new AttributedRollupJob(store),
        recorder,
        clock);
  }

  /** The filter that records every request of the proxy chain. */
  public Filter filter() {
    return filter;
  }

  /**
   * Records a call the gateway made on a user's behalf (cache warming) as it records a client's call: priced,
   * attributed to its caller, bodies kept as the privacy settings say. Never throws: a failure is logged.
   */
  public void record(loom.proxy.DirectAnswer answer) {
    try {
      recorder.accept(answer);
    } catch (RuntimeException e) {
      log.warn("Could not record the gateway's own call {} for analytics", answer.requestId(), e);
    }
  }

  /** Writes every queued log now (so a replay of the request logs sees the calls just made). */
  public void flush() {
    writer.flush(FLUSH_TIMEOUT);
  }

  /** The registry {@code /metrics} shows, for other features' meters. */
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return registry;
  }

  /** {@code /metrics}. */
  public Servlet metricsServlet() {
    return metricsServlet;
  }

  /** Tells {@code listener} which users' spend was just stored (see {@link AnalyticsWriter#whenCostStored}). */
  public void whenCostStored(java.util.function.Consumer<java.util.Set<String>> listener) {
    writer.whenCostStored(listener);
  }

  /** The read side: logs, stats, costs, time series, exports, purges. */
  public AnalyticsQueries queries() {
    return queries;
  }

  public PriceTable prices() {
    return prices;
  }

  /** Run-time prices, unpriced models and repricing a model, for admins; {@link PriceService#refresh} on a schedule. */
  public PriceService priceService() {
    return priceService;
  }

  /**
   * Rolls the requests of the closed five minutes up by team, key, tag, end user, session and tool; run by the
   * scheduler every minute.
   */
  public void rollUpAttribution() {
    int slices = attributedRollups.run(clock.instant());
    if (slices > 12) {
      log.info("Attributed rollups: caught up {} five-minute slices", slices);
    }
  }

  /** Deletes request logs and rollups past their retention; run by the scheduler. */
  public void purgeExpired() {
    RetentionPurger.Result result = purger.purge(clock.instant());
    if (result.logs() > 0 || result.rollupRows() > 0) {
      log.info(
          "Retention: purged {} request logs and {} rollup rows in {} batches",
          result.logs(),
          result.rollupRows(),
          result.batches());
    }
  }

  /**
   * Erases everything logged about a user: first what is still queued gets written (so nothing of theirs
   * arrives after the erasure), then their rows and rollup contributions go.
   */
  public LogRowStore.ErasureCounts eraseUser(Caller caller, String userId) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may erase a user's data.");
    }
    writer.flush(FLUSH_TIMEOUT);
    return rows.eraseUser(userId);
  }

  /**
   * Recomputes the cost of the requests logged in [start, end) with the current price table (after a
   * price correction); queued rows are written first so they are included. Admins only.
   */
  public RepriceResult reprice(Caller caller, Instant start, Instant end) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may reprice logged requests.");
    }
    if (!start.isBefore(end)) {
      throw InvalidInputException.of("start_time", "must be before end_time");
    }
    writer.flush(FLUSH_TIMEOUT);
    Repricer.Result result = repricer.reprice(start, end);
    log.info(
        "Repriced {} request logs between {} and {} with price table version {}: cost moved by {} USD",
        result.updated(),
        start,
        end,
        result.priceVersion(),
        Money.plain(result.costDeltaNanos()));
    return RepriceResult.of(result);
  }

  /**
   * What a repricing changed: rows whose cost, price version or unpriced flag changed, by how much their costs
   * moved in all (USD; negative when they went down), and the version now in use.
   */
  public record RepriceResult(long updated, BigDecimal costDeltaUsd, String priceVersion) {
    static RepriceResult of(Repricer.Result result) {
      return new RepriceResult(
          result.updated(), Money.plain(result.costDeltaNanos()), result.priceVersion());
    }
  }

  /** Writes everything queued, then stops the writer. */
  @Override
  public void close() {
    writer.close();
    registry.close();
  }
}
