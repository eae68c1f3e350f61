package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import loom.config.AnalyticsConfig;
import loom.store.Dialect;
import loom.store.Store;
import loom.support.Sleeper;
import loom.testing.CapturedLog;
import loom.testing.TestClock;
import loom.testing.TestStores;
import loom.testing.ThreadsSince;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(Dialect.class)
class AnalyticsWriterTest {
  private static final Duration FLUSH = Duration.ofSeconds(30);

  @Parameter Dialect dialect;
  @RegisterExtension final TestStores stores = new TestStores();
  private final TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final List<AnalyticsWriter> writers = new ArrayList<>();
  private Store store;
  private LogRowStore rows;

  private ThreadsSince threads;

  @BeforeEach
  void open() {
    threads = ThreadsSince.now();
    store = stores.open(dialect);
    rows = new LogRowStore(store);
  }

  @AfterEach
  void closeWriters() {
    writers.forEach(AnalyticsWriter::close);
  }

  @Test
  void everyLogOfferedFromManyThreadsIsWritten() throws Exception {
    AnalyticsWriter writer = writer(20_000, 250, Duration.ofSeconds(30));
    writer.start();
    ExecutorService requests = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> accepted = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t * 2_500;
        accepted.add(
            requests.submit(
                () ->
                    IntStream.range(first, first + 2_500)
                        .filter(i -> writer.offer(LogRowSamples.log(i)))
                        .count()));
      }
      for (Future<Long> count : accepted) {
        assertThat(count.get()).isEqualTo(2_500);
      }
    } finally {
      requests.shutdown();
    }

    writer.flush(FLUSH);

    assertThat(writer.writtenCount()).isEqualTo(10_000);
    assertThat(rows.countLogs()).isEqualTo(10_000);
    assertThat(rows.rollups().stream().mapToLong(Rollup::requests).sum()).isEqualTo(10_000);
    assertThat(writer.droppedCount()).isZero();
    assertThat(writer.queueDepth()).isZero();
    assertThat(writer.storeErrorCount()).isZero();
  }

  @Test
  void writtenLogsComeBackWithEveryFieldAndTheirRollups() {
    List<RequestLog> logs = LogRowSamples.logs(200);
    AnalyticsWriter writer = writer(1_000, 64, Duration.ofSeconds(30));
    writer.start();

    logs.forEach(writer::offer);
    writer.flush(FLUSH);

    assertThat(
            rows.recentLogs(1_000).stream().sorted(Comparator.comparing(RequestLog::id)).toList())
        .usingRecursiveFieldByFieldElementComparator(
            RecursiveComparisonConfiguration.builder()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .build())
        .containsExactlyElementsOf(
            logs.stream().sorted(Comparator.comparing(RequestLog::id)).toList());
    assertThat(rows.rollups())
        .containsExactlyInAnyOrderElementsOf(AnalyticsDaoTest.expectedRollups(logs));
  }

  @Test
  void textsArePreparedOnTheWriterThreadAndStoredWithoutThemWhenThatFails() {
    List<String> threads = new CopyOnWriteArrayList<>();
    AnalyticsWriter writer =
        new AnalyticsWriter(
            store,
            new AnalyticsConfig(100, 10),
            clock,
            log -> {
              threads.add(Thread.currentThread().getName());
              if (log.id().equals(LogRowSamples.log(2).id())) {
                throw new IllegalStateException("redaction failed");
              }
              return log.withBodies("prepared", null);
            },
            sleeper,
            Duration.ofSeconds(30));
    writers.add(writer);
    writer.start();

    List.of(1, 2)
        .forEach(
            i ->
                writer.offer(
                    LogRowSamples.log(i).withTexts("raw error", "raw secret", "raw answer")));
    writer.flush(FLUSH);

    assertThat(threads).containsOnly(AnalyticsWriter.THREAD_NAME).hasSize(2);
    Map<String, RequestLog> stored =
        rows.recentLogs(10).stream().collect(Collectors.toMap(RequestLog::id, log -> log));
    assertThat(stored.get(LogRowSamples.log(1).id()).requestBody()).isEqualTo("prepared");
    assertThat(stored.get(LogRowSamples.log(1).id()).responseBody()).isNull();
    assertThat(stored.get(LogRowSamples.log(2).id()).requestBody()).isNull();
    assertThat(stored.get(LogRowSamples.log(2).id()).responseBody()).isNull();
    assertThat(stored.get(LogRowSamples.log(2).id()).errorMessage()).isNull();
  }

  @Test
  void offersBeyondTheQueueBoundAreDroppedAndCountedAndTheRestWritten() {
    AnalyticsWriter writer = writer(10, 4, Duration.ofSeconds(30));

    List<Boolean> accepted = LogRowSamples.logs(25).stream().map(writer::offer).toList();

    assertThat(accepted.subList(0, 10)).containsOnly(true);
    assertThat(accepted.subList(10, 25)).containsOnly(false);
    assertThat(writer.droppedCount()).isEqualTo(15);
    assertThat(writer.queueDepth()).isEqualTo(10);
    writer.start();
    writer.flush(FLUSH);
    assertThat(writer.writtenCount()).isEqualTo(10);
    assertThat(rows.recentLogs(100))
        .extracting(RequestLog::id)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 10).mapToObj(i -> "log_" + i).toList());
  }

  @Test
  void logsOfferedDuringAStoreOutageAreWrittenOnceItIsBackWithDoublingBackOff()
      throws InterruptedException {
    List<RequestLog> logs = LogRowSamples.logs(600);
    AnalyticsWriter writer = writer(1_000, 50, Duration.ofSeconds(30));
    writer.start();
    renameTable("request_logs", "request_logs_away");

    logs.subList(0, 300).forEach(writer::offer);
    assertThat(sleeper.awaitWaits(10)).as("ten failed attempts").isTrue();
    logs.subList(300, 600).forEach(writer::offer);
    renameTable("request_logs_away", "request_logs");
    writer.flush(FLUSH);

    assertThat(writer.writtenCount()).isEqualTo(600);
    assertThat(rows.countLogs()).isEqualTo(600);
    assertThat(rows.rollups().stream().mapToLong(Rollup::requests).sum()).isEqualTo(600);
    assertThat(writer.droppedCount()).isZero();
    assertThat(writer.storeErrorCount()).isGreaterThanOrEqualTo(10);
    assertThat(sleeper.waits.subList(0, 10))
        .extracting(Duration::toMillis)
        .containsExactly(100L, 200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 10_000L, 10_000L, 10_000L);
  }

  @Test
  void closeWritesEverythingQueuedAndLeavesNoThreadBehind() {
    AnalyticsWriter writer = writer(5_000, 200, Duration.ofSeconds(30));
    LogRowSamples.logs(5_000).forEach(writer::offer);
    writer.start();

    writer.close();

    assertThat(writer.writtenCount()).isEqualTo(5_000);
    assertThat(rows.countLogs()).isEqualTo(5_000);
    assertThat(writerThreadAlive()).isFalse();
  }

  @Test
  void closeOfAWriterNeverStartedStillWritesWhatWasOffered() {
    AnalyticsWriter writer = writer(100, 10, Duration.ofSeconds(30));
    LogRowSamples.logs(100).forEach(writer::offer);

    writer.close();

    assertThat(rows.countLogs()).isEqualTo(100);
    assertThat(writerThreadAlive()).isFalse();
  }

  @Test
  void closeGivesUpAfterItsTimeoutWhenTheStoreStaysDownAndCountsTheLoss() {
    AnalyticsWriter writer = writer(100, 10, Duration.ofMillis(200));
    writer.start();
    renameTable("request_logs", "request_logs_away");
    LogRowSamples.logs(20).forEach(writer::offer);

    writer.close();

    assertThat(writer.unwrittenCount()).isEqualTo(20);
    assertThat(writer.writtenCount()).isZero();
    assertThat(writer.queueDepth()).isZero();
    assertThat(writer.storeErrorCount()).isPositive();
    assertThat(writerThreadAlive()).isFalse();
  }

  @Test
  void offersAfterCloseAreDroppedAndCounted() {
    AnalyticsWriter writer = writer(10, 10, Duration.ofSeconds(30));
    writer.start();
    writer.close();

    assertThat(writer.offer(LogRowSamples.log(1))).isFalse();
    assertThat(writer.offer(null)).isFalse();

    assertThat(writer.droppedCount()).isEqualTo(2);
    assertThat(rows.countLogs()).isZero();
  }

  @Test
  void flushFailsAfterItsTimeoutWhileTheStoreIsDownAndSucceedsOnceItIsBack() {
    AnalyticsWriter writer = writer(10, 10, Duration.ofSeconds(30));
    writer.start();
    renameTable("request_logs", "request_logs_away");
    writer.offer(LogRowSamples.log(1));

    assertThatThrownBy(() -> writer.flush(Duration.ofMillis(200)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 request logs are still not written");
    renameTable("request_logs_away", "request_logs");
    writer.flush(FLUSH);
    assertThat(rows.countLogs()).isEqualTo(1);
  }

  @Test
  void flushOfAWriterThatIsNotRunningFailsAtOnce() {
    AnalyticsWriter writer = writer(10, 10, Duration.ofSeconds(30));
    writer.offer(LogRowSamples.log(1));

    assertThatThrownBy(() -> writer.flush(FLUSH))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
  }

  @Test
  void aLogThatCannotBeStoredIsCountedAndTheOthersAreWritten() {
    RequestLog sample = LogRowSamples.log(1);
    RequestLog tooExpensive =
        new RequestLog(
            "log_huge",
            "req_huge",
            sample.timestamp(),
            "usr_ada",
            null,
            null,
            "POST",
            "/v1/chat/completions",
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            null,
            200,
            new BigDecimal("1E+12"),
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null);
    AnalyticsWriter writer = writer(10, 10, Duration.ofSeconds(30));
    writer.start();

    List.of(LogRowSamples.log(0), tooExpensive, LogRowSamples.log(2)).forEach(writer::offer);
    writer.flush(FLUSH);

    assertThat(writer.writtenCount()).isEqualTo(2);
    assertThat(writer.unwrittenCount()).isEqualTo(1);
    assertThat(rows.recentLogs(10))
        .extracting(RequestLog::id)
        .containsExactlyInAnyOrder("log_0", "log_2");
  }

  @Test
  void aLogOfferedTwiceIsStoredAndRolledUpOnce() {
    AnalyticsWriter writer = writer(10, 10, Duration.ofSeconds(30));
    writer.start();

    writer.offer(LogRowSamples.log(1));
    writer.flush(FLUSH);
    writer.offer(LogRowSamples.log(1));
    writer.flush(FLUSH);

    assertThat(writer.writtenCount()).isEqualTo(1);
    assertThat(rows.countLogs()).isEqualTo(1);
    assertThat(rows.rollups()).singleElement().extracting(Rollup::requests).isEqualTo(1L);
  }

  @Test
  void dropsAreReportedAtMostOnceAMinute() {
    try (CapturedLog log = CapturedLog.of(AnalyticsWriter.class)) {
      AnalyticsWriter writer = writer(2, 2, Duration.ofSeconds(30));
      LogRowSamples.logs(5).forEach(writer::offer);
      writer.reportDrops(false);
      writer.reportDrops(false);
      assertThat(dropWarnings(log)).singleElement().asString().startsWith("Dropped 3 request logs");

      IntStream.range(5, 7).mapToObj(LogRowSamples::log).forEach(writer::offer);
      clock.advance(Duration.ofSeconds(59));
      writer.reportDrops(false);
      assertThat(dropWarnings(log)).hasSize(1);

      clock.advance(Duration.ofSeconds(1));
      writer.reportDrops(false);
      assertThat(dropWarnings(log)).hasSize(2);
      assertThat(dropWarnings(log).get(1))
          .startsWith("Dropped 2 request logs since the last report (5 in total)");
    }
  }

  private static List<String> dropWarnings(CapturedLog log) {
    return log.messagesAtLeast(Level.WARNING).stream()
        .filter(message -> message.startsWith("Dropped"))
        .toList();
  }

  private AnalyticsWriter writer(int capacity, int batchSize, Duration closeTimeout) {
    AnalyticsWriter writer =
        new AnalyticsWriter(
            store, new AnalyticsConfig(capacity, batchSize), clock, sleeper, closeTimeout);
    writers.add(writer);
    return writer;
  }

  /** Takes the table away (every insert fails at once) or brings it back; the same SQL on both dialects. */
  private void renameTable(String from, String to) {
    store.write(handle -> handle.execute("ALTER TABLE " + from + " RENAME TO " + to));
  }

  /** Whether a writer thread this test started is alive (another gateway in this JVM may run its own). */
  private boolean writerThreadAlive() {
    return threads.started().stream()
        .anyMatch(thread -> thread.getName().equals(AnalyticsWriter.THREAD_NAME));
  }

  /** Records the back-off waits instead of sitting them out (a millisecond each, so a failing store is not hammered). */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Semaphore slept = new Semaphore(0);

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
      slept.release();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }

    boolean awaitWaits(int count) throws InterruptedException {
      return slept.tryAcquire(count, 10, TimeUnit.SECONDS);
    }
  }
}
