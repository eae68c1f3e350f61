package loom.cache;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import loom.auth.Caller;
import loom.config.CacheConfig;
import loom.proxy.CacheStatus;
import loom.proxy.CapturedResponse;
import loom.proxy.ProxyCall;
import loom.proxy.ProxyOutcome;
import loom.proxy.RequestIdFilter;
import loom.support.HeaderValues;
import loom.support.ResponseCompletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response cache in front of the proxy, between the API key and the proxy servlet. For every call of a
 * cacheable endpoint it computes the key, answers a hit itself (in the shape the client asked for), and on
 * a miss lets the proxy answer while keeping a copy that it stores once the answer is complete and
 * successful. Concurrent identical misses make one upstream call. Every proxy response gets
 * {@code X-Loom-Cache} (HIT, MISS or BYPASS) and, when a key was computed, {@code X-Loom-Cache-Key} (percent-encoded
 * where the model name is not printable ASCII). With {@code cache.scope: user} a call that no caller is known for is
 * bypassed, never keyed as everyone's. The
 * cache is used through the JCache API only; a failing cache makes a miss, never a failed request.
 */
public final class CacheFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String STATUS_HEADER = "X-Loom-Cache";
  static final String KEY_HEADER = "X-Loom-Cache-Key";
  static final String SIMILARITY_HEADER = "X-Loom-Cache-Similarity";
  static final String MATCH_HEADER = "X-Loom-Cache-Match";
  static final String SEMANTIC_HIT = "SEMANTIC_HIT";
  private static final Logger log = LoggerFactory.getLogger(CacheFilter.class);

  private final transient Function<HttpServletRequest, Optional<ProxyCall>> calls;
  private final transient CachePolicy policy;
  private final transient CacheKeys keys;
  private final transient ResponseCache cache;
  private final transient SingleFlight flights;
  private final transient CacheReplay replay;
  private final transient CacheStats stats;
  private final transient CacheConfig config;
  private final transient Clock clock;
  private final transient SemanticLookup semantic; // null when the semantic cache is off

  CacheFilter(
      Function<HttpServletRequest, Optional<ProxyCall>> calls,
      CachePolicy policy,
      CacheKeys keys,
      ResponseCache cache,
      SingleFlight flights,
      CacheReplay replay,
      CacheStats stats,
      CacheConfig config,
      Clock clock,
      SemanticLookup semantic) {
    this.calls = calls;
    this.policy = policy;
    this.keys = keys;
    this.cache = cache;
    this.flights = flights;
    this.replay = replay;
    this.stats = stats;
    this.config = config;
    this.clock = clock;
    this.semantic = semantic;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Optional<ProxyCall> found = calls.apply(req);
    if (found.isEmpty()) {
      // /v1/models, or a request the proxy will refuse: nothing to cache.
      res.setHeader(STATUS_HEADER, CacheStatus.BYPASS.name());
      chain.doFilter(req, res);
      return;
    }
    ProxyCall call = found.get();
    if (!call.endpoint().cacheable() || call.background()) {
      // Token counts are not worth keeping; a background response is fetched later by id, never
      // replayed.
      bypass(req, res, chain);
      return;
    }
    CachePolicy.Decision decision;
    Boolean semanticAsked;
    try {
      decision = policy.decide(req, call);
      semanticAsked = CachePolicy.semantic(req.getHeader(CachePolicy.SEMANTIC_HEADER));
    } catch (CachePolicy.BadHeader e) {
      call.outcome().failed(e.error());
      res.setHeader(STATUS_HEADER, CacheStatus.BYPASS.name());
      e.error().writeTo(res, call.endpoint().api());
      return;
    }
    String userPartition = null;
    if (config.scope() == CacheConfig.Scope.USER) {
      Optional<Caller> caller = Caller.find(req);
      if (caller.isEmpty()) {
        // A user's cache and no user (nothing named the caller in front of this filter): a key
        // without one would be everyone's, and hand one caller's answer to the next. Fail closed.
        log.debug(
            "Request {} has no caller under cache.scope: user; not cached",
            RequestIdFilter.of(req));
        bypass(req, res, chain);
        return;
      }
      userPartition = CacheKeys.userPartition(caller.get().userId());
    }
    CacheKey key;
    String variant = CacheKeys.variantOf(call.endpoint(), call.stream());
    try {
      key =
          keys.key(
              call.providerId(),
              call.upstreamModel(),
              call.body(),
              decision.namespace(),
              userPartition,
              variant);
    } catch (IllegalArgumentException unkeyable) {
      // A body that has no stable key (e.g. an unpaired surrogate) is answered, just never from the
      // cache.
      bypass(req, res, chain);
      return;
    }
    res.setHeader(KEY_HEADER, HeaderValues.safe(key.value()));
    if (decision.bypass()) {
      bypass(req, res, chain);
      return;
    }
    if (decision.lookup() && serveFromCache(lookup(key.value()), call, res)) {
      return;
    }
    // Looked up by meaning only on an exact miss; a no-cache request still gets its question
    // remembered.
    SemanticLookup.Probe probe =
        semantic != null && semantic.wanted(semanticAsked) && call.endpoint().semanticCacheable()
            ? semantic.probe(call, decision.namespace(), userPartition, variant).orElse(null)
            : null;
    if (probe != null && decision.lookup() && serveByMeaning(probe, call, res)) {
      return;
    }
    SingleFlight.Ticket ticket = decision.lookup() ? flights.join(key.value()) : null;
    if (ticket != null
        && !ticket.leader()
        && serveFromCache(ticket.await(call.upstreamTimeout()), call, res)) {
      return;
    }
    if (ticket != null && ticket.leader()) {
      // A flight for this key may have landed between the lookup and the join: look once more.
      Optional<CacheEntry> landed = lookup(key.value());
      if (landed.isPresent()) {
        ticket.land(landed);
        serveFromCache(landed, call, res);
        return;
      }
    }
    miss(req, res, chain, call, key, decision, ticket, probe);
  }

  private void bypass(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    stats.bypassed();
    res.setHeader(STATUS_HEADER, CacheStatus.BYPASS.name());
    chain.doFilter(req, res);
  }

  private Optional<CacheEntry> lookup(String key) {
    try {
      return cache.get(key, clock.instant());
    } catch (RuntimeException e) {
      log.warn("Cache lookup failed; answering from upstream: {}", e.toString());
      return Optional.empty();
    }
  }

  private boolean serveFromCache(
      Optional<CacheEntry> found, ProxyCall call, HttpServletResponse res) throws IOException {
    if (found.isEmpty()) {
      return false;
    }
    CacheEntry entry = found.get();
    call.outcome().servedFromCache(entry.usage());
    stats.hit(entry);
    res.setHeader(STATUS_HEADER, CacheStatus.HIT.name());
    replay(entry, call, res);
    return true;
  }

  /** What every hit, exact or by meaning, sends: the provider, the answer's age, and the answer itself. */
  private void replay(CacheEntry entry, ProxyCall call, HttpServletResponse res)
      throws IOException {
    res.setHeader("X-Loom-Provider", call.providerId());
    res.setHeader(
        "Age",
        Long.toString(
            Math.max(0, Duration.between(entry.cachedAt(), clock.instant()).toSeconds())));
    replay.write(entry, call, res);
  }

  /** Serves the closest remembered question that the guards allow and whose answer is still cached. */
  private boolean serveByMeaning(
      SemanticLookup.Probe probe, ProxyCall call, HttpServletResponse res) throws IOException {
    for (SemanticLookup.Candidate candidate : semantic.candidates(probe)) {
      Optional<CacheEntry> found = lookup(candidate.entry().key());
      if (found.isEmpty()) {
        semantic.forget(candidate);
        continue;
      }
      CacheEntry entry = found.get();
      String similarity = String.format(java.util.Locale.ROOT, "%.4f", candidate.similarity());
      call.outcome()
          .servedByMeaning(
              entry.usage(),
              new ProxyOutcome.SemanticMatch(candidate.similarity(), candidate.entry().key()));
      stats.semanticHit(entry);
      res.setHeader(STATUS_HEADER, SEMANTIC_HIT);
      res.setHeader(SIMILARITY_HEADER, similarity);
      res.setHeader(MATCH_HEADER, HeaderValues.safe(candidate.entry().key()));
      replay(entry, call, res);
      return true;
    }
    return false;
  }

  private void miss(
      HttpServletRequest req,
      HttpServletResponse res,
      FilterChain chain,
      ProxyCall call,
      CacheKey key,
      CachePolicy.Decision decision,
      SingleFlight.Ticket ticket,
      SemanticLookup.Probe probe)
      throws IOException, ServletException {
    stats.missed();
    call.outcome().cacheStatus(CacheStatus.MISS);
    res.setHeader(STATUS_HEADER, CacheStatus.MISS.name());
    if (decision.store()) {
      call.outcome().captureForCache(config.maxEntrySize());
    }
    long startNanos = System.nanoTime();
    ResponseCompletion.proceedThen(
        req,
        res,
        chain,
        () -> {
          Optional<CacheEntry> stored = Optional.empty();
          try {
            if (decision.store()) {
              stored = store(call, key, decision, Duration.ofNanos(System.nanoTime() - startNanos));
            }
            if (probe != null && stored.isPresent()) {
              semantic.remember(probe, key.value(), stored.get().expiresAt());
            }
          } catch (RuntimeException e) {
            log.warn("Could not store a response in the cache: {}", e.toString());
          } finally {
            if (ticket != null) {
              ticket.land(stored);
            }
          }
        });
  }

  private Optional<CacheEntry> store(
      ProxyCall call, CacheKey key, CachePolicy.Decision decision, Duration latency) {
    Optional<CapturedResponse> captured =
        call.outcome().capturedForCache().filter(answer -> answer.status() == 200);
    if (captured.isEmpty()) {
      return Optional.empty();
    }
    CapturedResponse answer = captured.get();
    Instant now = clock.instant();
    CacheEntry entry =
        new CacheEntry(
            answer.status(),
            answer.contentType(),
            answer.isStream() ? null : new String(answer.body(), StandardCharsets.UTF_8),
            answer.events().stream()
                .map(event -> new String(event, StandardCharsets.UTF_8))
                .toList(),
            answer.usage(),
            call.providerId(),
            call.upstreamModel(),
            call.endpoint().path(),
            now,
            now.plus(decision.ttl()),
            latency.toMillis());
    cache.put(key.value(), entry);
    stats.stored();
    return Optional.of(entry);
  }
}
