package loom.analytics;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import loom.config.AnalyticsConfig;
import loom.config.Secret;
import loom.config.StorageConfig;
import loom.proxy.Attribution;
import loom.store.Store;

/**
 * Sustained throughput of {@link AnalyticsWriter} into a real store: offers N realistic rows (default
 * 200,000; 50 users × 2 providers × 3 models, spread over hours, attributed to keys, teams, sessions, tools
 * and tags) as fast as the queue takes them, waits until
 * they are written, and prints rows/s. Also the cost of {@code offer} on the request thread. Run it with
 * {@code bench/writer-throughput.sh [sqlite|postgresql|both] [rows]}; not a test (no *Test name).
 */
public final class AnalyticsWriterBench {
  private static final AnalyticsConfig CONFIG =
      new AnalyticsConfig(
          AnalyticsConfig.DEFAULT_QUEUE_CAPACITY, AnalyticsConfig.DEFAULT_BATCH_SIZE);

  private AnalyticsWriterBench() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "both";
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Path folder = Files.createTempDirectory("loom-bench");
    if (which.equals("sqlite") || which.equals("both")) {
      StorageConfig config =
          new StorageConfig("jdbc:sqlite:" + folder.resolve("bench.db"), "", new Secret(""));
      run("SQLite", config, rows);
    }
    if (which.equals("postgresql") || which.equals("both")) {
      try (EmbeddedPostgres postgres =
          EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE loom_bench");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/loom_bench";
        run("PostgreSQL (embedded)", new StorageConfig(url, "postgres", new Secret("")), rows);
      }
    }
    deleteAll(folder);
  }

  private static void run(String name, StorageConfig config, int rows) {
    try (Store store = Store.open(config)) {
      measure(store, 0, Math.min(rows, 20_000));
      Result result = measure(store, 1_000_000, rows);
      long stored = new LogRowStore(store).countLogs();
      System.out.printf(
          Locale.ROOT,
          "%-22s %,d rows in %,d ms = %,.0f rows/s (batch %d, queue %,d; dropped %d, "
              + "store errors %d, rows in table %,d); offer() p50 %,d ns, p99 %,d ns, max %,d ns%n",
          name,
          rows,
          result.millis,
          rows * 1000.0 / result.millis,
          CONFIG.batchSize(),
          CONFIG.queueCapacity(),
          result.dropped,
          result.storeErrors,
          stored,
          result.offerP50,
          result.offerP99,
          result.offerMax);
      // The attributed rollups are the job's, not the writer's: its time per row is part of what a
      // row costs.
      long start = System.nanoTime();
      int hours = new AttributedRollupJob(store).run(Instant.parse("2026-03-02T00:00:00Z"));
      long jobMillis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
      double jobMillisPerRow = (double) jobMillis / stored;
      System.out.printf(
          Locale.ROOT,
          "%-22s attributed rollup job: %d five-minute slices, %,d rows in %,d ms = %,.0f rows/s;"
              + " writer and job together %,.0f rows/s%n",
          name,
          hours,
          stored,
          jobMillis,
          stored * 1000.0 / jobMillis,
          rows * 1000.0 / (result.millis + jobMillisPerRow * rows));
    }
  }

  private record Result(
      long millis, long dropped, long storeErrors, long offerP50, long offerP99, long offerMax) {}

  /** Offers rows first..first+count, never more than the queue holds (so nothing is dropped), and waits for them. */
  private static Result measure(Store store, int first, int count) {
    long[] offerNanos = new long[count];
    Instant base = Instant.parse("2026-03-01T00:00:00Z");
    try (AnalyticsWriter writer = new AnalyticsWriter(store, CONFIG, Clock.systemUTC())) {
      writer.start();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        RequestLog log =
            attributed(
                LogRowSamples.log(first + i, base.plusMillis(20L * i), "usr_" + (i % 50)),
                first + i);
        while (writer.queueDepth() >= CONFIG.queueCapacity()) {
          Thread.onSpinWait();
        }
        long before = System.nanoTime();
        writer.offer(log);
        offerNanos[i] = System.nanoTime() - before;
      }
      writer.flush(Duration.ofMinutes(10));
      long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
      Arrays.sort(offerNanos);
      return new Result(
          millis,
          writer.droppedCount(),
          writer.storeErrorCount(),
          offerNanos[count / 2],
          offerNanos[(int) (count * 0.99)],
          offerNanos[count - 1]);
    }
  }

  /**
   * The row with the attribution of a busy gateway: 2,000 keys of 50 teams, 500 end users, 100 agent sessions at a
   * time (each new every 5,000 rows: a few minutes at this rate), their client tools, and 0–3 of 200 tags.
   */
  private static RequestLog attributed(RequestLog log, int i) {
    int key = (int) ((i * 7_919L) % 2_000);
    int session = i % 100 + i / 5_000 * 100;
    List<String> tags = new ArrayList<>();
    for (int t = 0; t < i % 4; t++) {
      tags.add("tag:" + (i * 31 + t * 17) % 200);
    }
    String tool = new String[] {"claude-code", "codex", "openai-sdk-python"}[session % 3];
    return LogRowSamples.attributed(
        log,
        "key_" + key,
        "end-user-" + i % 500,
        new Attribution("team_" + key % 50, "ses_" + session, tool, tags),
        BigDecimal.ZERO);
  }

  private static void deleteAll(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
