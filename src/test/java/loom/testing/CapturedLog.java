package loom.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the gateway logs under one logger name (and the names below it) while this is open, each record with its
 * message formatted as the container log would show it. SLF4J logs through java.util.logging in the gateway and its
 * tests, so this sees everything a deploy's log would. Close it to stop capturing.
 */
public final class CapturedLog implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  /** Held strongly: java.util.logging keeps its loggers, and so our handler, only weakly. */
  private final Logger logger;

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          LogRecord formatted =
              new LogRecord(record.getLevel(), new SimpleFormatter().formatMessage(record));
          formatted.setLoggerName(record.getLoggerName());
          formatted.setThrown(record.getThrown());
          records.add(formatted);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private CapturedLog(Logger logger) {
    this.logger = logger;
    logger.addHandler(handler);
  }

  /** Captures what is logged under {@code loggerName}: a class's name, or a package's for all of it. */
  public static CapturedLog of(String loggerName) {
    return new CapturedLog(Logger.getLogger(loggerName));
  }

  /** Captures what {@code type}'s logger logs. */
  public static CapturedLog of(Class<?> type) {
    return of(type.getName());
  }

  /** Every record so far, in order, messages formatted. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** The messages of the records at {@code level} or above. */
  public List<String> messagesAtLeast(Level level) {
    return records.stream()
        .filter(record -> record.getLevel().intValue() >= level.intValue())
        .map(LogRecord::getMessage)
        .toList();
  }

  /** Every message so far, one per line. */
  public String text() {
    return String.join("\n", messagesAtLeast(Level.ALL));
  }

  /**
   * Waits until a message containing {@code fragment} has been logged, and returns {@link #text()}.
   *
   * @throws AssertionError if none is within {@code timeout}
   */
  public String awaitLine(String fragment, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!text().contains(fragment)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "no '" + fragment + "' logged within " + timeout + "; logged:\n" + text());
      }
      Thread.sleep(POLL.toMillis());
    }
    return text();
  }

  /** Forgets what was captured so far. */
  public void clear() {
    records.clear();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
