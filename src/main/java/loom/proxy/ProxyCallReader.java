package loom.proxy;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads, checks and routes a proxy request once, for whichever comes first: a filter in front of the proxy
 * or the proxy servlet. The result, or the error that bad input earned, stays on the request, so asking
 * again neither reads the body twice nor answers differently. Thread-safe.
 */
final class ProxyCallReader {
  private static final String FAILURE = ProxyCallReader.class.getName() + ".failure";

  private final ProxyRequestReader reader;
  private final Router router;
  private final boolean captureRequestBodies;

  /** @param captureRequestBodies whether the request log may keep request bodies */
  ProxyCallReader(ProxyRequestReader reader, Router router, boolean captureRequestBodies) {
    this.reader = reader;
    this.router = router;
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
      Route route = router.route(request.model(), req.getHeader(ProxyServlet.PROVIDER_HEADER));
      outcome.routed(route);
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

  /** Where a call for {@code model} would go (see {@link Router#route}); a ProxyException when nowhere. */
  Route route(String model, String providerHeader) {
    return router.route(model, providerHeader);
  }

  /** The endpoint a request is for, when it is one of the proxy's endpoints called with its method. */
  static Optional<Endpoint> endpointOf(ServletRequest request) {
    if (!(request instanceof HttpServletRequest http)) {
      return Optional.empty();
    }
    return Endpoint.find(http.getPathInfo()).filter(endpoint -> endpoint.method().equals(http.getMethod()));
  }
}
