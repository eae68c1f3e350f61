package loom.cache.semantic;

/**
 * Turns a text into a unit-length vector whose dot product with another's is their cosine similarity. Thread-safe.
 */
public interface Embedder extends AutoCloseable {
  /**
   * The text's vector, of {@link #dimensions()} floats and length 1.
   *
   * @throws EmbeddingException when the text cannot be embedded now (the request is then answered without the
   *     semantic cache)
   */
  float[] embed(String text);

  int dimensions();

  /** What embeds, for logs and the admin API (e.g. {@code all-minilm-l6-v2-q (in process)}). */
  String description();

  @Override
  default void close() {}

  /** Embedding failed; the semantic lookup is skipped, never the request. */
  final class EmbeddingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddingException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
