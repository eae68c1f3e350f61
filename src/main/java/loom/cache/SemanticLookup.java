package loom.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import loom.cache.semantic.Embedder;
import loom.cache.semantic.FinalUserTurn;
import loom.cache.semantic.MeaningGuards;
import loom.cache.semantic.SemanticEntry;
import loom.cache.semantic.SemanticIndex;
import loom.cache.semantic.Verdict;
import loom.config.SemanticCacheConfig;
import loom.proxy.Endpoint;
import loom.proxy.ProxyCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic half of the cache, asked after an exact miss: it splits a request into its final user text and the
 * rest ({@link FinalUserTurn}), keys the rest as the exact cache keys a body (so the partition carries provider,
 * model, every parameter, namespace and user), embeds the text, and offers the remembered questions of that partition
 * that are close enough and that every {@link MeaningGuards meaning guard} lets through. After a miss is answered and
 * stored, the question is remembered under the answer's exact key. Thread-safe.
 */
final class SemanticLookup implements AutoCloseable {
  /** How many near neighbours are judged; a vetoed closest one may leave a good second. */
  static final int CANDIDATES = 4;

  private static final Logger log = LoggerFactory.getLogger(SemanticLookup.class);

  private final SemanticCacheConfig config;
  private final Embedder embedder;
  private final SemanticIndex index;
  private final MeaningGuards guards;
  private final SemanticShare share;
  private final CacheKeys keys;
  private final CacheStats stats;
  private final Clock clock;

  SemanticLookup(
      SemanticCacheConfig config,
      Embedder embedder,
      SemanticIndex index,
      MeaningGuards guards,
      SemanticShare share,
      CacheKeys keys,
      CacheStats stats,
      Clock clock) {
    this.config = config;
    this.embedder = embedder;
    this.index = index;
    this.guards = guards;
    this.share = share;
    this.keys = keys;
    this.stats = stats;
    this.clock = clock;
  }

  /** A request ready to be compared: its partition, its final text and that text's vector. */
  record Probe(String partition, String text, float[] vector) {}

  /** A remembered question that may answer the probe, and how close it is. */
  record Candidate(SemanticEntry entry, double similarity) {}

  /** Whether a request gets a semantic lookup: its header's say, else the configured default. */
  boolean wanted(Boolean header) {
    return header == null ? config.onByDefault() : header;
  }

  /**
   * The probe of a call, when its final turn can be compared by meaning and embedding works now.
   *
   * @param variant as for the exact key ({@link CacheKeys#variantOf}); null for the classic chat API
   */
  Optional<Probe> probe(ProxyCall call, String namespace, String userPartition, String variant) {
    return probe(
        call.endpoint(),
        call.providerId(),
        call.upstreamModel(),
        call.body(),
        namespace,
        userPartition,
        variant);
  }

  Optional<Probe> probe(
      Endpoint endpoint,
      String providerId,
      String upstreamModel,
      ObjectNode body,
      String namespace,
      String userPartition,
      String variant) {
    Optional<FinalUserTurn> turn = FinalUserTurn.of(endpoint.api(), body);
    if (turn.isEmpty()) {
      stats.semanticSkipped();
      return Optional.empty();
    }
    String partition;
    float[] vector;
    try {
      partition =
          keys.key(
                  providerId,
                  upstreamModel,
                  turn.get().rest(),
                  namespace,
                  userPartition,
                  // Vectors of two models cannot be compared: the embedder is part of the partition
                  // (and of Redis's keys).
                  "semantic|"
                      + embedder.description()
                      + "|"
                      + (variant == null ? endpoint.path() : variant))
              .value();
      vector = embedder.embed(turn.get().text());
    } catch (RuntimeException e) {
      log.warn("Semantic lookup skipped: {}", e.toString());
      return Optional.empty();
    }
    return Optional.of(new Probe(partition, turn.get().text(), vector));
  }

  /** The remembered questions that may answer the probe, the closest first, each allowed by every guard. */
  List<Candidate> candidates(Probe probe) {
    share.catchUp(probe.partition(), index);
    List<Candidate> allowed = new ArrayList<>(CANDIDATES);
    for (SemanticIndex.Scored near :
        index.nearest(
            probe.partition(), probe.vector(), config.threshold(), CANDIDATES, clock.millis())) {
      Verdict verdict = guards.check(probe.text(), near.entry().text());
      if (verdict.allowed()) {
        allowed.add(new Candidate(near.entry(), near.similarity()));
      } else {
        stats.semanticVetoed();
        log.debug(
            "Semantic candidate vetoed ({}) at similarity {}", verdict.reason(), near.similarity());
      }
    }
    return allowed;
  }

  /** The candidate's answer is gone from the cache (evicted, expired, invalidated): forget the question too. */
  void forget(Candidate candidate) {
    index.remove(candidate.entry());
  }

  /** Remembers the probe's question as answered by the entry stored under {@code key}. */
  void remember(Probe probe, String key, Instant expiresAt) {
    SemanticEntry entry =
        new SemanticEntry(
            key, probe.partition(), probe.text(), probe.vector(), expiresAt.toEpochMilli());
    index.add(entry);
    share.publish(entry);
  }

  /** Forgets every question here and, with Redis, everywhere. */
  void clear() {
    index.removeIf(entry -> true);
    share.clear();
  }

  /** Forgets the questions whose answers' keys match. */
  long removeIf(java.util.function.Predicate<SemanticEntry> matches) {
    return index.removeIf(matches);
  }

  SemanticIndex index() {
    return index;
  }

  String embedderDescription() {
    return embedder.description();
  }

  @Override
  public void close() {
    embedder.close();
  }
}
