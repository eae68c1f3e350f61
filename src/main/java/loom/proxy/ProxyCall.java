package loom.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * A proxy request read, checked and routed once, before the proxy servlet runs, for the filters that must
 * know what a request asks for and where it goes (the response cache). Attached to the request, so the
 * servlet uses it instead of reading the body again. Immutable; {@link #body()} must not be changed.
 */
public final class ProxyCall {
  private static final String ATTRIBUTE = ProxyCall.class.getName();

  private final ProxyRequest request;
  private final Route route;
  private final ProxyOutcome outcome;

  private ProxyCall(ProxyRequest request, Route route, ProxyOutcome outcome) {
    this.request = request;
    this.route = route;
    this.outcome = outcome;
  }

  static ProxyCall attach(
      ServletRequest servletRequest, ProxyRequest request, Route route, ProxyOutcome outcome) {
    ProxyCall call = new ProxyCall(request, route, outcome);
    servletRequest.setAttribute(ATTRIBUTE, call);
    return call;
  }

  /** A call the gateway makes itself ({@link DirectCalls}): attached to no servlet request. */
  static ProxyCall direct(ProxyRequest request, Route route, ProxyOutcome outcome) {
    return new ProxyCall(request, route, outcome);
  }

  static Optional<ProxyCall> find(ServletRequest request) {
    return Optional.ofNullable((ProxyCall) request.getAttribute(ATTRIBUTE));
  }

  ProxyRequest request() {
    return request;
  }

  Route route() {
    return route;
  }

  public Endpoint endpoint() {
    return request.endpoint();
  }

  /** The parsed request body, as the client sent it (read it, never change it). */
  public ObjectNode body() {
    return request.body();
  }

  public boolean stream() {
    return request.stream();
  }

  /** Whether the call asks the Responses API to run in the background (never cached: it is fetched by id). */
  public boolean background() {
    return request.background();
  }

  /** Whether the client asked for the usage chunk of its stream ({@code stream_options.include_usage}). */
  public boolean clientWantsUsage() {
    return request.clientWantsUsage();
  }

  public String providerId() {
    return route.provider().id();
  }

  /** The model as the provider knows it (without a {@code provider/} prefix). */
  public String upstreamModel() {
    return route.upstreamModel();
  }

  /** The longest the provider may take to send the next byte: bounds waiting for this call's answer. */
  public Duration upstreamTimeout() {
    return route.provider().config().upstreamTimeout();
  }

  /** What the proxy learns while it serves this call; the cache reports its own part through it too. */
  public ProxyOutcome outcome() {
    return outcome;
  }
}
