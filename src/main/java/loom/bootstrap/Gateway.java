package loom.bootstrap;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import loom.alerts.AlertsModule;
import loom.analytics.AnalyticsModule;
import loom.analytics.EndpointNames;
import loom.analytics.LogFilter;
import loom.analytics.LoggedResponses;
import loom.analytics.PriceService;
import loom.analytics.TrendQueries;
import loom.api.ApiApplication;
import loom.auth.ApiKeyService;
import loom.auth.AuthBootstrap;
import loom.auth.Caller;
import loom.auth.Role;
import loom.auth.TeamService;
import loom.auth.UserService;
import loom.cache.CacheModule;
import loom.cache.warming.CacheWarmer;
import loom.cache.warming.WarmingSchedule;
import loom.config.GatewayConfig;
import loom.proxy.ProxyModule;
import loom.store.Store;
import loom.support.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the gateway is made of, built from the configuration in dependency order (store, identity,
 * analytics, alerts, proxy, cache, API) and closed in the reverse order. Owns the one scheduler of background jobs. Built once
 * per deploy by {@link GatewayInitializer}.
 */
final class Gateway implements AutoCloseable {
  static final long KEY_USAGE_FLUSH_SECONDS = 30;
  static final long RETENTION_PERIOD_MINUTES = 60;

  /** How often the closed five minutes are rolled up by attribution; queries read the raw rows of the rest. */
  static final long ATTRIBUTED_ROLLUP_PERIOD_SECONDS = 60;

  static final long CACHE_COUNTERS_FLUSH_MILLIS = 1_000;

  /** How long undeploy waits for a background job under way before interrupting it. */
  static final long SCHEDULER_GRACE_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Store store;
  private final ApiKeyService keys;
  private final UserService users;
  private final TeamService teams;
  private final AnalyticsModule analytics;
  private final AlertsModule alerts;
  private final TrendQueries trends;
  private final ProxyModule proxy;
  private final CacheModule cache;
  private final CacheWarmer warmer;
  private final ApiApplication api;
  private final ScheduledExecutorService scheduler;

  private Gateway(
      Store store,
      ApiKeyService keys,
      UserService users,
      TeamService teams,
      AnalyticsModule analytics,
      AlertsModule alerts,
      TrendQueries trends,
      ProxyModule proxy,
      CacheModule cache,
      CacheWarmer warmer,
      ApiApplication api,
      ScheduledExecutorService scheduler) {
    this.store = store;
    this.keys = keys;
    this.users = users;
    this.teams = teams;
    this.analytics = analytics;
    this.alerts = alerts;
    this.trends = trends;
    this.proxy = proxy;
    this.cache = cache;
    this.warmer = warmer;
    this.api = api;
    this.scheduler = scheduler;
  }

