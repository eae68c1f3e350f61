package loom.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code cache.semantic.embeddings} section: the semantic cache embeds questions through a configured provider's
 * {@code /v1/embeddings} instead of the built-in model. Each embedding is the gateway's own call, logged and priced.
 *
 * @param provider the id of a configured provider that serves {@code /v1/embeddings}
 * @param model the embedding model as the proxy would route it (an alias works too)
 * @param dimensions how many numbers the model answers with; every vector of another length is refused
 */
public record ProviderEmbeddings(String provider, String model, int dimensions) {
  /** The sizes of the embedding models whose size is public and fixed, so that most users need not say it. */
  private static final Map<String, Integer> KNOWN_DIMENSIONS =
      Map.of(
          "text-embedding-3-small", 1536,
          "text-embedding-3-large", 3072,
          "text-embedding-ada-002", 1536);

  public ProviderEmbeddings {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (dimensions < 1) {
      throw new IllegalArgumentException(
          "an embedding has at least one dimension; got " + dimensions);
    }
  }

  /** The published size of a well-known embedding model, by its name without a provider prefix. */
  static Optional<Integer> knownDimensions(String model) {
    return Optional.ofNullable(KNOWN_DIMENSIONS.get(model.substring(model.lastIndexOf('/') + 1)));
  }
}
