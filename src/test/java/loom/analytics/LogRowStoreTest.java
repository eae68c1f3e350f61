package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
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
class LogRowStoreTest {
  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Store store;
  private LogRowStore rows;

  @BeforeEach
  void open() {
    store = stores.open(dialect);
    rows = new LogRowStore(store);
  }

  @Test
  void erasingAUserDeletesTheirLogsAndRollupRowsAndNothingElse() {
    List<RequestLog> logs = LogRowSamples.logs(300);
    LogRowSamples.write(store, logs);
    List<RequestLog> ofAda = logs.stream().filter(log -> "usr_ada".equals(log.userId())).toList();
    List<Rollup> rollupsOfOthers =
        rows.rollups().stream().filter(rollup -> !rollup.userId().equals("usr_ada")).toList();
    List<Rollup> daysOfOthers =
        rows.dailyRollups().stream().filter(rollup -> !rollup.userId().equals("usr_ada")).toList();
    long rollupsOfAda =
        rows.countRollups()
            - rollupsOfOthers.size()
            + rows.countDailyRollups()
            - daysOfOthers.size();

    LogRowStore.ErasureCounts erased = rows.eraseUser("usr_ada");

    assertThat(erased).isEqualTo(new LogRowStore.ErasureCounts(ofAda.size(), rollupsOfAda));
    assertThat(ofAda).hasSize(100);
    assertThat(rollupsOfAda).isPositive();
    assertThat(rows.countLogs()).isEqualTo(200);
    assertThat(rows.recentLogs(1_000)).extracting(RequestLog::userId).doesNotContain("usr_ada");
    assertThat(rows.rollups()).isEqualTo(rollupsOfOthers);
    assertThat(rows.dailyRollups()).isEqualTo(daysOfOthers).isNotEmpty();
    assertThat(rows.eraseUser("usr_ada")).isEqualTo(new LogRowStore.ErasureCounts(0, 0));
  }

  @Test
  void erasingAUserWithMoreLogsThanOneBatchDeletesThemAll() {
    int count = LogRowStore.DELETE_BATCH + 7;
    LogRowSamples.write(
        store,
        IntStream.range(0, count)
            .mapToObj(i -> LogRowSamples.log(i, LogRowSamples.START.plusMillis(i), "usr_big"))
            .toList());

    assertThat(rows.eraseUser("usr_big").logs()).isEqualTo(count);
    assertThat(rows.countLogs()).isZero();
  }

  @Test
  void recentLogsAreNewestFirst() {
    LogRowSamples.write(store, LogRowSamples.logs(5));

    assertThat(rows.recentLogs(3))
        .extracting(RequestLog::id)
        .containsExactly("log_4", "log_3", "log_2");
  }
}
