package loom.cache.semantic;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The built-in embedder: all-MiniLM-L6-v2, quantized, run in process by ONNX Runtime (LangChain4j ships the model in
 * a Maven artifact). 384 dimensions, about 3 ms a short text on one core, no network, no provider cost. Chosen because
 * it is the smallest widely used sentence-embedding model with a Maven artifact, and because its numbers on the
 * evaluation set are published in docs/CACHING.md.
 */
public final class MiniLmEmbedder implements Embedder {
  private static final int DIMENSIONS = 384;
  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  private MiniLmEmbedder(AllMiniLmL6V2QuantizedEmbeddingModel model) {
    this.model = model;
  }

  /** Loads the model (a few hundred ms; extracts ONNX Runtime's and the tokenizer's native code once). */
  public static MiniLmEmbedder load() {
    return new MiniLmEmbedder(new AllMiniLmL6V2QuantizedEmbeddingModel());
  }

  @Override
  public float[] embed(String text) {
    try {
      return Vectors.normalized(model.embed(text).content().vector());
    } catch (RuntimeException e) {
      throw new EmbeddingException("the built-in model could not embed a text: " + e, e);
    }
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public String description() {
    return "all-minilm-l6-v2-q (in process)";
  }
}
