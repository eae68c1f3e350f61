package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Answers the demo's embedding calls: one deterministic unit-length vector per input, encoded as
 * floats or Base64 as asked, in OpenAI's response shape. Thread-safe.
 */
final class DemoEmbeddings {
  static final int DEFAULT_DIMENSIONS = 1536;
  static final int MAX_DIMENSIONS = 3072;

  private final ObjectMapper json;

  DemoEmbeddings(ObjectMapper json) {
    this.json = json;
  }

  /**
   * The embeddings response for a request body.
   *
   * @throws ProxyException with a 400 naming the parameter when the input, dimensions or encoding is invalid
   */
  UpstreamResponse embed(ObjectNode body) {
    List<DemoPrompt> inputs = DemoPrompt.ofEmbeddingInput(body);
    if (inputs.isEmpty()) {
      throw new ProxyException(
          OpenAiError.invalidInput(
              "input",
              "a non-empty string, an array of non-empty "
                  + "strings, an array of token ids, or an array of non-empty token id arrays"));
    }
    int dimensions =
        DemoOptions.intOption(body, "dimensions", DEFAULT_DIMENSIONS, 1, MAX_DIMENSIONS);
    boolean base64 = isBase64(body.path("encoding_format"));
    ObjectNode response = json.createObjectNode().put("object", "list");
    ArrayNode data = response.putArray("data");
    int tokens = 0;
    for (int index = 0; index < inputs.size(); index++) {
      float[] vector = vector(inputs.get(index), dimensions);
      ObjectNode item = data.addObject().put("object", "embedding").put("index", index);
      if (base64) {
        item.put("embedding", base64(vector));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float value : vector) {
          values.add(value);
        }
      }
      tokens += inputs.get(index).tokens();
    }
    response.put("model", body.path("model").asText());
    response.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return DemoResponse.json(response);
  }

  /**
   * A vector of Gaussian values seeded by the input, scaled to unit length. A shorter vector is a prefix
   * of a longer one, renormalised, as with OpenAI's {@code dimensions}.
   */
  private static float[] vector(DemoPrompt input, int dimensions) {
    SplittableRandom random = new SplittableRandom(input.seed());
    double[] values = new double[dimensions];
    double sumOfSquares = 0;
    for (int i = 0; i < dimensions; i++) {
      values[i] = random.nextGaussian();
      sumOfSquares += values[i] * values[i];
    }
    double norm = Math.sqrt(sumOfSquares);
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (values[i] / norm);
    }
    return vector;
  }

  /** Whether {@code encoding_format} asks for Base64; absent or null means floats, as with OpenAI. */
  private static boolean isBase64(JsonNode format) {
    if (format.isMissingNode() || format.isNull() || format.asText().equals("float")) {
      return false;
    }
    if (!format.asText().equals("base64")) {
      throw new ProxyException(OpenAiError.invalidValue("encoding_format", "'float' or 'base64'"));
    }
    return true;
  }

  /** The vector as OpenAI encodes it: little-endian float32 values, standard Base64. */
  private static String base64(float[] vector) {
    ByteBuffer buffer =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : vector) {
      buffer.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }
}
