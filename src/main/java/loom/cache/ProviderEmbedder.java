package loom.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import loom.auth.Caller;
import loom.auth.Role;
import loom.cache.semantic.Embedder;
import loom.cache.semantic.Vectors;
import loom.config.ProviderEmbeddings;
import loom.proxy.Attribution;
import loom.proxy.CapturedResponse;
import loom.proxy.DirectAnswer;
import loom.proxy.DirectRequest;
import loom.proxy.Endpoint;

/**
 * Embeds the semantic cache's questions through a configured provider's {@code /v1/embeddings}: each text is one call
 * the gateway makes for itself, routed, bounded and relayed as a client's call is, then recorded in the request log
 * under the user {@value #GATEWAY_USER} with the tag {@value #TAG}, so that it is priced and counts in the totals and
 * the global budget as the gateway's own spend. A failed call is an {@link EmbeddingException}: the request goes on
 * without the semantic lookup. Thread-safe.
 */
final class ProviderEmbedder implements Embedder {
  /** The user id and name the request log gives the gateway's own calls. */
  static final String GATEWAY_USER = "loom-gateway";

  /** The tag of every embedding call. */
  static final String TAG = "loom-semantic-embedding";

  /** An embedding answer is a few tens of kilobytes; anything much larger is not one. */
  static final long MAX_ANSWER_BYTES = 4L * 1024 * 1024;

  private static final Caller GATEWAY = new Caller(GATEWAY_USER, GATEWAY_USER, Role.USER, null);
  private static final Attribution ATTRIBUTION = new Attribution(null, null, null, List.of(TAG));
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Makes a call as the proxy makes a client's ({@code ProxyModule::call}). */
  interface Calls {
    DirectAnswer call(DirectRequest request);
  }

  private final ProviderEmbeddings config;
  private final Calls calls;
  private final Consumer<DirectAnswer> recorder;

  ProviderEmbedder(ProviderEmbeddings config, Calls calls, Consumer<DirectAnswer> recorder) {
    this.config = config;
    this.calls = calls;
    this.recorder = recorder;
  }

  @Override
  public float[] embed(String text) {
    byte[] body =
        JSON.createObjectNode()
            .put("model", config.model())
            .put("input", text)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    DirectAnswer answer =
        calls.call(
            new DirectRequest(
                Endpoint.EMBEDDINGS,
                body,
                config.provider(),
                GATEWAY,
                ATTRIBUTION,
                MAX_ANSWER_BYTES));
    recorder.accept(answer);
    CapturedResponse captured =
        answer
            .captured()
            .orElseThrow(
                () ->
                    new EmbeddingException(
                        "provider "
                            + config.provider()
                            + " did not embed ("
                            + answer
                                .errorMessage()
                                .orElse(
                                    answer.status() == 200
                                        ? "its answer was larger than "
                                            + MAX_ANSWER_BYTES
                                            + " bytes"
                                        : "HTTP " + answer.status())
                            + ")",
                        null));
    return Vectors.normalized(vectorOf(captured.body()));
  }

  /** The first embedding of an OpenAI embeddings answer. */
  private float[] vectorOf(byte[] answer) {
    JsonNode embedding;
    try {
      embedding = JSON.readTree(answer).path("data").path(0).path("embedding");
    } catch (IOException e) {
      throw new EmbeddingException(
          "provider " + config.provider() + " answered embeddings that are not JSON", e);
    }
    if (!embedding.isArray()) {
      // Floats are the default encoding, and the call asks for no other.
      throw new EmbeddingException(
          "provider " + config.provider() + " answered without data[0].embedding as numbers", null);
    }
    float[] vector = new float[embedding.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) embedding.get(i).asDouble();
    }
    if (vector.length != config.dimensions()) {
      throw new EmbeddingException(
          config.model()
              + " answered "
              + vector.length
              + " dimensions; cache.semantic"
              + ".embeddings.dimensions says "
              + config.dimensions(),
          null);
    }
    return vector;
  }

  @Override
  public int dimensions() {
    return config.dimensions();
  }

  @Override
  public String description() {
    return config.model() + " (provider " + config.provider() + ")";
  }
}
