package loom.cache.warming;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import loom.analytics.AnalyticsModule;
import loom.analytics.LogFilter;
import loom.auth.Caller;
import loom.auth.Role;
import loom.cache.CacheModule;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.proxy.DirectAnswer;
import loom.proxy.ProxyModule;
import loom.proxy.StoredResponses;
import loom.store.Store;
import loom.testing.TestStores;

/**
 * A gateway's real parts for warming tests, without a container: the demo provider behind the proxy's own direct
 * calls, the memory cache, and analytics on a SQLite store, from a loom.yaml text. A warming run's work waits in
 * {@link ManualExecutor} until the test runs it, so no test sleeps.
 */
final class WarmingFixture implements AutoCloseable {
  static final Caller ADMIN = new Caller("u-admin", "admin", Role.ADMIN, "k-admin");

  /** A dollar per million tokens, for every model. */
  static final BigDecimal PER_TOKEN = new BigDecimal("0.000001");

  final Clock clock = Clock.systemUTC();
  final GatewayConfig config;
  final Store store;
  final ProxyModule proxy;
  final AnalyticsModule analytics;
  final CacheModule cache;
  final ManualExecutor worker = new ManualExecutor();
  final List<DirectAnswer> recorded = new ArrayList<>();
  final CacheWarmer warmer;
  CacheWarmer.Calls calls;

  WarmingFixture(TestStores stores, String yaml) {
    config = new ConfigLoader(name -> null, name -> null).parse(yaml, stores.folder(), "test");
    store = stores.open(stores.sqlite());
    proxy = ProxyModule.create(config, clock, new SimpleMeterRegistry(), StoredResponses.none());
    analytics = AnalyticsModule.start(config, store, clock);
    cache =
        CacheModule.start(
            config.cache(),
            proxy,
            (provider, model, usage) -> PER_TOKEN.multiply(BigDecimal.valueOf(usage.totalTokens())),
            answer -> {},
            getClass().getClassLoader(),
            "warming-test-" + System.nanoTime(),
            clock);
    calls = proxy::call;
    warmer =
        new CacheWarmer(
            cache,
            proxy::destinationOf,
            request -> calls.call(request),
            answer -> {
              recorded.add(answer);
              analytics.record(answer);
            },
            (provider, model, usage) -> PER_TOKEN.multiply(BigDecimal.valueOf(usage.totalTokens())),
            (caller, replay, sink) -> {
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
                          null,
                          null),
                      replay.limit(),
                      sink);
            },
            clock,
            new Ids(),
            worker);
  }

  @Override
  public void close() {
    warmer.close();
    cache.close();
    proxy.close();
    analytics.close();
  }

  /** Run ids w-1, w-2, … */
  private static final class Ids implements java.util.function.Supplier<String> {
    private int next;

    @Override
    public synchronized String get() {
      return "w-" + ++next;
    }
  }

  /** Holds what it is given until {@link #runAll()}. */
  static final class ManualExecutor extends AbstractExecutorService {
    private final List<Runnable> tasks = new ArrayList<>();
    private boolean shutdown;

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.remove(0).run();
      }
    }

    @Override
    public void execute(Runnable command) {
      tasks.add(command);
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      List<Runnable> left = new ArrayList<>(tasks);
      tasks.clear();
      return left;
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
