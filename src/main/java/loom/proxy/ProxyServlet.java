package loom.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import loom.auth.Caller;
import loom.auth.KeyPolicy;
import loom.config.WireApi;

/**
 * Everything under {@code /v1}: OpenAI's API, the Responses API and Anthropic's Messages API, read and accounted;
 * the calls about a stored response and every other path passed through. On the container's thread it reads and checks
 * the request and picks the provider (bad input is answered right there). A non-streamed call is then
 * made right on that thread while fewer than {@code inline_calls} are: handing it to another thread and
 * back cost more than all the rest of the gateway's own time (X-Loom-Overhead-Ms, mean 0.44 ms with the
 * hand-off, 0.08 ms without, bench/proxy-overhead.sh). Streams, and the calls beyond that bound, go async
 * on the proxy's executor, so slow models never hold more than that many container threads.
 */
final class ProxyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String PROVIDER_HEADER = "X-Loom-Provider";
  private static final String MODEL_PREFIX = Endpoint.MODELS.path() + "/";

  private final transient ProxyCallReader calls;
  private final transient ModelCatalog catalog;
  private final transient ResponseRelay relay;
  private final transient Executor executor;
  private final transient ObjectMapper json;
  private final transient InFlightLimits limits;
  private final transient GatewayOverhead overhead;
  private final int maxConcurrentRequests;
  private final transient InlineCalls inlineCalls;
  private final transient ResponseRoutes responses;

  ProxyServlet(
      ProxyCallReader calls,
      ModelCatalog catalog,
      ResponseRelay relay,
      Executor executor,
      ObjectMapper json,
      InFlightLimits limits,
      GatewayOverhead overhead,
      int maxConcurrentRequests,
      InlineCalls inlineCalls,
      ResponseRoutes responses) {
    this.calls = calls;
    this.catalog = catalog;
    this.relay = relay;
    this.executor = executor;
    this.json = json;
    this.limits = limits;
    this.overhead = overhead;
    this.maxConcurrentRequests = maxConcurrentRequests;
    this.inlineCalls = inlineCalls;
    this.responses = responses;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    long startNanos = System.nanoTime();
    ProxyOutcome outcome = ProxyOutcome.of(req);
    WireApi api = Endpoint.apiOf(req.getPathInfo());
    try {
      Optional<String> modelId = modelIdOf(req.getPathInfo());
      if (modelId.isPresent()) {
        retrieveModel(modelId.get(), req, res);
        return;
      }
      Optional<Endpoint> found = Endpoint.find(req.getPathInfo());
      Optional<StoredResponseCall> stored = StoredResponseCall.of(req.getPathInfo());
      if (found.isPresent()) {
        Endpoint endpoint = found.get();
        requireMethod(endpoint.method(), req, res);
        if (endpoint == Endpoint.MODELS) {
          AsyncContext async = req.startAsync();
          KeyPolicy policy = Caller.find(req).map(Caller::policy).orElse(KeyPolicy.NONE);
          dispatch(
              async,
              () -> answerFromCatalog(async, () -> ModelPolicy.filter(catalog.list(), policy)),
              res);
        } else {
          forward(endpoint, req, res, outcome, startNanos);
        }
      } else if (stored.isPresent()) {
        requireMethod(stored.get().allowedMethods(), req, res);
        aboutStoredResponse(stored.get(), req, res, outcome, startNanos);
      } else {
        passThrough(api, req, res, outcome, startNanos);
      }
    } catch (ProxyException e) {
      outcome.failed(e.error());
      if (res.isCommitted()) {
        // The container answered already: Tomcat sends a body that stopped arriving to the error
        // page itself.
        return;
      }
      if (e.error().status() == 413) {
        // The rest of the body stays unread; closing the connection spares the container draining
        // it.
        res.setHeader("Connection", "close");
      }
      if (e.error().isOverload()) {
        res.setHeader("Retry-After", Integer.toString(InFlightLimits.RETRY_AFTER_SECONDS));
      }
      overhead.start(req).stamp(res);
      e.error().writeTo(res, api);
    }
  }

  /** @param allowed one method, or several as an Allow header lists them ("GET, DELETE") */
  private static void requireMethod(
      String allowed, HttpServletRequest req, HttpServletResponse res) {
    String method = req.getMethod();
    // Every endpoint allows one method: the common case splits nothing.
    if (!allowed.equals(method) && !java.util.Arrays.asList(allowed.split(", ")).contains(method)) {
      res.setHeader("Allow", allowed);
      throw new ProxyException(
          OpenAiError.methodNotAllowed(req.getMethod(), req.getRequestURI(), allowed));
    }
  }

  private void forward(
      Endpoint endpoint,
      HttpServletRequest req,
      HttpServletResponse res,
      ProxyOutcome outcome,
      long startNanos)
      throws IOException {
    ProxyCall call = calls.read(endpoint, req);
    ProxyRequest request = call.request();
    Route route = call.route();
    UpstreamRequest upstream =
        new UpstreamRequest(
                endpoint,
                request.upstreamBody(route.upstreamModel()),
                ForwardedHeaders.toUpstream(req),
                request.stream())
            .withQuery(req.getQueryString());
    ResponseTracking tracking =
        new ResponseTracking(
            responses, route.provider().id(), userIdOf(req), true, request.background());
    exchange(
        route,
        upstream,
        AnswerReader.of(request, tracking, json),
        endpoint.api(),
        req,
        res,
        outcome,
        startNanos);
  }

  /**
   * A call about a stored response goes to the provider that created it (by this node's memory or the request log),
   * and only for the user who created it; one this gateway never relayed goes where X-Loom-Provider or the default
   * provider says.
   */
  private void aboutStoredResponse(
      StoredResponseCall stored,
      HttpServletRequest req,
      HttpServletResponse res,
      ProxyOutcome outcome,
      long startNanos)
      throws IOException {
    Optional<StoredResponses.Origin> origin = responses.find(stored.responseId());
    String userId = userIdOf(req);
    if (origin.isPresent()
        && origin.get().userId() != null
        && !origin.get().userId().equals(userId)
        && !Caller.find(req).map(Caller::isAdmin).orElse(false)) {
      throw new ProxyException(OpenAiError.responseNotFound(stored.responseId()));
    }
    Provider provider =
        origin
            .flatMap(known -> calls.provider(known.providerId()))
            .orElseGet(() -> calls.providerOf(req.getHeader(PROVIDER_HEADER)));
    ProxyCallReader.requireServed(provider, WireApi.RESPONSES, req.getRequestURI());
    outcome.routedTo(provider.id());
    outcome.responseId(stored.responseId());
    byte[] body = "POST".equals(req.getMethod()) ? calls.readRaw(req) : null;
    UpstreamRequest upstream =
        new UpstreamRequest(
                req.getMethod(),
                req.getPathInfo(),
                null,
                body,
                UpstreamRequest.JSON,
                ForwardedHeaders.toUpstream(req),
                false)
            .withQuery(req.getQueryString());
    AnswerReader answers =
        stored.answersWithResponse(req.getMethod())
            ? new ResponsesAnswers(
                json,
                new ResponseTracking(
                    responses,
                    provider.id(),
                    userId,
                    false,
                    origin.map(StoredResponses.Origin::background).orElse(false)))
            : new PlainAnswers(json, WireApi.RESPONSES, false);
    exchange(
        new Route(provider, ""),
        upstream,
        answers,
        WireApi.RESPONSES,
        req,
        res,
        outcome,
        startNanos);
  }

  /**
   * Any other {@code /v1} path goes to a provider serving its API as it came (moderations, images, audio uploads,
   * rerank, files ...): routed by the model its body names, else by X-Loom-Provider or to the default provider.
   * Its answer is relayed as it comes, never cached; tokens are counted when it reports usage.
   */
  private void passThrough(
      WireApi api,
      HttpServletRequest req,
      HttpServletResponse res,
      ProxyOutcome outcome,
      long startNanos)
      throws IOException {
    byte[] bytes = calls.readRaw(req);
    PassThroughBody body = PassThroughBody.of(bytes, req.getContentType(), json);
    Route route =
        body.model() != null
            ? calls.route(body.model(), req.getHeader(PROVIDER_HEADER))
            : new Route(calls.providerOf(req.getHeader(PROVIDER_HEADER)), "");
    ProxyCallReader.requireServed(route.provider(), api, req.getRequestURI());
    if (body.model() != null) {
      outcome.routed(route);
      ProxyCallReader.requireAllowed(req, route, body.model());
    } else {
      outcome.routedTo(route.provider().id());
    }
    boolean hasBody =
        bytes.length > 0
            || !("GET".equals(req.getMethod())
                || "DELETE".equals(req.getMethod())
                || "HEAD".equals(req.getMethod()));
    UpstreamRequest upstream =
        new UpstreamRequest(
                req.getMethod(),
                req.getPathInfo(),
                null,
                hasBody ? body.withModel(route.upstreamModel(), json) : null,
                req.getContentType() == null ? UpstreamRequest.JSON : req.getContentType(),
                ForwardedHeaders.toUpstream(req),
                false)
            .withQuery(req.getQueryString());
    exchange(
        route, upstream, new PlainAnswers(json, api, true), api, req, res, outcome, startNanos);
  }

  /**
   * Makes the call upstream and relays its answer: a non-streamed call right on this thread while fewer than
   * {@code inline_calls} are, everything else on the proxy's executor.
   */
  private void exchange(
      Route route,
      UpstreamRequest upstream,
      AnswerReader answers,
      WireApi api,
      HttpServletRequest req,
      HttpServletResponse res,
      ProxyOutcome outcome,
      long startNanos)
      throws IOException {
    res.setHeader(PROVIDER_HEADER, route.provider().id());
    // Refused at once when the provider is at its bound: a 429 now beats a thread parked on a busy
    // provider.
    InFlightLimit.Permit permit = limits.acquire(route);
    if (!upstream.stream() && inlineCalls.tryEnter()) {
      try {
        // The exchange releases the permit.
        new ProxyExchange(
                route,
                upstream,
                answers,
                api,
                res,
                () -> flush(res, outcome),
                relay,
                RequestIdFilter.of(req),
                outcome,
                startNanos,
                permit,
                overhead.start(req))
            .run();
      } finally {
        inlineCalls.leave();
      }
      return;
    }
    boolean handedOver = false;
    try {
      AsyncContext async = req.startAsync();
      // The provider's read timeout bounds the exchange; the container's own async timeout would
      // cut streams.
      async.setTimeout(0);
      ProxyExchange exchange =
          new ProxyExchange(
              route,
              upstream,
              answers,
              api,
              res,
              () -> completeQuietly(async),
              relay,
              RequestIdFilter.of(req),
              outcome,
              startNanos,
              permit,
              overhead.start(req));
      async.addListener(exchange);
      // From here the exchange releases the permit, or dispatch does when the executor refuses the
      // exchange.
      handedOver = true;
      dispatch(
          async,
          () -> {
            inlineCalls.handedToWorker();
            exchange.run();
          },
          res,
          permit::release);
    } finally {
      if (!handedOver) {
        permit.release();
      }
    }
  }

  private static String userIdOf(HttpServletRequest req) {
    return Caller.find(req).map(Caller::userId).orElse(null);
  }

  /**
   * Sends an inline answer now, so the filters' completion work (cache store, log record) follows it. A call on
   * the request thread learns that its client hung up only here, when the answer is written.
   */
  private static void flush(HttpServletResponse res, ProxyOutcome outcome) {
    try {
      res.flushBuffer();
    } catch (IOException e) {
      outcome.markClientDisconnected();
    }
  }

  private static void completeQuietly(AsyncContext async) {
    try {
      async.complete();
    } catch (IllegalStateException alreadyCompleted) {
      // The container ended the request itself after the client went away.
    }
  }

  private void dispatch(AsyncContext async, Runnable work, HttpServletResponse res)
      throws IOException {
    dispatch(async, work, res, () -> {});
  }

  private void dispatch(
      AsyncContext async, Runnable work, HttpServletResponse res, Runnable whenRefused)
      throws IOException {
    try {
      executor.execute(work);
    } catch (RejectedExecutionException e) {
      whenRefused.run();
      OpenAiError overloaded = OpenAiError.overloaded(maxConcurrentRequests);
      ProxyOutcome.find(async.getRequest()).ifPresent(outcome -> outcome.failed(overloaded));
      res.setHeader("Retry-After", Integer.toString(InFlightLimits.RETRY_AFTER_SECONDS));
      overhead.start(async.getRequest()).stamp(res);
      overloaded.writeTo(
          res, Endpoint.apiOf(((HttpServletRequest) async.getRequest()).getPathInfo()));
      async.complete();
    }
  }

  /** The id of {@code /models/{id}} (a {@code provider/model} id keeps its slash), if the path is one. */
  static Optional<String> modelIdOf(String pathInfo) {
    if (pathInfo == null
        || !pathInfo.startsWith(MODEL_PREFIX)
        || pathInfo.length() == MODEL_PREFIX.length()) {
      return Optional.empty();
    }
    return Optional.of(pathInfo.substring(MODEL_PREFIX.length()));
  }

  /** Like the listing, off the container's thread: a provider may have to be asked for its models. */
  private void retrieveModel(String id, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    if (!"GET".equals(req.getMethod())) {
      res.setHeader("Allow", "GET");
      throw new ProxyException(
          OpenAiError.methodNotAllowed(req.getMethod(), req.getRequestURI(), "GET"));
    }
    Route route = calls.route(id, req.getHeader(PROVIDER_HEADER));
    ProxyCallReader.requireAllowed(req, route, id);
    AsyncContext async = req.startAsync();
    dispatch(async, () -> answerFromCatalog(async, () -> catalog.retrieve(id, route)), res);
  }

  /** Writes what the catalog answers, a ProxyException as its OpenAI error, and completes the request. */
  private void answerFromCatalog(AsyncContext async, Supplier<ObjectNode> answer) {
    HttpServletResponse res = (HttpServletResponse) async.getResponse();
    try {
      byte[] body;
      try {
        body = json.writeValueAsBytes(answer.get());
      } catch (ProxyException refused) {
        ProxyOutcome.find(async.getRequest()).ifPresent(outcome -> outcome.failed(refused.error()));
        refused.error().writeTo(res);
        return;
      }
      res.setContentType("application/json");
      res.setContentLength(body.length);
      res.getOutputStream().write(body);
    } catch (IOException e) {
      // The client went away; there is nobody left to answer.
    } finally {
      async.complete();
    }
  }
}
