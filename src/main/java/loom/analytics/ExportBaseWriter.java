package loom.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/** The call order and row count every {@link ExportWriter} shares; subclasses only write. */
abstract class ExportBaseWriter implements ExportWriter {
  private enum State {
    NEW,
    OPEN,
    ENDED,
    CLOSED
  }

  private State state = State.NEW;
  private long rows;

  @Override
  public final void begin() {
    requireState(State.NEW, "begin() once, before anything else");
    run(this::writeStart);
    state = State.OPEN;
  }

  @Override
  public final void write(RequestLog row) {
    Objects.requireNonNull(row, "row");
    requireState(State.OPEN, "write(row) between begin() and end()");
    run(() -> writeRow(row));
    rows++;
  }

  @Override
  public final void end() {
    requireState(State.OPEN, "end() once, after begin()");
    run(this::writeEnd);
    state = State.ENDED;
  }

  @Override
  public final long rows() {
    return rows;
  }

  @Override
  public final void close() {
    if (state != State.CLOSED) {
      state = State.CLOSED;
      run(this::release);
    }
  }

  /** Writes what comes before the first row. */
  abstract void writeStart() throws IOException;

  abstract void writeRow(RequestLog row) throws IOException;

  /** Writes what comes after the last row and flushes the target. */
  abstract void writeEnd() throws IOException;

  /** Flushes buffered output to the target without closing the target. */
  abstract void release() throws IOException;

  /** A cost as exports show it: {@link Money#plain}; write it with a plain (never exponent) notation. */
  static BigDecimal exportedCost(BigDecimal usd) {
    return Money.plain(usd);
  }

  private void requireState(State expected, String rule) {
    if (state != expected) {
      throw new IllegalStateException(
          "Call " + rule + "; this export is " + state.name().toLowerCase(Locale.ROOT));
    }
  }

  private static void run(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