  /** @param instanceName names this deployment (its context path) where several share one JVM */
  static Gateway start(GatewayConfig config, Clock clock, String instanceName) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    Store store = Store.open(config.storage());
    started.push(store);
    try {
      ApiKeyService keys = new ApiKeyService(store, config.auth(), clock);
      UserService users = new UserService(store, keys, clock);
      TeamService teams = new TeamService(store, keys, clock);
      new AuthBootstrap(store, config.auth(), clock).run();
      AnalyticsModule analytics =
          AnalyticsModule.start(config, store, clock, teams::teamsAdministeredBy);
      started.push(analytics);
      AlertsModule alerts =
          AlertsModule.start(
              config.alerts(),
              store,
              new GatewayBudgetOwners(users, teams, keys),
              analytics.prices(),
              clock);
      started.push(alerts);
      analytics.whenCostStored(alerts::spendStored);
      // Built after the alerts: the month's projection is drawn against the budgets they keep.
      TrendQueries trends =
          new TrendQueries(analytics.queries(), store, clock, alerts.service()::monthlyBudget);
      ProxyModule proxy =
          ProxyModule.create(
              config,
              clock,
              analytics.meterRegistry(),
              new LoggedResponses(store, clock),
              alerts.spendGate());
      started.push(proxy);
      CacheModule cache =
          CacheModule.start(
              config.cache(),
              proxy,
              (provider, model, usage) ->
                  analytics.prices().cost(provider, model, usage, clock.instant()).usd(),
              config.analytics().enabled() ? analytics::record : answer -> {},
              Gateway.class.getClassLoader(),
              instanceName,
              clock);
      started.push(cache);
      CacheWarmer warmer =
          CacheWarmer.start(
              cache,
              proxy,
              config.analytics().enabled() ? analytics::record : answer -> {},
              (provider, model, usage) ->
                  analytics.prices().cost(provider, model, usage, clock.instant()).usd(),
              (caller, replay, sink) -> {
                // The calls just made are in the writer's queue still: written first, so a replay
                // sees them.
                analytics.flush();
                analytics
                    .queries()
                    .replayable(
                        caller,
                        new LogFilter(
                            replay.start(),
                            replay.end(),
                            null,
                            replay.providerId(),
                            replay.model(),
                            replay.endpoint() == null
                                ? null
                                : EndpointNames.of("POST", "/v1" + replay.endpoint()),
                            null,
                            null,
                            null),
                        replay.limit(),
                        sink);
              },
              clock);
      started.push(warmer);
      WarmingSchedule warming =
          new WarmingSchedule(
              config.cache().warming(),
              warmer,
              name ->
                  users
                      .findByName(name)
                      .filter(user -> user.role() == Role.ADMIN)
                      .map(Caller::ofSession),
              clock);
      ApiApplication api =
          new ApiApplication(
              store,
              users,
              teams,
              keys,
              proxy,
              analytics,
              trends,
              cache,
              warmer,
              alerts.service(),
              config.analytics(),
              clock);
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("loom-scheduler"));
      scheduler.scheduleWithFixedDelay(
          () -> runJob("key usage flush", keys::flushUsage),
          KEY_USAGE_FLUSH_SECONDS,
          KEY_USAGE_FLUSH_SECONDS,
          TimeUnit.SECONDS);
      scheduler.scheduleWithFixedDelay(
          () -> runJob("retention purge", analytics::purgeExpired),
          1,
          RETENTION_PERIOD_MINUTES,
          TimeUnit.MINUTES);
      scheduler.scheduleWithFixedDelay(
          () -> runJob("attributed rollups", analytics::rollUpAttribution),
          ATTRIBUTED_ROLLUP_PERIOD_SECONDS,
          ATTRIBUTED_ROLLUP_PERIOD_SECONDS,
          TimeUnit.SECONDS);
      // Run-time prices another gateway on this store changed: priced with here within the period.
      long prices = PriceService.REFRESH_PERIOD.toMillis();
      scheduler.scheduleWithFixedDelay(
          () -> runJob("run-time prices refresh", analytics.priceService()::refresh),
          prices,
          prices,
          TimeUnit.MILLISECONDS);
      long probe = config.cache().probePeriod().toMillis();
      scheduler.scheduleWithFixedDelay(
          () -> runJob("cache Redis probe", cache::probe), probe, probe, TimeUnit.MILLISECONDS);
      scheduler.scheduleWithFixedDelay(
          () -> runJob("cache counters flush", cache::flushCounters),
          CACHE_COUNTERS_FLUSH_MILLIS,
          CACHE_COUNTERS_FLUSH_MILLIS,
          TimeUnit.MILLISECONDS);
      long checks = config.alerts().checkPeriod().toMillis();
      scheduler.scheduleWithFixedDelay(
          () -> runJob("alert checks", alerts::checkAll), checks, checks, TimeUnit.MILLISECONDS);
      long sweep = config.cache().cleanupPeriod().toMillis();
      scheduler.scheduleWithFixedDelay(
          () -> runJob("cache sweep", cache::sweepExpired), sweep, sweep, TimeUnit.MILLISECONDS);
      if (!warming.isEmpty()) {
        scheduler.scheduleWithFixedDelay(
            () -> runJob("cache warming", warming::runDue),
            WarmingSchedule.CHECK_PERIOD_SECONDS,
            WarmingSchedule.CHECK_PERIOD_SECONDS,
            TimeUnit.SECONDS);
      }
      return new Gateway(
          store, keys, users, teams, analytics, alerts, trends, proxy, cache, warmer, api,
          scheduler);
    } catch (RuntimeException e) {
      // A feature that cannot start stops the deploy; what started before it must not be left
      // running.
      while (!started.isEmpty()) {
        closeQuietly(started.pop());
      }
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("Could not close {} after a failed start", closeable.getClass().getSimpleName(), e);
    }
  }

  ApiKeyService keys() {
    return keys;
  }

  TeamService teams() {
    return teams;
  }

  UserService users() {
    return users;
  }

  AnalyticsModule analytics() {
    return analytics;
  }

  ProxyModule proxy() {
    return proxy;
  }

  CacheModule cache() {
    return cache;
  }

  AlertsModule alerts() {
    return alerts;
  }

  TrendQueries trends() {
    return trends;
  }

  ApiApplication api() {
    return api;
  }

  /** Stops the background jobs, lets the proxy finish, writes what is pending, then closes the store. */
  @Override
  public void close() {
    stopScheduler();
    // Before the proxy: a warming run stops taking requests, and its fetch under way ends with the
    // proxy.
    warmer.close();
    proxy.close();
    runJob("cache counters flush", cache::flushCounters);
    cache.close();
    // After the proxy: the logs of the last proxied calls are in the writer's queue now, and get
    // written.
    analytics.close();
    // After the writer: its last batches may still have asked for checks, which finish (or are
    // dropped) here.
    alerts.close();
    runJob("key usage flush", keys::flushUsage);
    store.close();
  }

  /**
   * No job may run against a closed module: the one running now (a retention purge, a rollup) gets a few seconds to
   * end, then is interrupted.
   */
  private void stopScheduler() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(SCHEDULER_GRACE_SECONDS, TimeUnit.SECONDS)) {
        log.warn(
            "A background job was still running at undeploy after {} s; interrupting it",
            SCHEDULER_GRACE_SECONDS);
        scheduler.shutdownNow();
        scheduler.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** A background job failing must not stop the scheduler from running it (or others) again. */
  private static void runJob(String name, Runnable job) {
    try {
      job.run();
    } catch (RuntimeException e) {
      log.warn("Background job '{}' failed; it runs again at its next turn", name, e);
    }
  }
}
