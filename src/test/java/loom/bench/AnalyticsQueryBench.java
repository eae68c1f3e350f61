package loom.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import loom.analytics.AnalyticsQueries;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.RetentionPurger;
import loom.analytics.TimeBucket;
import loom.analytics.TimeSeriesMetric;
import loom.auth.Caller;
import loom.auth.Role;
import loom.config.Secret;
import loom.config.StorageConfig;
import loom.store.Store;

/**
 * Times the analytics read side in process, on a seeded store ({@code bench/seed-analytics.sh}): each call's CPU
 * time on the calling thread (SQLite runs in it, so that is all the work a call costs there; PostgreSQL works in
 * its own process, so only the wall time tells) and its wall time, median and max of {@code runs} after two
 * warm-ups. Ranges end at the newest stored request. An admin calls, so every user's rows count, except in the
 * team admin's calls of {@link AttributionCalls}. Opening the store migrates it: the first line reports how long that
 * took; the load average is printed before and after. Not a test:
 * {@code AnalyticsQueryBench <jdbc-url> [runs=9] [user] [password]}; {@code BENCH_ONLY=regex} times only the calls
 * whose name it finds.
 */
public final class AnalyticsQueryBench {
  private static final Caller ADMIN = new Caller("usr_bench", "bench", Role.ADMIN, null);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private AnalyticsQueryBench() {}

  public static void main(String[] args) {
    String url = args[0];
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    StorageConfig storage =
        new StorageConfig(
            url, args.length > 2 ? args[2] : "", new Secret(args.length > 3 ? args[3] : ""));
    long opening = System.nanoTime();
    try (Store store = Store.open(storage)) {
      System.out.printf(
          Locale.ROOT, "open (and migrate): %,d ms%n", (System.nanoTime() - opening) / 1_000_000);
      long newest =
          store.read(
              handle ->
                  handle.createQuery("SELECT MAX(ts) FROM request_logs").mapTo(Long.class).one());
      Instant end = Instant.ofEpochMilli(newest + 1);
      Clock clock = Clock.fixed(end, ZoneOffset.UTC);
      RetentionPurger purger = new RetentionPurger(store, storage);
      AnalyticsQueries queries = new AnalyticsQueries(store, clock, purger);
      LogFilter day = LogFilter.ALL.withRange(end.minus(Duration.ofDays(1)), end);
      LogFilter week = LogFilter.ALL.withRange(end.minus(Duration.ofDays(7)), end);
      LogFilter month = LogFilter.ALL.withRange(end.minus(Duration.ofDays(30)), end);
      Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
      calls.put("stats, 24 h", () -> queries.stats(ADMIN, day));
      calls.put("stats, 30 days", () -> queries.stats(ADMIN, month));
      calls.put("costs, 24 h", () -> queries.costs(ADMIN, day));
      calls.put("costs, 30 days", () -> queries.costs(ADMIN, month));
      calls.put(
          "stats, 30 days, endpoint=messages",
          () -> queries.stats(ADMIN, month.withEndpoint("messages")));
      calls.put(
          "logs, first page of 100 (with total)",
          () -> queries.logs(ADMIN, LogFilter.ALL, 100, 0, null));
      calls.put(
          "logs, endpoint=messages.count_tokens",
          () ->
              queries.logs(
                  ADMIN, LogFilter.ALL.withEndpoint("messages.count_tokens"), 100, 0, null));
      calls.put(
          "timeseries, 30 days by day",
          () -> queries.timeseries(ADMIN, month, TimeBucket.DAY, null, TimeSeriesMetric.REQUESTS));
      calls.put(
          "timeseries, 30 days by day x endpoint",
          () ->
              queries.timeseries(
                  ADMIN, month, TimeBucket.DAY, Dimension.ENDPOINT, TimeSeriesMetric.COST));
      calls.put(
          "timeseries, 7 days by hour x provider",
          () ->
              queries.timeseries(
                  ADMIN, week, TimeBucket.HOUR, Dimension.PROVIDER, TimeSeriesMetric.COST));
      calls.put(
          "timeseries, 7 days by hour x endpoint",
          () ->
              queries.timeseries(
                  ADMIN, week, TimeBucket.HOUR, Dimension.ENDPOINT, TimeSeriesMetric.COST));
      calls.putAll(AttributionCalls.of(store, queries, clock, purger, month));
      calls.putAll(TrendCalls.of(store, clock, purger, AttributionCalls.busiestTeam(store)));
      String only = System.getenv("BENCH_ONLY");
      System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
      for (Map.Entry<String, Supplier<Object>> call : calls.entrySet()) {
        if (only == null || java.util.regex.Pattern.compile(only).matcher(call.getKey()).find()) {
          time(call.getKey(), call.getValue(), runs);
        }
      }
      System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
      long hourly =
          store.read(
              handle ->
                  handle
                      .createQuery("SELECT COUNT(*) FROM request_rollups_hourly")
                      .mapTo(Long.class)
                      .one());
      long daily =
          store.read(
              handle ->
                  handle
                      .createQuery("SELECT COUNT(*) FROM request_rollups_daily")
                      .mapTo(Long.class)
                      .one());
      System.out.printf(Locale.ROOT, "rollup rows: %,d hourly, %,d daily%n", hourly, daily);
    }
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static void time(String name, Supplier<Object> call, int runs) {
    call.get();
    call.get();
    List<Long> cpu = new ArrayList<>();
    List<Long> wall = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long wallStart = System.nanoTime();
      call.get();
      wall.add(System.nanoTime() - wallStart);
      cpu.add(THREADS.getCurrentThreadCpuTime() - cpuStart);
    }
    cpu.sort(null);
    wall.sort(null);
    System.out.printf(
        Locale.ROOT,
        "%-58s cpu median %6.1f ms max %6.1f | wall median %6.1f ms max %6.1f%n",
        name,
        cpu.get(runs / 2) / 1e6,
        cpu.get(runs - 1) / 1e6,
        wall.get(runs / 2) / 1e6,
        wall.get(runs - 1) / 1e6);
  }
}
