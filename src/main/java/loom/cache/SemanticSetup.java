package loom.cache;

import java.time.Clock;
import java.util.function.Consumer;
import loom.cache.semantic.Embedder;
import loom.cache.semantic.MeaningGuards;
import loom.cache.semantic.MiniLmEmbedder;
import loom.cache.semantic.SemanticIndex;
import loom.config.CacheConfig;
import loom.config.ProviderEmbeddings;
import loom.proxy.DirectAnswer;
import loom.proxy.Endpoint;
import loom.proxy.ProxyModule;
import loom.support.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the semantic lookup from configuration; a model that cannot load leaves the exact cache working alone. */
final class SemanticSetup {
  private static final Logger log = LoggerFactory.getLogger(SemanticSetup.class);
  private static final long BYTES_PER_MB = 1024L * 1024;

  private SemanticSetup() {}

  /**
   * The lookup, or null (logged) when the built-in embedding model cannot be loaded in this JVM.
   *
   * @throws CacheSetupException when the configured embeddings provider does not serve the model's embeddings
   */
  static SemanticLookup start(
      CacheConfig config,
      CacheBackends backends,
      CacheKeys keys,
      CacheStats stats,
      ProxyModule proxy,
      Consumer<DirectAnswer> recorder,
      Clock clock) {
    ProviderEmbeddings provider = config.semantic().providerEmbeddings();
    Embedder embedder;
    if (provider != null) {
      requireServed(proxy, provider);
      embedder = new ProviderEmbedder(provider, proxy::call, recorder);
    } else {
      embedder = builtIn();
      if (embedder == null) {
        return null;
      }
    }
    SemanticIndex index =
        new SemanticIndex(embedder.dimensions(), config.semantic().maxMemoryMb() * BYTES_PER_MB);
    return new SemanticLookup(
        config.semantic(),
        embedder,
        index,
        MeaningGuards.standard(),
        backends.semanticShare(embedder.dimensions(), config.maxTtl(), clock),
        keys,
        stats,
        clock);
  }

  /** A provider that is not there or does not serve embeddings is a configuration error, found at deploy. */
  private static void requireServed(ProxyModule proxy, ProviderEmbeddings provider) {
    try {
      proxy.destinationOf(provider.model(), provider.provider(), Endpoint.EMBEDDINGS);
    } catch (InvalidInputException e) {
      throw new CacheSetupException("cache.semantic.embeddings: " + e.getMessage(), e);
    }
  }

  /** The model in the WAR, or null (logged) when it cannot be loaded in this JVM. */
  private static Embedder builtIn() {
    try {
      return MiniLmEmbedder.load();
    } catch (RuntimeException | LinkageError e) {
      // ONNX Runtime's and the tokenizer's native code load once per JVM path: a hot redeploy may
      // find it taken.
      log.error(
          "Semantic cache off: its embedding model could not be loaded ({}). Exact caching goes on; restart the"
              + " server to load the model afresh.",
          e.toString());
      return null;
    }
  }
}
