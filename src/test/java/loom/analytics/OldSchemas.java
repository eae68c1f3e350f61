package loom.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import loom.config.StorageConfig;
import loom.store.Dialect;
import loom.store.Store;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * Stores as earlier schema versions left them, for the tests of the migrations that come after: migrated up to a
 * version only, and written with the columns of then (as the writer of then wrote them).
 */
final class OldSchemas {
  /** The columns of {@code request_logs} before V8 (no endpoint, no cache writes). */
  static final List<String> LOG_COLUMNS_BEFORE_V8 =
      List.of(
          "id",
          "request_id",
          "ts",
          "user_id",
          "api_key_id",
          "end_user",
          "method",
          "path",
          "provider_id",
          "model_name",
          "prompt_tokens",
          "completion_tokens",
          "total_tokens",
          "cached_tokens",
          "reasoning_tokens",
          "latency_ms",
          "time_to_first_byte_ms",
          "status_code",
          "cost_nanos",
          "cost_saved_nanos",
          "price_version",
          "cache_status",
          "stream",
          "error_message",
          "request_body",
          "response_body",
          "metadata");

  /** The sums of the rollups before V8 (no cache writes). */
  static final List<String> ROLLUP_SUMS_BEFORE_V8 =
      List.of(
          "requests",
          "errors",
          "prompt_tokens",
          "completion_tokens",
          "total_tokens",
          "cached_tokens",
          "cost_nanos",
          "cost_saved_nanos",
          "cache_hits",
          "latency_sum_ms",
          "le_1",
          "le_2",
          "le_5",
          "le_10",
          "le_25",
          "le_50",
          "le_100",
          "le_250",
          "le_500",
          "le_1000",
          "le_2500",
          "le_5000",
          "le_10000",
          "le_30000",
          "le_60000",
          "le_120000",
          "le_inf");

  private OldSchemas() {}

  /** Applies the migrations up to {@code version} only. */
  static void migrate(StorageConfig config, Dialect dialect, String version) {
    Flyway.configure(Store.class.getClassLoader())
        .dataSource(config.url(), config.username(), config.password().value())
        .locations("classpath:db/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
        .target(version)
        .load()
        .migrate();
  }

  /** Inserts logs with the columns before V8; their endpoint and cache writes are left out. */
  static void insertLogs(StorageConfig config, List<RequestLog> logs) {
    String sql =
        "INSERT INTO request_logs ("
            + String.join(", ", LOG_COLUMNS_BEFORE_V8)
            + ") VALUES ("
            + LOG_COLUMNS_BEFORE_V8.stream()
                .map(OldSchemas::parameter)
                .collect(Collectors.joining(", "))
            + ")";
    batch(config, sql, new ArrayList<>(logs.stream().map(LogRow::of).toList()));
  }

  /** Inserts rollup rows with the keys and sums before V8: their endpoint and cache writes are left out. */
  static void insertRollups(StorageConfig config, RollupTable table, List<Rollup> rollups) {
    List<String> columns = new ArrayList<>(List.of("user_id", "provider_id", "model_name"));
    columns.addAll(ROLLUP_SUMS_BEFORE_V8);
    String sql =
        "INSERT INTO "
            + table.table()
            + " ("
            + table.startColumn()
            + ", "
            + String.join(", ", columns)
            + ") VALUES (:hourStart, "
            + columns.stream().map(OldSchemas::parameter).collect(Collectors.joining(", "))
            + ")";
    batch(config, sql, new ArrayList<>(rollups));
  }

  private static void batch(StorageConfig config, String sql, List<Object> rows) {
    Jdbi.create(config.url(), config.username(), config.password().value())
        .useHandle(
            handle -> {
              var batch = handle.prepareBatch(sql);
              rows.forEach(row -> batch.bindMethods(row).add());
              batch.execute();
            });
  }

  /** {@code cost_saved_nanos} → {@code :costSavedNanos}, {@code le_50} → {@code :le50}. */
  private static String parameter(String column) {
    StringBuilder name = new StringBuilder(":");
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper && Character.isLetter(c) ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }
}
