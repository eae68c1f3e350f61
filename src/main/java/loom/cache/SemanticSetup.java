package loom.cache;

import java.time.Clock;
import loom.cache.semantic.Embedder;
import loom.cache.semantic.MeaningGuards;
import loom.cache.semantic.MiniLmEmbedder;
import loom.cache.semantic.SemanticIndex;
import loom.config.CacheConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the semantic lookup from configuration; a model that cannot load leaves the exact cache working alone. */
final class SemanticSetup {
  private static final Logger log = LoggerFactory.getLogger(SemanticSetup.class);
  private static final long BYTES_PER_MB = 1024L * 1024;

  private SemanticSetup() {}

  /** The lookup, or null (logged) when the embedding model cannot be loaded in this JVM. */
  static SemanticLookup start(CacheConfig config, CacheBackends backends, CacheKeys keys, CacheStats stats,
                              Clock clock) {
    Embedder embedder;
    try {
      embedder = MiniLmEmbedder.load();
    } catch (RuntimeException | LinkageError e) {
      // ONNX Runtime's and the tokenizer's native code load once per JVM path: a hot redeploy may find it taken.
      log.error("Semantic cache off: its embedding model could not be loaded ({}). Exact caching goes on; restart the"
          + " server to load the model afresh.", e.toString());
      return null;
    }
    SemanticIndex index = new SemanticIndex(embedder.dimensions(), config.semantic().maxMemoryMb() * BYTES_PER_MB);
    return new SemanticLookup(config.semantic(), embedder, index, MeaningGuards.standard(),
        backends.semanticShare(embedder.dimensions(), config.maxTtl(), clock), keys, stats, clock);
  }
}
