package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import loom.config.StorageConfig;
import loom.store.Dialect;
import loom.store.Store;
import loom.testing.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class RetentionPurgerTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:30:00Z");

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private StorageConfig config;
  private Store store;
  private LogRowStore rows;

  @BeforeEach
  void open() {
    config = stores.migrated(dialect);
    store = stores.open(config);
    rows = new LogRowStore(store);
  }

  @Test
  void logsOlderThanTheRetentionAreDeletedInBatchesAndTheirRollupsKept() {
    List<Integer> ageInDays = List.of(200, 120, 100, 95, 91, 90, 89, 30, 1, 0);
    LogRowSamples.write(
        store,
        IntStream.range(0, ageInDays.size())
            .mapToObj(
                i ->
                    LogRowSamples.log(
                        i, NOW.minus(Duration.ofDays(ageInDays.get(i))).plusSeconds(1), "usr_ada"))
            .toList());
    List<Rollup> rollupsBefore = rows.rollups();

    RetentionPurger.Result result =
        new RetentionPurger(store, retention(Duration.ofDays(90), Duration.ofDays(730)), 2)
            .purge(NOW);

    assertThat(result.logs()).isEqualTo(5);
    assertThat(result.batches()).isEqualTo(3);
    assertThat(result.rollupRows()).isZero();
    assertThat(rows.recentLogs(100))
        .extracting(RequestLog::id)
        .containsExactlyInAnyOrder("log_5", "log_6", "log_7", "log_8", "log_9");
    assertThat(rows.rollups()).isEqualTo(rollupsBefore);
  }

  @Test
  void rollupsOlderThanTheirRetentionAreDeletedByWholeHours() {
    Instant cutoff = NOW.minus(Duration.ofDays(30));
    LogRowSamples.write(
        store,
        List.of(
            LogRowSamples.log(0, cutoff.minus(Duration.ofHours(5)), "usr_ada"),
            LogRowSamples.log(1, cutoff.minus(Duration.ofMinutes(31)), "usr_ada"),
            LogRowSamples.log(2, cutoff.minus(Duration.ofMinutes(1)), "usr_bob"),
            LogRowSamples.log(3, cutoff.plus(Duration.ofHours(2)), "usr_ada")));
    new AttributedRollupJob(store).run(NOW);

    RetentionPurger.Result result =
        new RetentionPurger(store, retention(Duration.ofDays(1), Duration.ofDays(30))).purge(NOW);

    assertThat(result.logs()).isEqualTo(4);
    assertThat(result.batches()).isEqualTo(1);
    // The cutoff is 12:30: the rollups of 07:00 and 11:00 go, the hour the cutoff falls in (12:00)
    // stays; so do the attributed rows of those two hours (one per dimension each).
    assertThat(result.rollupRows()).isEqualTo(2 + 2 * AttributedRollups.DIMENSIONS.size());
    assertThat(rows.rollups())
        .extracting(Rollup::hour)
        .containsExactly(
            Instant.parse("2026-05-02T12:00:00Z"), Instant.parse("2026-05-02T14:00:00Z"));
    assertThat(rows.countLogs()).isZero();
  }

  @Test
  void dailyRollupsGoOnceTheirWholeDayIsPastTheRollupRetention() {
    Instant cutoff = NOW.minus(Duration.ofDays(30));
    LogRowSamples.write(
        store,
        List.of(
            LogRowSamples.log(0, cutoff.minus(Duration.ofDays(2)), "usr_ada"),
            LogRowSamples.log(1, cutoff.minus(Duration.ofDays(1)), "usr_ada"),
            LogRowSamples.log(2, cutoff.minus(Duration.ofHours(5)), "usr_bob"),
            LogRowSamples.log(3, cutoff.plus(Duration.ofHours(2)), "usr_ada")));
    new AttributedRollupJob(store).run(NOW);
    List<Rollup> days = rows.dailyRollups();

    RetentionPurger.Result result =
        new RetentionPurger(store, retention(Duration.ofDays(1), Duration.ofDays(30))).purge(NOW);

    // The cutoff is 2026-05-02T12:30: the days before it go; its own day stays whole, with the
    // hours before the cutoff that the hourly rollups no longer have (so a range holding that whole
    // day still counts them). Three hourly rows, two daily ones, and the attributed rows of the
    // three hours and two days, narrow and by user: one per dimension each (no attribution but a
    // key and an end user, so one value per dimension).
    assertThat(result.rollupRows())
        .isEqualTo(3 + 2 + (3 + 2 + 2) * AttributedRollups.DIMENSIONS.size());
    assertThat(rows.rollups())
        .extracting(Rollup::hour)
        .containsExactly(Instant.parse("2026-05-02T14:00:00Z"));
    assertThat(rows.dailyRollups())
        .extracting(Rollup::hour)
        .containsExactly(
            Instant.parse("2026-05-02T00:00:00Z"), Instant.parse("2026-05-02T00:00:00Z"));
    assertThat(rows.dailyRollups()).isEqualTo(days.subList(2, 4));
  }

  @Test
  void aPurgeWithNothingToDeleteDeletesNothing() {
    LogRowSamples.write(store, LogRowSamples.logs(20));

    RetentionPurger.Result result = new RetentionPurger(store, config).purge(LogRowSamples.START);

    assertThat(result).isEqualTo(new RetentionPurger.Result(0, 0, 1));
    assertThat(rows.countLogs()).isEqualTo(20);
  }

  private StorageConfig retention(Duration logs, Duration rollups) {
    return new StorageConfig(config.url(), config.username(), config.password(), logs, rollups);
  }
}
