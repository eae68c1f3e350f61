package loom.cache.semantic;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The built-in embedder: all-MiniLM-L6-v2, quantized, run in process by ONNX Runtime (LangChain4j ships the model in
 * a Maven artifact). 384 dimensions, about 3 ms a short text on one core, no network, no provider cost. Chosen because
 * it is the smallest widely used sentence-embedding model with a Maven artifact, and because its numbers on the
 * evaluation set are published in docs/CACHING.md.
 */
public final class MiniLmEmbedder implements Embedder {
  private static final int DIMENSIONS = 384;
  private static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";
  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  private MiniLmEmbedder(AllMiniLmL6V2QuantizedEmbeddingModel model) {
    this.model = model;
  }

  /**
   * Loads the model (a few hundred ms). ONNX Runtime extracts its native library to a fresh temporary folder each
   * time; DJL's tokenizer extracts to one fixed folder, and a JVM refuses the same library file to a second class
   * loader, so a second gateway in the same server (or a redeploy) could not load it. Unless the operator chose
   * {@code ENGINE_CACHE_DIR}, each load is pointed at a folder of its own, emptied once the library is loaded.
   */
  public static MiniLmEmbedder load() {
    synchronized (System.class) {
      if (System.getenv(ENGINE_CACHE_DIR) != null || System.getProperty(ENGINE_CACHE_DIR) != null) {
        return new MiniLmEmbedder(new AllMiniLmL6V2QuantizedEmbeddingModel());
      }
      Path folder;
      try {
        folder = Files.createTempDirectory("loom-tokenizer-");
      } catch (IOException e) {
        throw new UncheckedIOException("no temporary folder for the tokenizer's native library", e);
      }
      System.setProperty(ENGINE_CACHE_DIR, folder.toString());
      try {
        return new MiniLmEmbedder(new AllMiniLmL6V2QuantizedEmbeddingModel());
      } finally {
        System.clearProperty(ENGINE_CACHE_DIR);
        deleteQuietly(folder);
      }
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      // A loaded library may be unlinked on Linux; where it may not, the file stays in the temporary folder.
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // left to the system's cleaning of temporary files
    }
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
