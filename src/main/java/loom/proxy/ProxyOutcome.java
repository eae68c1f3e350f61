package loom.proxy;

import jakarta.servlet.ServletRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * What the proxy learned about one request that only it can know: the provider and model it went to,
 * the tokens the provider reported (also from a usage chunk the client never saw), when the provider's
 * answer began, and how it failed. Attached to the request for filters around the proxy to read when
 * the request completes. Written by one thread at a time, read after completion; fields are volatile.
 */
public final class ProxyOutcome {
  private static final String ATTRIBUTE = ProxyOutcome.class.getName();

  private volatile String providerId;
  private volatile String upstreamModel;
  private volatile String endUser;
  private volatile String responseId;
  private volatile boolean background;
  private volatile boolean stream;
  private volatile Usage usage = Usage.NONE;
  private volatile Duration timeToFirstByte;
  private volatile String errorMessage;
  private volatile boolean clientDisconnected;
  private volatile String requestBody;
  private volatile String responseBody;
  private volatile CacheStatus cacheStatus = CacheStatus.BYPASS;
  private volatile SemanticMatch semanticMatch;
  // The response cache's copy of the answer (written by the one thread relaying it).
  private volatile long cacheCaptureLimit = -1;
  private long cacheCaptured;
  private String cacheContentType;
  private java.util.List<byte[]> cacheEvents;
  private volatile CapturedResponse capturedForCache;

  /** The outcome of this request, if the proxy handled it. */
  public static Optional<ProxyOutcome> find(ServletRequest request) {
    return Optional.ofNullable((ProxyOutcome) request.getAttribute(ATTRIBUTE));
  }

  /** The outcome of this request, attached now if it has none yet. */
  static ProxyOutcome of(ServletRequest request) {
    ProxyOutcome outcome = (ProxyOutcome) request.getAttribute(ATTRIBUTE);
    if (outcome == null) {
      outcome = new ProxyOutcome();
      request.setAttribute(ATTRIBUTE, outcome);
    }
    return outcome;
  }

  /** How the response cache took part (BYPASS unless the cache says otherwise). */
  public CacheStatus cacheStatus() {
    return cacheStatus;
  }

  public void cacheStatus(CacheStatus status) {
    cacheStatus = java.util.Objects.requireNonNull(status, "status");
  }

  /** The response cache answered: these are the tokens of the original answer (and no provider was asked). */
  public void servedFromCache(Usage original) {
    cacheStatus = CacheStatus.HIT;
    usage = original;
  }

  /**
   * The response cache answered with the answer of an earlier question of the same meaning: logged as a HIT (it cost
   * nothing and saved what the original cost), with the similarity and the key of the answer served.
   */
  public void servedByMeaning(Usage original, SemanticMatch match) {
    servedFromCache(original);
    semanticMatch = java.util.Objects.requireNonNull(match, "match");
  }

  /** How a semantic hit matched; empty for every other call. */
  public Optional<SemanticMatch> semanticMatch() {
    return Optional.ofNullable(semanticMatch);
  }

  /** The cosine similarity of a semantic hit's question to the one it was answered for, and that answer's key. */
  public record SemanticMatch(double similarity, String key) {}

  /** Asks the proxy to keep a copy of a successful answer of at most {@code maxBytes} for the response cache. */
  public void captureForCache(long maxBytes) {
    cacheCaptureLimit = maxBytes;
  }

  /** The successful, complete answer kept for the cache, if one was asked for, fitted and arrived whole. */
  public java.util.Optional<CapturedResponse> capturedForCache() {
    return java.util.Optional.ofNullable(capturedForCache);
  }

  public Optional<String> providerId() {
    return Optional.ofNullable(providerId);
  }

  public Optional<String> upstreamModel() {
    return Optional.ofNullable(upstreamModel);
  }

  /** The id of the Responses API response this call created or was about, if any. */
  public Optional<String> responseId() {
    return Optional.ofNullable(responseId);
  }

  /** The OpenAI {@code user} field of the request, if it had one. */
  public Optional<String> endUser() {
    return Optional.ofNullable(endUser);
  }

  public boolean stream() {
    return stream;
  }

  public Usage usage() {
    return usage;
  }

  public Optional<Duration> timeToFirstByte() {
    return Optional.ofNullable(timeToFirstByte);
  }

  public Optional<String> errorMessage() {
    return Optional.ofNullable(errorMessage);
  }

  public boolean clientDisconnected() {
    return clientDisconnected;
  }

  /** The request body as sent upstream, when body capture is on (before any redaction). */
  public Optional<String> requestBody() {
    return Optional.ofNullable(requestBody);
  }

  /** The start of the response body, when body capture is on (before any redaction). */
  public Optional<String> responseBody() {
    return Optional.ofNullable(responseBody);
  }

  void request(ProxyRequest request, boolean captureBody) {
    stream = request.stream();
    if (request.body().path("user").isTextual()) {
      endUser = request.body().path("user").asText();
    }
    if (captureBody) {
      requestBody = request.body().toString();
    }
  }

  void routed(Route route) {
    providerId = route.provider().id();
    upstreamModel = route.upstreamModel();
  }

  void responseId(String id) {
    responseId = id;
  }

  /** Whether this call made or touched a Responses API response running in the background. */
  public boolean background() {
    return background;
  }

  void background(boolean runsInBackground) {
    background = runsInBackground;
  }

  /** The model the answer names, for a call routed without one (a stored response retrieved by id). */
  void answeredModel(String model) {
    if (upstreamModel == null) {
      upstreamModel = model;
    }
  }

  /** The provider a call about a stored response went to (it names no model to route by). */
  void routedTo(String provider) {
    providerId = provider;
  }

  void firstByteAfter(Duration elapsed) {
    if (timeToFirstByte == null) {
      timeToFirstByte = elapsed;
    }
  }

  void usage(Usage reported) {
    usage = reported;
  }

  public void failed(OpenAiError error) {
    errorMessage = error.message();
  }

  void markClientDisconnected() {
    clientDisconnected = true;
  }

  void responseBody(String body) {
    responseBody = body;
  }

  /** A whole successful JSON answer as sent to the client. */
  void relayedBody(int status, String contentType, byte[] body) {
    if (cacheCaptureLimit >= 0 && body.length <= cacheCaptureLimit) {
      capturedForCache =
          new CapturedResponse(status, contentType, body, java.util.List.of(), usage);
    }
  }

  /** A stream begins; its events follow through {@link #relayedEvent}. */
  void streamStarted(String contentType) {
    if (cacheCaptureLimit >= 0) {
      cacheContentType = contentType;
      cacheEvents = new java.util.ArrayList<>();
      cacheCaptured = 0;
    }
  }

  /** One event of a stream as sent to the client (not the usage-only chunk, not [DONE]). */
  void relayedEvent(byte[] event) {
    if (cacheEvents == null) {
      return;
    }
    cacheCaptured += event.length + 2;
    if (cacheCaptured > cacheCaptureLimit) {
      cacheEvents = null; // too large to cache: stop keeping it
    } else {
      cacheEvents.add(event);
    }
  }

  /** The stream ended with [DONE]: it is complete, and its usage is known by now. */
  void streamCompleted(int status) {
    if (cacheEvents != null) {
      capturedForCache = new CapturedResponse(status, cacheContentType, null, cacheEvents, usage);
      cacheEvents = null;
    }
  }
}
