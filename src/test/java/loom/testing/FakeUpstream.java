package loom.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * An OpenAI-compatible HTTP server on 127.0.0.1 that integration tests use as the LLM provider: it
 * answers chat, completions, embeddings and models with canned JSON or SSE, records every request,
 * and can be told to delay, fail, hold or slowly drip its answers. All methods are thread-safe;
 * each request runs on its own daemon thread, so held streams never block other requests.
 */
public final class FakeUpstream implements AutoCloseable {
  /** How long a held stream waits for {@link StreamGate#release()} before it gives up. */
  static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

  private static final List<String> STREAMED_PIECES = List.of("fake ", "answer ", "streamed");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Object arrivals = new Object();

  private volatile Duration delay = Duration.ZERO;
  private volatile Canned canned;
  private volatile StreamGate gate;
  private volatile StreamGate headerGate;
  private volatile Fault fault;
  private volatile SlowStream slowStream;
  private volatile StreamSignals signals = new StreamSignals();

  private FakeUpstream(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on {@code port} of 127.0.0.1; port 0 picks a free one. */
  public static FakeUpstream start(int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind fake upstream to port " + port, e);
    }
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              var thread = new Thread(task, "fake-upstream-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    var upstream = new FakeUpstream(server, executor);
    server.createContext("/", upstream::handle);
    server.setExecutor(executor);
    server.start();
    return upstream;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The OpenAI base URL, {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  // Controls ---

  /** Waits this long before sending any response status; {@link #close()} ends the wait. */
  public void delayBeforeHeaders(Duration delay) {
    this.delay = Objects.requireNonNull(delay, "delay");
  }

  /** Answers every request until {@link #reset()} with exactly this; null content type: none. */
  public void respondWith(int status, String contentType, String body) {
    this.canned = new Canned(status, contentType, Objects.requireNonNull(body, "body"));
  }

  /**
   * Makes streamed answers stop after their first event until the returned gate is released, at
   * most 30 s; a stream never released by then ends without {@code [DONE]}.
   */
  public StreamGate holdStreamAfterFirstChunk() {
    var newGate = new StreamGate();
    this.gate = newGate;
    return newGate;
  }

  /**
   * Makes every request wait, before any response status, until the returned gate is released (at most
   * 30 s; never released by then: the connection is closed without an answer).
   */
  public StreamGate holdBeforeHeaders() {
    var newGate = new StreamGate();
    this.headerGate = newGate;
    return newGate;
  }

  /** Ways an upstream can break a connection; see {@link #failWith}. */
  public enum Fault {
    /** Closes the connection without sending any response. */
    DROP_CONNECTION,
    /** Sends 200 with a Content-Length, half the JSON body, then closes the connection. */
    TRUNCATE_BODY,
    /** Sends 200 with a Content-Length and half the JSON body, then sends nothing more for 30 s. */
    STALL_MID_BODY
  }

  /** Answers every request until {@link #reset()} by failing this way. */
  public void failWith(Fault fault) {
    this.fault = Objects.requireNonNull(fault, "fault");
  }

  /** Makes streamed answers send {@code events} content events: one now, then one per interval. */
  public void streamSlowly(int events, Duration interval) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be at least 1: " + events);
    }
    this.slowStream = new SlowStream(events, Objects.requireNonNull(interval, "interval"));
  }

  /** Clears all controls and recordings; releases a gate still holding streams. */
  public void reset() {
    var oldGate = gate;
    if (oldGate != null) {
      oldGate.release();
    }
    var oldHeaderGate = headerGate;
    if (oldHeaderGate != null) {
      oldHeaderGate.release();
    }
    delay = Duration.ZERO;
    canned = null;
    gate = null;
    headerGate = null;
    fault = null;
    slowStream = null;
    signals = new StreamSignals();
    requests.clear();
  }

  // Observations ---

  /** Whether the most recently started stream (since reset) has written its {@code [DONE]}. */
  public boolean lastStreamCompleted() {
    return signals.lastCompleted;
  }

  /** Waits until a stream started since reset has written {@code [DONE]}; true if so in time. */
  public boolean awaitStreamCompleted(Duration timeout) throws InterruptedException {
    return signals.completed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until a stream started since reset failed to write (its reader left); true if so. */
  public boolean awaitStreamAborted(Duration timeout) throws InterruptedException {
    return signals.aborted.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** How many requests arrived since start or reset, counted before any delay. */
  public int requestCount() {
    return requests.size();
  }

  /** Waits until {@code count} requests arrived since start or reset; true if so in time. */
  public boolean awaitRequestCount(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrivals) {
      while (requests.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(arrivals, left);
      }
      return true;
    }
  }

  /** The latest request; throws if none arrived since start or reset. */
  public RecordedRequest lastRequest() {
    var snapshot = requests();
    if (snapshot.isEmpty()) {
      throw new IllegalStateException("no request received since start or reset");
    }
    return snapshot.get(snapshot.size() - 1);
  }

  /** The requests since start or reset, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** Stops at once: open connections are closed and waiting handlers interrupted. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // Serving ---

  private void handle(HttpExchange exchange) throws IOException {
    try {
      var request = record(exchange);
      if (!delay.isZero() && closed.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
      var held = headerGate;
      if (held != null && !held.hold(HOLD_LIMIT)) {
        throw new DroppedConnection();
      }
      var broken = fault;
      if (broken != null) {
        fail(exchange, broken);
        return;
      }
      var answer = canned;
      if (answer != null) {
        send(exchange, answer.status(), answer.contentType(), answer.body());
        return;
      }
      route(exchange, request);
    } catch (InterruptedException e) {
      // close() interrupted us: the connection is gone anyway.
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private RecordedRequest record(HttpExchange exchange) throws IOException {
    var body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
    var request =
        new RecordedRequest(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders(),
            body);
    synchronized (arrivals) {
      requests.add(request);
      arrivals.notifyAll();
    }
    return request;
  }

  private void route(HttpExchange exchange, RecordedRequest request)
      throws IOException, InterruptedException {
    var route = request.method() + " " + request.path();
    switch (route) {
      case "POST /v1/chat/completions" -> complete(exchange, request, true);
      case "POST /v1/completions" -> complete(exchange, request, false);
      case "POST /v1/embeddings" -> {
        var json = parse(exchange, request);
        if (json != null) {
          var inputs = inputCount(json.path("input"));
          sendJson(exchange, 200, FakeAnswers.embeddings(model(json), inputs));
        }
      }
      case "GET /v1/models" -> sendJson(exchange, 200, FakeAnswers.models());
      default -> sendJson(exchange, 404,
          FakeAnswers.error("Invalid URL (" + route + ")", "invalid_request_error", null));
    }
  }

  private void complete(HttpExchange exchange, RecordedRequest request, boolean chat)
      throws IOException, InterruptedException {
    var json = parse(exchange, request);
    if (json == null) {
      return;
    }
    if (json.path("stream").asBoolean(false)) {
      var includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
      stream(exchange, chat, model(json), includeUsage);
    } else {
      var model = model(json);
      sendJson(exchange, 200,
          chat ? FakeAnswers.chatCompletion(model) : FakeAnswers.textCompletion(model));
    }
  }

  /** The request body as JSON, or null after answering 400 because it isn't JSON. */
  private static JsonNode parse(HttpExchange exchange, RecordedRequest request) throws IOException {
    try {
      return request.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(request.body());
    } catch (JsonProcessingException e) {
      sendJson(exchange, 400, FakeAnswers.error(
          "We could not parse the JSON body of your request.", "invalid_request_error", null));
      return null;
    }
  }

  private static String model(JsonNode json) {
    return json.path("model").asText("fake-model-a");
  }

  /** A string or a single token array is one input; an array of strings or token arrays is many. */
  private static int inputCount(JsonNode input) {
    if (!input.isArray() || input.isEmpty() || input.get(0).isNumber()) {
      return 1;
    }
    return input.size();
  }

  private void stream(HttpExchange exchange, boolean chat, String model, boolean includeUsage)
      throws IOException, InterruptedException {
    // Capture the controls once so a reset() mid-stream doesn't mix two configurations.
    var streamSignals = signals;
    var streamGate = gate;
    var slow = slowStream;
    var pieces = slow == null ? STREAMED_PIECES
        : IntStream.rangeClosed(1, slow.events()).mapToObj(i -> "piece " + i + " ").toList();
    var interval = slow == null ? Duration.ZERO : slow.interval();
    streamSignals.lastCompleted = false;
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    var out = exchange.getResponseBody();
    try {
      for (int i = 0; i < pieces.size(); i++) {
        if (i > 0 && !interval.isZero() && closed.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
          return;
        }
        writeEvent(out, FakeAnswers.chunk(chat, model, pieces.get(i), i == 0));
        if (i == 0 && streamGate != null && !streamGate.hold(HOLD_LIMIT)) {
          return; // never released: end without [DONE] so the forgetful test notices
        }
      }
      writeEvent(out, FakeAnswers.finishChunk(chat, model));
      if (includeUsage) {
        writeEvent(out, FakeAnswers.usageChunk(chat, model, pieces.size()));
      }
      writeEvent(out, "[DONE]");
      streamSignals.lastCompleted = true;
      streamSignals.completed.countDown();
    } catch (IOException e) {
      // The reader went away: that is what cancellation tests wait for.
      streamSignals.aborted.countDown();
    }
  }

  private void fail(HttpExchange exchange, Fault broken) throws IOException, InterruptedException {
    if (broken == Fault.DROP_CONNECTION) {
      throw new DroppedConnection();
    }
    var body = FakeAnswers.chatCompletion("fake-model-a").getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    var out = exchange.getResponseBody();
    out.write(body, 0, body.length / 2);
    out.flush();
    if (broken == Fault.STALL_MID_BODY && closed.await(HOLD_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
      return;
    }
    // The rest of the body never comes: the server closes the connection short of its Content-Length.
    throw new DroppedConnection();
  }

  /**
   * Thrown out of a handler so the JDK's HTTP server closes the connection as it stands, answered or not
   * (it does so for any handler exception).
   */
  private static final class DroppedConnection extends RuntimeException {
    DroppedConnection() {
      super("fake upstream drops the connection on purpose", null, false, false);
    }
  }

  private static void writeEvent(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(UTF_8));
    out.flush();
  }

  private static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "application/json", body);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    var bytes = body.getBytes(UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private record Canned(int status, String contentType, String body) {}

  private record SlowStream(int events, Duration interval) {}

  /** What the streams started between two resets did; fresh after each reset. */
  private static final class StreamSignals {
    final CountDownLatch completed = new CountDownLatch(1);
    final CountDownLatch aborted = new CountDownLatch(1);
    volatile boolean lastCompleted;
  }
}
