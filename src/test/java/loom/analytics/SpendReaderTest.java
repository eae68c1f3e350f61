package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
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
class SpendReaderTest {
  private static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");
  private static final Instant HOUR = DAY.plus(Duration.ofHours(9)); // 09:00, the hour "now" is in
  private static final Instant NOW = HOUR.plus(Duration.ofMinutes(40));

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private Store store;
  private SpendReader reader;
  private List<RequestLog> logs;

  @BeforeEach
  void storeWithLogs() {
    store = stores.open(dialect);
    reader = new SpendReader(store);
    // Some in earlier hours of the day, some in the current hour up to "now"; one user.
    logs =
        IntStream.range(0, 30)
            .mapToObj(
                i ->
                    LogRowSamples.log(
                        i,
                        i < 10
                            ? DAY.plus(Duration.ofMinutes(45L * i + 7))
                            : HOUR.plus(Duration.ofMinutes(2L * (i - 10))),
                        "usr_ann"))
            .toList();
    LogRowSamples.write(store, logs);
  }

  @Test
  void spendUntilNowIsEveryStoredCostOfTheRange() {
    BigDecimal expected =
        logs.stream().map(RequestLog::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(expected).isPositive();

    assertThat(reader.spendUntil("usr_ann", DAY, NOW)).isEqualByComparingTo(expected);
    assertThat(reader.spendUntil((String) null, DAY, NOW)).isEqualByComparingTo(expected);
    assertThat(reader.spendUntil("usr_bob", DAY, NOW)).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(reader.spend("usr_ann", DAY, NOW.plusMillis(1))).isEqualByComparingTo(expected);
  }

  @Test
  void theCurrentHourComesFromItsRollupNotFromItsRawRows() {
    BigDecimal before = reader.spendUntil("usr_ann", DAY, NOW);
    int deleted =
        store.write(h -> h.execute("DELETE FROM request_logs WHERE ts >= ?", HOUR.toEpochMilli()));
    assertThat(deleted).isEqualTo(20);

    // The hourly rollup of 09:00 still holds those rows' cost: the reader never scans the hour's
    // raw rows.
    assertThat(reader.spendUntil("usr_ann", DAY, NOW)).isEqualByComparingTo(before);
    // An exact range that ends inside the hour does read them, and so misses what was deleted.
    assertThat(reader.spend("usr_ann", DAY, NOW.plusMillis(1))).isLessThan(before);
  }
}
