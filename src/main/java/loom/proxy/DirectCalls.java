package loom.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link DirectRequest}s: the calls the gateway makes on a user's behalf without an HTTP request of theirs. Each
 * goes the way a client's call goes, through the same pieces: the body read and checked by the proxy's reader, routed
 * by the router (the key's model policy applied), held to the caller's enforced budgets ({@link SpendGate}), within
 * the provider's in-flight bound, sent by the provider and its answer relayed, and kept for the cache, by the same
 * relay, into a response held in memory. Only the caller's HTTP request is missing, so no header of theirs is
 * forwarded. It runs on the calling thread. Thread-safe.
 */
final class DirectCalls {
  private static final Logger log = LoggerFactory.getLogger(DirectCalls.class);

  private final ProxyRequestReader reader;
  private final ProxyCallReader calls;
  private final InFlightLimits limits;
  private final ResponseRelay relay;
  private final ResponseRoutes responses;
  private final GatewayOverhead overhead;
  private final ObjectMapper json;
  private final boolean captureRequestBodies;
  private final SpendGate budgets;
  private final Clock clock;

  DirectCalls(
      ProxyRequestReader reader,
      ProxyCallReader calls,
      InFlightLimits limits,
      ResponseRelay relay,
      ResponseRoutes responses,
      GatewayOverhead overhead,
      ObjectMapper json,
      boolean captureRequestBodies,
      SpendGate budgets,
      Clock clock) {
    this.reader = reader;
    this.calls = calls;
    this.limits = limits;
    this.relay = relay;
    this.responses = responses;
    this.overhead = overhead;
    this.json = json;
    this.captureRequestBodies = captureRequestBodies;
    this.budgets = budgets;
    this.clock = clock;
  }

  /** Makes the call; a refusal or a failure is in the answer (its status and error), never thrown. */
  DirectAnswer call(DirectRequest request) {
    String requestId = UUID.randomUUID().toString().replace("-", "");
    Instant startedAt = clock.instant();
    long startNanos = System.nanoTime();
    ProxyOutcome outcome = new ProxyOutcome();
    BufferedResponse res = new BufferedResponse();
    Endpoint endpoint = request.endpoint();
    ProxyCall call = null;
    SpendGate.Admission admission = SpendGate.Admission.ADMITTED;
    boolean refusedByBudget = false;
    try {
      ProxyRequest proxyRequest =
          reader.read(endpoint, request.body().length, new ByteArrayInputStream(request.body()));
      outcome.request(proxyRequest, captureRequestBodies);
      Route route = calls.route(proxyRequest, request.provider());
      ProxyCallReader.requireServed(route.provider(), endpoint.api(), "/v1" + endpoint.path());
      outcome.routed(route);
      ModelPolicy.require(request.caller().policy(), route, proxyRequest.model());
      outcome.captureForCache(request.captureLimit());
      outcome.cacheStatus(CacheStatus.MISS);
      call = ProxyCall.direct(proxyRequest, route, outcome);
      admission = budgets.admit(request.caller(), call);
      if (admission.refusal().isPresent()) {
        refusedByBudget = true;
        throw new ProxyException(OpenAiError.budgetExhausted(admission.refusal().get()));
      }
      exchange(requestId, route, proxyRequest, request, outcome, res, startNanos);
    } catch (ProxyException refused) {
      outcome.failed(refused.error());
      res.setStatus(refused.error().status());
    } catch (IOException | RuntimeException e) {
      log.error("Direct call {} to {} failed", requestId, endpoint.path(), e);
      outcome.failed(OpenAiError.internal(requestId));
      res.setStatus(500);
    }
    if (call != null) {
      admission.settle(call, res.getStatus());
    }
    return new DirectAnswer(
        requestId,
        "/v1" + endpoint.path(),
        request.caller(),
        request.attribution(),
        startedAt,
        Duration.ofNanos(System.nanoTime() - startNanos),
        res.getStatus(),
        outcome,
        refusedByBudget);
  }

  private void exchange(
      String requestId,
      Route route,
      ProxyRequest proxyRequest,
      DirectRequest request,
      ProxyOutcome outcome,
      BufferedResponse res,
      long startNanos)
      throws IOException {
    InFlightLimit.Permit permit = limits.acquire(route);
    UpstreamResponse upstream = null;
    boolean relayed = false;
    try {
      UpstreamRequest upstreamRequest =
          new UpstreamRequest(
              proxyRequest.endpoint(),
              proxyRequest.upstreamBody(route.upstreamModel()),
              List.of(),
              proxyRequest.stream());
      upstream = route.provider().send(upstreamRequest);
      outcome.firstByteAfter(Duration.ofNanos(System.nanoTime() - startNanos));
      ResponseTracking tracking =
          new ResponseTracking(
              responses,
              route.provider().id(),
              request.caller().userId(),
              true,
              proxyRequest.background());
      relay.relay(
          route.provider().id(),
          upstream,
          AnswerReader.of(proxyRequest, tracking, json),
          proxyRequest.endpoint().api(),
          outcome,
          res,
          overhead.untimed());
      relayed = true;
    } catch (ProxyException e) {
      log.warn(
          "Direct call {} to provider {}: {}", requestId, route.provider().id(), e.getMessage());
      throw e;
    } finally {
      if (upstream != null) {
        if (!relayed) {
          upstream.abort();
        }
        upstream.close();
      }
      permit.release();
    }
  }
}
