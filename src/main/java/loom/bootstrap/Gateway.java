package loom.bootstrap;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import loom.analytics.AnalyticsModule;
import loom.api.ApiApplication;
import loom.auth.ApiKeyService;
import loom.auth.AuthBootstrap;
import loom.auth.UserService;
import loom.config.GatewayConfig;
import loom.proxy.ProxyModule;
import loom.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the gateway is made of, built from the configuration in dependency order (store, identity,
 * analytics, proxy, API) and closed in the reverse order. Owns the one scheduler of background jobs. Built once
 * per deploy by {@link GatewayInitializer}.
 */
final class Gateway implements AutoCloseable {
  static final long KEY_USAGE_FLUSH_SECONDS = 30;
  static final long RETENTION_PERIOD_MINUTES = 60;
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final Store store;
  private final ApiKeyService keys;
  private final AnalyticsModule analytics;
  private final ProxyModule proxy;
  private final ApiApplication api;
  private final ScheduledExecutorService scheduler;

  private Gateway(Store store, ApiKeyService keys, AnalyticsModule analytics, ProxyModule proxy, ApiApplication api,
                  ScheduledExecutorService scheduler) {
    this.store = store;
    this.keys = keys;
    this.analytics = analytics;
    this.proxy = proxy;
    this.api = api;
    this.scheduler = scheduler;
  }

  static Gateway start(GatewayConfig config, Clock clock) {
    Store store = Store.open(config.storage());
    try {
      ApiKeyService keys = new ApiKeyService(store, config.auth(), clock);
      UserService users = new UserService(store, keys, clock);
      new AuthBootstrap(store, config.auth(), clock).run();
      AnalyticsModule analytics = AnalyticsModule.start(config, store, clock);
      ProxyModule proxy = ProxyModule.create(config, clock);
      ApiApplication api = new ApiApplication(store, users, keys, proxy, analytics);
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "loom-scheduler");
        thread.setDaemon(true);
        return thread;
      });
      scheduler.scheduleWithFixedDelay(() -> runJob("key usage flush", keys::flushUsage),
          KEY_USAGE_FLUSH_SECONDS, KEY_USAGE_FLUSH_SECONDS, TimeUnit.SECONDS);
      scheduler.scheduleWithFixedDelay(() -> runJob("retention purge", analytics::purgeExpired),
          1, RETENTION_PERIOD_MINUTES, TimeUnit.MINUTES);
      return new Gateway(store, keys, analytics, proxy, api, scheduler);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  ApiKeyService keys() {
    return keys;
  }

  AnalyticsModule analytics() {
    return analytics;
  }

  ProxyModule proxy() {
    return proxy;
  }

  ApiApplication api() {
    return api;
  }

  /** Stops taking background work, lets the proxy finish, writes what is pending, then closes the store. */
  @Override
  public void close() {
    scheduler.shutdown();
    proxy.close();
    // After the proxy: the logs of the last proxied calls are in the writer's queue now, and get written.
    analytics.close();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runJob("key usage flush", keys::flushUsage);
    store.close();
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
