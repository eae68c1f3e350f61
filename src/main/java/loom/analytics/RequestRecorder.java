package loom.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import loom.auth.Caller;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import loom.proxy.DirectAnswer;
import loom.proxy.ProxyOutcome;
import loom.proxy.RequestIdFilter;
import loom.proxy.Usage;

/**
 * Turns a completed proxy request into its {@link RequestLog}: who called (the key's user), what the
 * proxy learned (provider, model, usage, time to first byte, error), the exact cost from the price
 * table, and the bodies only when privacy settings allow (captured here, redacted by the writer before
 * they are stored). Then offers it to the writer.
 * Thread-safe.
 */
final class RequestRecorder implements Consumer<CompletedRequest> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PriceTable prices;
  private final BodyPrivacy privacy;
  private final Consumer<RequestLog> sink;
  private final AnalyticsMetrics metrics;

  /** The metadata flag of a call that made or touched a Responses API response running in the background. */
  static final String BACKGROUND_FLAG = "background";

  /** In a semantic hit's metadata: how similar its question was to the one answered, and that answer's cache key. */
  public static final String SEMANTIC_SIMILARITY_FLAG = "semantic_similarity";

  public static final String SEMANTIC_MATCH_FLAG = "semantic_match";

  RequestRecorder(
      PriceTable prices, BodyPrivacy privacy, Consumer<RequestLog> sink, AnalyticsMetrics metrics) {
    this.prices = prices;
    this.privacy = privacy;
    this.sink = sink;
    this.metrics = metrics;
  }

  @Override
  public void accept(CompletedRequest completed) {
    HttpServletRequest req = completed.request();
    Optional<Caller> caller = Caller.find(req);
    record(
        new Facts(
            RequestIdFilter.of(req),
            completed.startedAt(),
            completed.latency(),
            req.getMethod(),
            req.getRequestURI().substring(req.getContextPath().length()),
            caller,
            ProxyOutcome.find(req),
            completed.response().getStatus(),
            // A call the proxy refused before it attributed it still belongs to its key's team.
            Attribution.find(req)
                .orElseGet(
                    () ->
                        new Attribution(
                            caller.map(Caller::teamId).orElse(null), null, null, List.of()))));
  }

  /** A call the gateway made itself on a user's behalf (cache warming), recorded as a client's call is. */
  void accept(DirectAnswer answer) {
    record(
        new Facts(
            answer.requestId(),
            answer.startedAt(),
            answer.latency(),
            "POST",
            answer.path(),
            Optional.of(answer.caller()),
            Optional.of(answer.outcome()),
            answer.status(),
            answer.attribution()));
  }

  /** What a log is made of, wherever the call came from. */
  private record Facts(
      String requestId,
      Instant startedAt,
      Duration latency,
      String method,
      String path,
      Optional<Caller> caller,
      Optional<ProxyOutcome> outcome,
      int status,
      Attribution attribution) {}

  private void record(Facts facts) {
    long startNanos = System.nanoTime();
    Optional<ProxyOutcome> outcome = facts.outcome();
    Optional<Caller> caller = facts.caller();
    String provider = outcome.flatMap(ProxyOutcome::providerId).orElse(null);
    String model = outcome.flatMap(ProxyOutcome::upstreamModel).orElse(null);
    Usage usage = outcome.map(ProxyOutcome::usage).orElse(Usage.NONE);
    int status = facts.status();
    Cost cost =
        provider == null || model == null || status >= 400
            ? null
            : prices.cost(provider, model, usage, facts.startedAt());
    ObjectNode flags = JSON.createObjectNode();
    // Only calls routed to a provider have a provider id (not /v1/models), and those must report
    // usage.
    if (status < 400 && provider != null && !usage.reported()) {
      flags.put("usage_missing", true);
    }
    if (cost != null && !cost.priced()) {
      flags.put("unpriced", true);
    }
    if (outcome.map(ProxyOutcome::clientDisconnected).orElse(false)) {
      flags.put("client_disconnected", true);
    }
    if (outcome.map(ProxyOutcome::background).orElse(false)) {
      flags.put(BACKGROUND_FLAG, true);
    }
    outcome
        .flatMap(ProxyOutcome::semanticMatch)
        .ifPresent(
            match ->
                flags
                    .put(
                        SEMANTIC_SIMILARITY_FLAG,
                        Math.round(match.similarity() * 10_000) / 10_000.0)
                    .put(SEMANTIC_MATCH_FLAG, match.key()));
    CacheStatus cacheStatus = outcome.map(ProxyOutcome::cacheStatus).orElse(CacheStatus.BYPASS);
    // A cache hit cost nothing; what the original answer would have cost now is what it saved.
    boolean hit = cacheStatus == CacheStatus.HIT;
    BigDecimal price = cost == null ? BigDecimal.ZERO : cost.usd();
    String requestId = facts.requestId();
    String method = facts.method();
    String path = facts.path();
    // Without a key, a caller could make up paths (and so endpoint names, each a rollup row) at
    // will.
    String endpoint =
        caller.isPresent()
            ? EndpointNames.of(method, path)
            : EndpointNames.ofAnonymous(method, path);
    RequestLog log =
        new RequestLog(
            requestId,
            requestId,
            facts.startedAt(),
            caller.map(Caller::userId).orElse(null),
            caller.map(Caller::keyId).orElse(null),
            outcome.flatMap(ProxyOutcome::endUser).orElse(null),
            method,
            path,
            endpoint,
            provider,
            model,
            usage.promptTokens(),
            usage.completionTokens(),
            usage.totalTokens(),
            usage.cachedTokens(),
            usage.cacheWriteTokens(),
            usage.cacheWrite1hTokens(),
            usage.reasoningTokens(),
            facts.latency().toMillis(),
            outcome
                .flatMap(ProxyOutcome::timeToFirstByte)
                .map(ttfb -> ttfb.toMillis())
                .orElse(null),
            status,
            hit ? BigDecimal.ZERO : price,
            hit ? price : BigDecimal.ZERO,
            cost == null ? null : cost.priceVersion(),
            cacheStatus,
            outcome.map(ProxyOutcome::stream).orElse(false),
            // A stream that broke after its 200 was sent keeps what went wrong too.
            status >= 400
                ? outcome.flatMap(ProxyOutcome::errorMessage).orElse(defaultError(status))
                : outcome.flatMap(ProxyOutcome::errorMessage).orElse(null),
            // Bodies are only captured here; the writer thread redacts them before they are stored.
            outcome.flatMap(ProxyOutcome::requestBody).map(privacy::captureRequest).orElse(null),
            outcome.flatMap(ProxyOutcome::responseBody).map(privacy::captureResponse).orElse(null),
            flags.isEmpty() ? null : flags.toString(),
            outcome.flatMap(ProxyOutcome::responseId).orElse(null),
            facts.attribution(),
            hit
                ? BigDecimal.ZERO
                : promptCacheSaving(provider, model, usage, cost, facts.startedAt()));
    metrics.recorded(log, evidence(provider, model, status), cost != null && !cost.priced());
    sink.accept(log);
    metrics.recordingTook(System.nanoTime() - startNanos);
  }

  /**
   * What the provider's prompt cache saved on a priced call: the call as if its cache reads were ordinary input,
   * minus what it cost. Zero without cache reads or without a price.
   */
  private BigDecimal promptCacheSaving(
      String provider, String model, Usage usage, Cost cost, Instant startedAt) {
    if (cost == null || !cost.priced() || usage.cachedTokens() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal uncached = prices.cost(provider, model, usage.withoutCacheReads(), startedAt).usd();
    return uncached.subtract(cost.usd()).max(BigDecimal.ZERO);
  }

  /** Whether the model of this call is known to be real, so that it may become a metrics label. */
  private AnalyticsMetrics.ModelEvidence evidence(String provider, String model, int status) {
    if (provider == null || model == null) {
      return AnalyticsMetrics.ModelEvidence.NONE;
    }
    if (prices.lists(provider, model)) {
      return AnalyticsMetrics.ModelEvidence.LISTED;
    }
    return status < 400
        ? AnalyticsMetrics.ModelEvidence.ANSWERED
        : AnalyticsMetrics.ModelEvidence.NONE;
  }

  private static String defaultError(int status) {
    return status == 401 ? "Missing or invalid API key." : "HTTP " + status;
  }
}
