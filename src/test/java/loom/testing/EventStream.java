package loom.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One server-sent event stream of {@link FakeUpstream}: writes events with or without an
 * {@code event:} line, paces the content pieces as the test asked (slowly, or held at a gate after
 * the first) and reports through the {@link Signals} how it ended. One per stream, on one thread.
 */
final class EventStream {
  private final OutputStream out;
  private final Controls controls;

  private EventStream(OutputStream out, Controls controls) {
    this.out = out;
    this.controls = controls;
  }

  /** What writes the events of one stream; returns when it is done or decides to stop early. */
  @FunctionalInterface
  interface Body {
    void write(EventStream stream) throws IOException, InterruptedException;
  }

  /**
   * Answers 200 with an event stream written by {@code body}; a reader that goes away is noted as an
   * aborted stream, not an error.
   */
  static void run(HttpExchange exchange, Controls controls, Body body)
      throws IOException, InterruptedException {
    controls.signals().lastCompleted = false;
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    try {
      body.write(new EventStream(exchange.getResponseBody(), controls));
    } catch (IOException e) {
      // The reader went away: that is what cancellation tests wait for.
      controls.signals().aborted.countDown();
    }
  }

  /** The content pieces this stream sends: the test's slow pieces, else {@code defaults}. */
  List<String> pieces(List<String> defaults) {
    return controls.pieces(defaults);
  }

  /** An OpenAI chat-style event: a {@code data:} line only. */
  void data(String data) throws IOException {
    write("data: " + data + "\n\n");
  }

  /** A named event: an {@code event:} line, then the {@code data:} line. */
  void event(String type, String data) throws IOException {
    write("event: " + type + "\ndata: " + data + "\n\n");
  }

  /**
   * Waits before content piece {@code index} as a slow stream does (not before the first); false if
   * the upstream was closed meanwhile.
   */
  boolean awaitPiece(int index) throws InterruptedException {
    var slow = controls.slowStream();
    if (index == 0 || slow == null) {
      return true;
    }
    return !controls.closed().await(slow.interval().toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * After content piece {@code index}: holds after the first at the test's gate, if any; false if it
   * was never released, and the stream should end short of its last event.
   */
  boolean holdAfter(int index) throws InterruptedException {
    var gate = controls.gate();
    return index != 0 || gate == null || gate.hold(FakeUpstream.HOLD_LIMIT);
  }

  /** Notes that the stream wrote its last event. */
  void completed() {
    controls.signals().lastCompleted = true;
    controls.signals().completed.countDown();
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(UTF_8));
    out.flush();
  }

  /** Makes streams send {@code events} content pieces, one now, then one per {@code interval}. */
  record SlowStream(int events, Duration interval) {
    List<String> pieces() {
      return IntStream.rangeClosed(1, events).mapToObj(i -> "piece " + i + " ").toList();
    }
  }

  /** What the streams started between two resets did; fresh after each reset. */
  static final class Signals {
    final CountDownLatch completed = new CountDownLatch(1);
    final CountDownLatch aborted = new CountDownLatch(1);
    volatile boolean lastCompleted;
  }
}
