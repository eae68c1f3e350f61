package loom.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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

/**
 * An HTTP server on 127.0.0.1 that integration tests use as the LLM provider: it answers OpenAI's chat,
 * completions, embeddings and models, OpenAI's Responses API (keeping the responses it creates, see
 * {@link FakeResponses}) and Anthropic's Messages API ({@link FakeMessages}) with canned JSON or
 * SSE, records every request, and can be told to delay, fail, hold or slowly drip its answers and
 * which usage to report. All methods are thread-safe; each request runs on its own daemon thread, so
 * held streams never block other requests.
 */
public final class FakeUpstream implements AutoCloseable {
  /** How long a held stream waits for {@link StreamGate#release()} before it gives up. */
  static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

  /** The GET of a background response that first finds it completed, unless a test says otherwise. */
  public static final int BACKGROUND_COMPLETION_POLL = 2;

  private static final List<String> STREAMED_PIECES = List.of("fake ", "answer ", "streamed");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Object arrivals = new Object();
  private final FakeResponses responses = new FakeResponses();

  private volatile Duration delay = Duration.ZERO;
  private volatile Canned canned;
  private volatile StreamGate gate;
  private volatile StreamGate headerGate;
  private volatile Fault fault;
  private volatile EventStream.SlowStream slowStream;
  private volatile EventStream.Signals signals = new EventStream.Signals();
  private volatile ResponsesUsage responsesUsage = ResponsesUsage.DEFAULT;
  private volatile MessagesUsage messagesUsage = MessagesUsage.DEFAULT;
  private volatile MessagesUsage messagesStartUsage;
  private volatile int backgroundCompletionPoll = BACKGROUND_COMPLETION_POLL;
  private volatile java.util.function.Function<String, float[]> embedder;

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
    return root() + "/v1";
  }

  /** The root, {@code http://127.0.0.1:PORT}: Anthropic's kind of base URL, without {@code /v1}. */
  public String root() {
    return "http://127.0.0.1:" + port();
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

  /** Ways an upstream can fail; see {@link #failWith}. Each says which answers it changes. */
  public enum Fault {
    /** Every request: closes the connection without sending any response. */
    DROP_CONNECTION,
    /** Every request: sends 200 with a Content-Length, half the JSON body, then closes the connection. */
    TRUNCATE_BODY,
    /** Every request: sends 200 with a Content-Length and half the JSON body, then nothing for 30 s. */
    STALL_MID_BODY,
    /**
     * Every request: 529 with Anthropic's body {@code {"type":"error","error":{"type":"overloaded_error",
     * "message":"Overloaded"}}}.
     */
    ANTHROPIC_OVERLOADED,
    /**
     * Every request: 429 with Anthropic's {@code rate_limit_error} body and {@code retry-after: }
     * {@value #RETRY_AFTER_SECONDS}.
     */
    ANTHROPIC_RATE_LIMITED,
    /**
     * Streams of every API: the connection is dropped right after the first content piece, before
     * the last event ({@code [DONE]}, {@code response.completed}, {@code message_stop}).
     */
    INTERRUPT_STREAM,
    /**
     * Responses API: a stream ends with {@code response.failed} right after its first delta; a JSON
     * answer, and the stored response, have status {@code failed}.
     */
    RESPONSE_FAILED,
    /**
     * Responses API: answers have status {@code incomplete} ({@code max_output_tokens}); a stream
     * ends with {@code response.incomplete}.
     */
    RESPONSE_INCOMPLETE,
    /**
     * Streams of the Messages and Responses APIs: an {@code event: error} right after the first
     * delta (Anthropic's {@code overloaded_error}; OpenAI's {@code server_error}), then the end.
     */
    STREAM_ERROR_EVENT;

    /** The {@code retry-after} of {@link #ANTHROPIC_RATE_LIMITED}: not the gateway's own 1. */
    public static final int RETRY_AFTER_SECONDS = 7;
  }

  /**
   * Answers embeddings of a string input, until {@link #reset()}, with {@code embedder}'s vector, as a provider with a
   * real embedding model would (without it, every input gets the same three numbers).
   */
  public void embedWith(java.util.function.Function<String, float[]> embedder) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
  }

  /** Fails, until {@link #reset()}, the answers {@code fault} names, this way. */
  public void failWith(Fault fault) {
    this.fault = Objects.requireNonNull(fault, "fault");
  }

  /** Makes streamed answers send {@code events} content events: one now, then one per interval. */
  public void streamSlowly(int events, Duration interval) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be at least 1: " + events);
    }
    this.slowStream =
        new EventStream.SlowStream(events, Objects.requireNonNull(interval, "interval"));
  }

  /** The usage Responses answers report until {@link #reset()} ({@link ResponsesUsage#DEFAULT}). */
  public void reportResponsesUsage(ResponsesUsage usage) {
    this.responsesUsage = Objects.requireNonNull(usage, "usage");
  }

  /**
   * The usage Messages answers report until {@link #reset()} ({@link MessagesUsage#DEFAULT}): a JSON
   * answer's; a stream's {@code message_start} input side (with 1 output token) and its
   * {@code message_delta} output tokens; {@code count_tokens} answers its total input.
   */
  public void reportMessagesUsage(MessagesUsage usage) {
    this.messagesUsage = Objects.requireNonNull(usage, "usage");
  }

  /**
   * Makes streamed Messages answers, until {@link #reset()}, report {@code atStart}'s input side in
   * {@code message_start}; {@code message_delta} then repeats, with the reported usage's values,
   * every input-side field where the two differ (which a reader must take over the start's).
   */
  public void correctMessagesUsageInDelta(MessagesUsage atStart) {
    this.messagesStartUsage = Objects.requireNonNull(atStart, "atStart");
  }

  /**
   * Which GET of a background response first finds it completed, for responses created from now
   * until {@link #reset()}; the GETs before find it {@code in_progress}. Default
   * {@value #BACKGROUND_COMPLETION_POLL}.
   */
  public void completeBackgroundResponsesOnPoll(int poll) {
    if (poll < 1) {
      throw new IllegalArgumentException("poll must be at least 1: " + poll);
    }
    this.backgroundCompletionPoll = poll;
  }

  /** Clears all controls, recordings and stored responses; releases a gate still holding streams. */
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
    signals = new EventStream.Signals();
    responsesUsage = ResponsesUsage.DEFAULT;
    messagesUsage = MessagesUsage.DEFAULT;
    messagesStartUsage = null;
    backgroundCompletionPoll = BACKGROUND_COMPLETION_POLL;
    embedder = null;
    responses.clear();
    requests.clear();
  }

  // Observations ---

  /**
   * Whether the most recently started stream (since reset) has written its last event: {@code [DONE]},
   * the terminal Responses event or {@code message_stop}.
   */
  public boolean lastStreamCompleted() {
    return signals.lastCompleted;
  }

  /** Waits until a stream started since reset has written its last event; true if so in time. */
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

  /** Whether a Responses API response with this id is kept (created since reset, not deleted). */
  public boolean storesResponse(String id) {
    return responses.isStored(id);
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
    var dropped = false;
    try {
      var request = record(exchange);
      if (!delay.isZero() && closed.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
      var held = headerGate;
      if (held != null && !held.hold(HOLD_LIMIT)) {
        throw new DroppedConnection();
      }
      // Read once, after any wait, so a reset() in the middle of an answer mixes nothing.
      var controls = controls();
      if (failed(exchange, controls.fault())) {
        return;
      }
      var answer = canned;
      if (answer != null) {
        send(exchange, answer.status(), answer.contentType(), answer.body());
        return;
      }
      route(exchange, request, controls);
    } catch (DroppedConnection e) {
      // Not closing the exchange: that would end a chunked stream cleanly with its last chunk.
      dropped = true;
      throw e;
    } catch (InterruptedException e) {
      // close() interrupted us: the connection is gone anyway.
      Thread.currentThread().interrupt();
    } finally {
      if (!dropped) {
        exchange.close();
      }
    }
  }

  /** The controls as they stand, for one request. */
  private Controls controls() {
    return new Controls(
        closed,
        gate,
        slowStream,
        signals,
        fault,
        responsesUsage,
        messagesUsage,
        messagesStartUsage,
        backgroundCompletionPoll);
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

  private void route(HttpExchange exchange, RecordedRequest request, Controls controls)
      throws IOException, InterruptedException {
    if (responses.answer(exchange, request, controls)
        || FakeMessages.answer(exchange, request, controls)) {
      return;
    }
    var route = request.method() + " " + request.path();
    switch (route) {
      case "POST /v1/chat/completions" -> complete(exchange, request, controls, true);
      case "POST /v1/completions" -> complete(exchange, request, controls, false);
      case "POST /v1/embeddings" -> {
        var json = parse(exchange, request);
        if (json != null) {
          var embedding = embedder;
          if (embedding != null && json.path("input").isTextual()) {
            sendJson(
                exchange,
                200,
                FakeAnswers.embedding(model(json), embedding.apply(json.path("input").asText())));
          } else {
            sendJson(
                exchange, 200, FakeAnswers.embeddings(model(json), inputCount(json.path("input"))));
          }
        }
      }
      case "GET /v1/models" -> sendJson(exchange, 200, FakeAnswers.models());
      default ->
          sendJson(
              exchange,
              404,
              FakeAnswers.error("Invalid URL (" + route + ")", "invalid_request_error", null));
    }
  }

  private static void complete(
      HttpExchange exchange, RecordedRequest request, Controls controls, boolean chat)
      throws IOException, InterruptedException {
    var json = parse(exchange, request);
    if (json == null) {
      return;
    }
    if (json.path("stream").asBoolean(false)) {
      var includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
      var model = model(json);
      EventStream.run(
          exchange, controls, stream -> stream(stream, controls, chat, model, includeUsage));
    } else {
      var model = model(json);
      sendJson(
          exchange,
          200,
          chat ? FakeAnswers.chatCompletion(model) : FakeAnswers.textCompletion(model));
    }
  }

  /** The request body as JSON, or null after answering 400 because it isn't JSON. */
  static JsonNode parse(HttpExchange exchange, RecordedRequest request) throws IOException {
    try {
      return request.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(request.body());
    } catch (JsonProcessingException e) {
      sendJson(
          exchange,
          400,
          FakeAnswers.error(
              "We could not parse the JSON body of your request.", "invalid_request_error", null));
      return null;
    }
  }

  static String model(JsonNode json) {
    return json.path("model").asText("fake-model-a");
  }

  /** A string or a single token array is one input; an array of strings or token arrays is many. */
  private static int inputCount(JsonNode input) {
    if (!input.isArray() || input.isEmpty() || input.get(0).isNumber()) {
      return 1;
    }
    return input.size();
  }

  private static void stream(
      EventStream stream, Controls controls, boolean chat, String model, boolean includeUsage)
      throws IOException, InterruptedException {
    var pieces = stream.pieces(STREAMED_PIECES);
    for (int i = 0; i < pieces.size(); i++) {
      if (!stream.awaitPiece(i)) {
        return;
      }
      stream.data(FakeAnswers.chunk(chat, model, pieces.get(i), i == 0));
      if (!stream.holdAfter(i)) {
        return; // never released: end without [DONE] so the forgetful test notices
      }
      if (i == 0 && controls.has(Fault.INTERRUPT_STREAM)) {
        throw new DroppedConnection();
      }
    }
    stream.data(FakeAnswers.finishChunk(chat, model));
    if (includeUsage) {
      stream.data(FakeAnswers.usageChunk(chat, model, pieces.size()));
    }
    stream.data("[DONE]");
    stream.completed();
  }

  /** Answers as a fault that fails every request does; false if there is none. */
  private boolean failed(HttpExchange exchange, Fault broken)
      throws IOException, InterruptedException {
    if (broken == null) {
      return false;
    }
    switch (broken) {
      case DROP_CONNECTION, TRUNCATE_BODY, STALL_MID_BODY -> fail(exchange, broken);
      case ANTHROPIC_OVERLOADED ->
          sendJson(exchange, 529, MessagesAnswers.error("overloaded_error", "Overloaded"));
      case ANTHROPIC_RATE_LIMITED -> {
        exchange.getResponseHeaders().set("retry-after", String.valueOf(Fault.RETRY_AFTER_SECONDS));
        sendJson(
            exchange,
            429,
            MessagesAnswers.error(
                "rate_limit_error",
                "This request would exceed your organization's rate limit. Please try again later."));
      }
      default -> {
        return false;
      }
    }
    return true;
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
    if (broken == Fault.STALL_MID_BODY
        && closed.await(HOLD_LIMIT.toNanos(), TimeUnit.NANOSECONDS)) {
      return;
    }
    // The rest of the body never comes: the server closes the connection short of its
    // Content-Length.
    throw new DroppedConnection();
  }

  /**
   * Thrown out of a handler so the JDK's HTTP server closes the connection as it stands, answered or not
   * (it does so for any handler exception).
   */
  static final class DroppedConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DroppedConnection() {
      super("fake upstream drops the connection on purpose", null, false, false);
    }
  }

  static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
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
}
