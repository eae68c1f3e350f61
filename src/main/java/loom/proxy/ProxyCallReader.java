package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import loom.auth.Caller;
import loom.config.WireApi;

/**
 * Reads, checks and routes a proxy request once, for whichever comes first: a filter in front of the proxy
 * or the proxy servlet. The result, or the error that bad input earned, stays on the request, so asking
 * again neither reads the body twice nor answers differently. Thread-safe.
 */
final class ProxyCallReader {
  private static final String FAILURE = ProxyCallReader.class.getName() + ".failure";

  private final ProxyRequestReader reader;
  private final Router router;
  private final ResponseRoutes responses;
  private final boolean captureRequestBodies;

  /** @param captureRequestBodies whether the request log may keep request bodies */
  ProxyCallReader(
      ProxyRequestReader reader,
      Router router,
      ResponseRoutes responses,
      boolean captureRequestBodies) {
    this.reader = reader;
    this.router = router;
    this.responses = responses;
    this.captureRequestBodies = captureRequestBodies;
  }

  /**
   * The call a request to a body-carrying endpoint makes; throws the request's {@link ProxyException} when it
   * is bad or its body could not be read (every time it is asked).
   */
  ProxyCall read(Endpoint endpoint, HttpServletRequest req) {
    Optional<ProxyCall> known = ProxyCall.find(req);
    if (known.isPresent()) {
      return known.get();
    }
    Object failure = req.getAttribute(FAILURE);
    if (failure instanceof ProxyException bad) {
      throw bad;
    }
    ProxyOutcome outcome = ProxyOutcome.of(req);
    try {
      ProxyRequest request = readBody(endpoint, req);
      outcome.request(request, captureRequestBodies);
      Route route = route(request, req.getHeader(ProxyServlet.PROVIDER_HEADER));
      requireServed(route.provider(), endpoint.api(), req.getRequestURI());
      outcome.routed(route);
      // Both after routing, so a refused call is logged with where it would have gone.
      RequestAttribution.completeFrom(req, endpoint, request.body());
      requireAllowed(req, route, request.model());
      return ProxyCall.attach(req, request, route, outcome);
    } catch (ProxyException e) {
      req.setAttribute(FAILURE, e);
      throw e;
    }
  }

  /**
   * The request's body read and checked. A body that stops arriving (the container's read timeout) or whose
   * connection breaks is the client's failure and is answered as such, in the OpenAI shape: left to the
   * container, it became an HTML error page with a stack trace.
   */
  private ProxyRequest readBody(Endpoint endpoint, HttpServletRequest req) {
    try {
      return reader.read(endpoint, req.getContentLengthLong(), req.getInputStream());
    } catch (IOException e) {
      throw new ProxyException(OpenAiError.bodyNotReceived());
    }
  }

  /**
   * Where a call goes: as the router says, except that a Responses call continuing a response
   * ({@code previous_response_id}) goes where that response is, unless its model or header names a provider.
   */
  Route route(ProxyRequest request, String providerHeader) {
    Route route = router.route(request.model(), providerHeader, request.endpoint().api());
    boolean namesProvider =
        !route.upstreamModel().equals(request.model())
            || (providerHeader != null && !providerHeader.isBlank());
    JsonNode previous = request.body().get("previous_response_id");
    if (request.endpoint() != Endpoint.RESPONSES
        || namesProvider
        || previous == null
        || !previous.isTextual()) {
      return route;
    }
    return responses
        .find(previous.asText())
        .flatMap(origin -> router.provider(origin.providerId()))
        .map(provider -> new Route(provider, request.model()))
        .orElse(route);
  }

  /** Refuses a call its caller's key may not make to where it resolved (see {@link ModelPolicy}). */
  static void requireAllowed(HttpServletRequest req, Route route, String model) {
    if (req.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller) {
      ModelPolicy.require(caller.policy(), route, model);
    }
  }

  /** Refuses a call for an API its provider does not serve, naming both. */
  static void requireServed(Provider provider, WireApi api, String path) {
    if (!provider.config().serves(api)) {
      throw new ProxyException(OpenAiError.apiNotServed(provider.id(), api, path));
    }
  }

  /** Where a call for {@code model} would go (see {@link Router#route}); a ProxyException when nowhere. */
  Route route(String model, String providerHeader) {
    return router.route(model, providerHeader);
  }

  /** The provider with this id, if one is configured. */
  Optional<Provider> provider(String id) {
    return router.provider(id);
  }

  /** The provider of a call that names no model: see {@link Router#providerOf}. */
  Provider providerOf(String providerHeader) {
    return router.providerOf(providerHeader);
  }

  /** A passed-through call's body, whatever its type, bounded like any other. */
  byte[] readRaw(HttpServletRequest req) {
    try {
      return reader.readRaw(req.getContentLengthLong(), req.getInputStream());
    } catch (IOException e) {
      throw new ProxyException(OpenAiError.bodyNotReceived());
    }
  }

  /** The endpoint a request is for, when it is one of the proxy's endpoints called with its method. */
  static Optional<Endpoint> endpointOf(ServletRequest request) {
    if (!(request instanceof HttpServletRequest http)) {
      return Optional.empty();
    }
    return Endpoint.find(http.getPathInfo())
        .filter(endpoint -> endpoint.method().equals(http.getMethod()));
  }
}
