package loom.config;

/**
 * The {@code cache.semantic} section: answering a request from the cached answer of an earlier request that agrees
 * on everything but the wording of its final user turn (docs/CACHING.md).
 *
 * @param enabled whether the gateway loads an embedding model and keeps a semantic index at all
 * @param onByDefault whether a request without {@code X-Loom-Cache-Semantic} gets a semantic lookup ({@code default:
 *     on}); with {@code off} only requests that send {@code X-Loom-Cache-Semantic: on} do
 * @param threshold the cosine similarity a cached question must reach, before the meaning guards have their say
 * @param maxMemoryMb the part of {@code cache.max_memory_mb} kept for the index (vectors, texts, graph links)
 * @param providerEmbeddings where questions are embedded when not by the built-in model; null for the built-in one
 */
public record SemanticCacheConfig(
    boolean enabled,
    boolean onByDefault,
    double threshold,
    int maxMemoryMb,
    ProviderEmbeddings providerEmbeddings) {
  public static final double DEFAULT_THRESHOLD = 0.85;
  public static final int DEFAULT_MAX_MEMORY_MB = 16;

  public SemanticCacheConfig {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("a similarity threshold lies in (0, 1]; got " + threshold);
    }
  }

  /** Embedding with the built-in model. */
  public SemanticCacheConfig(
      boolean enabled, boolean onByDefault, double threshold, int maxMemoryMb) {
    this(enabled, onByDefault, threshold, maxMemoryMb, null);
  }

  /** Off (the default): only exact repeats are answered from the cache. */
  public static SemanticCacheConfig off() {
    return new SemanticCacheConfig(false, true, DEFAULT_THRESHOLD, DEFAULT_MAX_MEMORY_MB);
  }
}
