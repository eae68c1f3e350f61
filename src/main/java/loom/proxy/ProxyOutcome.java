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
  private volatile boolean stream;
  private volatile Usage usage = Usage.NONE;
  private volatile Duration timeToFirstByte;
  private volatile String errorMessage;
  private volatile boolean clientDisconnected;
  private volatile String requestBody;
  private volatile String responseBody;

  /** The outcome of this request, if the proxy handled it. */
  public static Optional<ProxyOutcome> find(ServletRequest request) {
    return Optional.ofNullable((ProxyOutcome) request.getAttribute(ATTRIBUTE));
  }

  static ProxyOutcome attachTo(ServletRequest request) {
    ProxyOutcome outcome = new ProxyOutcome();
    request.setAttribute(ATTRIBUTE, outcome);
    return outcome;
  }

  public Optional<String> providerId() {
    return Optional.ofNullable(providerId);
  }

  public Optional<String> upstreamModel() {
    return Optional.ofNullable(upstreamModel);
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

  void firstByteAfter(Duration elapsed) {
    if (timeToFirstByte == null) {
      timeToFirstByte = elapsed;
    }
  }

  void usage(Usage reported) {
    usage = reported;
  }

  void failed(OpenAiError error) {
    errorMessage = error.message();
  }

  void markClientDisconnected() {
    clientDisconnected = true;
  }

  void responseBody(String body) {
    responseBody = body;
  }
}
