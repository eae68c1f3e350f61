package loom.proxy;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import loom.config.WireApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied call: send upstream, relay the answer, finish. It runs either on the proxy's executor after
 * the servlet has gone async (finishing completes the async request), or inline on the container's request
 * thread (finishing flushes the answer, so the client has it before the filters' completion work runs).
 * When the client goes away (a failed write, or the container reporting an error on the async request)
 * the upstream call is aborted at once, so nothing is left hanging.
 */
final class ProxyExchange implements Runnable, AsyncListener {
  private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

  private final Route route;
  private final UpstreamRequest upstreamRequest;
  private final AnswerReader answers;
  private final WireApi api;
  private final HttpServletResponse res;
  private final Runnable finish;
  private final ResponseRelay relay;
  private final String requestId;
  private final ProxyOutcome outcome;
  private final long startNanos;
  private final InFlightLimit.Permit permit;
  private final GatewayOverhead.Stopwatch stopwatch;
  private volatile UpstreamResponse upstream;
  private volatile boolean clientGone;

  /** @param finish run last, once the answer is written and the permit released */
  ProxyExchange(
      Route route,
      UpstreamRequest upstreamRequest,
      AnswerReader answers,
      WireApi api,
      HttpServletResponse res,
      Runnable finish,
      ResponseRelay relay,
      String requestId,
      ProxyOutcome outcome,
      long startNanos,
      InFlightLimit.Permit permit,
      GatewayOverhead.Stopwatch stopwatch) {
    this.route = route;
    this.upstreamRequest = upstreamRequest;
    this.answers = answers;
    this.api = api;
    this.res = res;
    this.finish = finish;
    this.relay = relay;
    this.requestId = requestId;
    this.outcome = outcome;
    this.startNanos = startNanos;
    this.permit = permit;
    this.stopwatch = stopwatch;
  }

  @Override
  public void run() {
    boolean relayed = false;
    try {
      stopwatch.upstreamStarted();
      upstream = route.provider().send(upstreamRequest);
      outcome.firstByteAfter(Duration.ofNanos(System.nanoTime() - startNanos));
      if (clientGone) {
        return;
      }
      relay.relay(route.provider().id(), upstream, answers, api, outcome, res, stopwatch);
      relayed = true;
    } catch (ClientDisconnectedException e) {
      outcome.markClientDisconnected();
      log.debug(
          "Request {}: client disconnected, upstream call to {} cancelled",
          requestId,
          route.provider().id());
    } catch (ProxyException e) {
      log.warn("Request {} to provider {}: {}", requestId, route.provider().id(), e.getMessage());
      outcome.failed(e.error());
      writeError(e.error());
    } catch (IOException | RuntimeException e) {
      log.error("Request {} to provider {} failed", requestId, route.provider().id(), e);
      outcome.failed(OpenAiError.internal(requestId));
      writeError(OpenAiError.internal(requestId));
    } finally {
      release(relayed);
      // Before completing: the provider's place is free by the time the client has its whole
      // answer.
      permit.release();
      finish.run();
    }
  }

  @Override
  public void onError(AsyncEvent event) {
    clientGone = true;
    outcome.markClientDisconnected();
    UpstreamResponse current = upstream;
    if (current != null) {
      current.abort();
    }
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    onError(event);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    // run() releases the upstream response and the permit itself; this only covers a container that
    // completed the request on its own after the client went away (a permit frees its place only
    // once).
    permit.release();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // Not re-dispatched.
  }

  private void writeError(OpenAiError error) {
    if (clientGone || res.isCommitted()) {
      return;
    }
    try {
      stopwatch.stamp(res);
      error.writeTo(res, api);
    } catch (IOException e) {
      log.debug("Request {}: client gone before the error could be written", requestId);
    }
  }

  private void release(boolean relayed) {
    UpstreamResponse current = upstream;
    if (current == null) {
      return;
    }
    if (!relayed) {
      // Stopping early: abort so the connection is dropped instead of being drained.
      current.abort();
    }
    current.close();
  }
}
