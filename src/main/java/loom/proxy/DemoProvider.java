package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import loom.config.ProviderConfig;

/**
 * The built-in provider: answers chat, legacy completion and embedding calls in memory, in OpenAI's
 * exact wire format (streamed or not), with content derived deterministically from the request (see
 * {@link DemoText}), so the gateway can be tried without an upstream account. Thread-safe; no network.
 */
final class DemoProvider implements Provider {
  static final String FINGERPRINT = "loom-demo";
  static final int MAX_CHOICES = 8;
  static final int DEFAULT_DIMENSIONS = 1536;
  static final int MAX_DIMENSIONS = 3072;
  private static final String JSON_TYPE = "application/json";
  private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

  private final ProviderConfig config;
  private final ObjectMapper json;
  private final Clock clock;

  DemoProvider(ProviderConfig config, ObjectMapper json, Clock clock) {
    this.config = config;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public UpstreamResponse send(UpstreamRequest request) {
    try {
      ObjectNode body = parse(request.body());
      boolean stream = request.stream() || body.path("stream").asBoolean(false);
      return switch (request.endpoint()) {
        case CHAT_COMPLETIONS -> complete(body, DemoText.Prompt.ofChat(body), stream);
        case COMPLETIONS -> complete(body, DemoText.Prompt.ofCompletion(body), stream);
        case EMBEDDINGS -> embed(body);
        default -> error(OpenAiError.unknownUrl(request.endpoint().method(), "/v1" + request.endpoint().path()));
      };
    } catch (ProxyException e) {
      return error(e.error());
    }
  }

  @Override
  public List<String> listModels() {
    return List.of("demo-chat", "demo-embedding");
  }

  @Override
  public void close() {
    // Nothing to release: the demo holds no connections and no threads.
  }

  // Chat and legacy completions ---

  /** The generated choices of one request, with the fields every response or chunk starts with. */
  private record Answer(boolean isChat, ObjectNode envelope, List<String> texts, List<String> finishReasons,
                        ObjectNode usage) {
  }

  private UpstreamResponse complete(ObjectNode body, DemoText.Prompt prompt, boolean stream) {
    Answer answer = answer(body, prompt, stream);
    if (stream) {
      return streamed(answer, body.path("stream_options").path("include_usage").asBoolean(false));
    }
    ObjectNode response = answer.envelope().deepCopy();
    ArrayNode choices = response.putArray("choices");
    for (int index = 0; index < answer.texts().size(); index++) {
      ObjectNode choice = choices.addObject();
      if (answer.isChat()) {
        choice.put("index", index).putObject("message").put("role", "assistant")
            .put("content", answer.texts().get(index)).putNull("refusal").putArray("annotations");
        choice.putNull("logprobs").put("finish_reason", answer.finishReasons().get(index));
      } else {
        textChoice(choice, index, answer.texts().get(index), answer.finishReasons().get(index));
      }
    }
    response.set("usage", answer.usage());
    return new InMemoryResponse(200, JSON_TYPE, new ByteArrayInputStream(bytes(response)));
  }

  private Answer answer(ObjectNode body, DemoText.Prompt prompt, boolean stream) {
    int choiceCount = intOption(body, "n", 1, 1, MAX_CHOICES);
    String limitField = body.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    int maxTokens = intOption(body, limitField, Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    List<String> texts = new ArrayList<>();
    List<String> finishReasons = new ArrayList<>();
    int completionTokens = 0;
    for (int index = 0; index < choiceCount; index++) {
      String full = DemoText.reply(prompt, index);
      String text = DemoText.truncate(full, maxTokens);
      texts.add(text);
      finishReasons.add(text.length() < full.length() ? "length" : "stop");
      completionTokens += DemoText.tokens(text);
    }
    byte[] random = new byte[12];
    ThreadLocalRandom.current().nextBytes(random);
    boolean chat = prompt.isChat();
    ObjectNode envelope = json.createObjectNode()
        .put("id", (chat ? "chatcmpl-demo" : "cmpl-demo") + HexFormat.of().formatHex(random))
        .put("object", chat ? (stream ? "chat.completion.chunk" : "chat.completion") : "text_completion")
        .put("created", clock.instant().getEpochSecond())
        .put("model", body.path("model").asText());
    if (chat || !stream) {
      envelope.put("system_fingerprint", FINGERPRINT);
    }
    return new Answer(chat, envelope, texts, finishReasons, usage(chat, prompt.tokens(), completionTokens));
  }

  /** Streams each choice word by word (chat first sends the role), then the usage chunk if asked for. */
  private static UpstreamResponse streamed(Answer answer, boolean includeUsage) {
    List<ObjectNode> events = new ArrayList<>();
    for (int index = 0; index < answer.texts().size(); index++) {
      if (answer.isChat()) {
        delta(chunk(answer, includeUsage, events), index, null)
            .put("role", "assistant").put("content", "").putNull("refusal");
      }
      for (String piece : DemoText.pieces(answer.texts().get(index))) {
        streamedChoice(answer, chunk(answer, includeUsage, events), index, piece, null);
      }
      streamedChoice(answer, chunk(answer, includeUsage, events), index, null, answer.finishReasons().get(index));
    }
    if (includeUsage) {
      ObjectNode usageChunk = answer.envelope().deepCopy();
      usageChunk.putArray("choices");
      events.add(usageChunk.set("usage", answer.usage()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    events.forEach(event -> out.writeBytes(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8)));
    out.writeBytes("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    return new InMemoryResponse(200, EVENT_STREAM, new ByteArrayInputStream(out.toByteArray()));
  }

  /** Adds a chunk with one (still empty) choice to the stream and returns that choice. */
  private static ObjectNode chunk(Answer answer, boolean includeUsage, List<ObjectNode> events) {
    ObjectNode event = answer.envelope().deepCopy();
    ObjectNode choice = event.putArray("choices").addObject();
    if (includeUsage) {
      event.putNull("usage");  // OpenAI sends it on every chunk once the usage chunk is requested
    }
    events.add(event);
    return choice;
  }

  /** Fills a streamed choice with a piece of text, or with the finish reason when {@code piece} is null. */
  private static void streamedChoice(Answer answer, ObjectNode choice, int index, String piece, String finishReason) {
    if (!answer.isChat()) {
      textChoice(choice, index, piece == null ? "" : piece, finishReason);
    } else if (piece == null) {
      delta(choice, index, finishReason);
    } else {
      delta(choice, index, null).put("content", piece);
    }
  }

  /** Fills a streamed chat choice and returns its delta for the caller to fill. */
  private static ObjectNode delta(ObjectNode choice, int index, String finishReason) {
    ObjectNode delta = choice.put("index", index).putObject("delta");
    choice.putNull("logprobs").put("finish_reason", finishReason);
    return delta;
  }

  private static ObjectNode textChoice(ObjectNode choice, int index, String text, String finishReason) {
    return choice.put("text", text).put("index", index).putNull("logprobs").put("finish_reason", finishReason);
  }

  private ObjectNode usage(boolean chat, int promptTokens, int completionTokens) {
    ObjectNode usage = json.createObjectNode().put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens).put("total_tokens", promptTokens + completionTokens);
    if (chat) {
      usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
      usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
          .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    }
    return usage;
  }

  // Embeddings ---

  private UpstreamResponse embed(ObjectNode body) {
    List<DemoText.Prompt> inputs = DemoText.Prompt.ofEmbeddingInput(body);
    if (inputs.isEmpty()) {
      throw invalid("input", "Invalid 'input': expected a non-empty string, an array of non-empty strings, "
          + "an array of token ids, or an array of non-empty token id arrays.", "invalid_input");
    }
    int dimensions = intOption(body, "dimensions", DEFAULT_DIMENSIONS, 1, MAX_DIMENSIONS);
    JsonNode format = body.path("encoding_format");
    boolean base64 = format.asText().equals("base64");
    if (!format.isMissingNode() && !format.isNull() && !base64 && !format.asText().equals("float")) {
      throw invalid("encoding_format", "Invalid 'encoding_format': expected 'float' or 'base64'.", "invalid_value");
    }
    ObjectNode response = json.createObjectNode().put("object", "list");
    ArrayNode data = response.putArray("data");
    int tokens = 0;
    for (int index = 0; index < inputs.size(); index++) {
      float[] vector = DemoText.vector(inputs.get(index), dimensions);
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
    return new InMemoryResponse(200, JSON_TYPE, new ByteArrayInputStream(bytes(response)));
  }

  /** The vector as OpenAI encodes it: little-endian float32 values, standard Base64. */
  private static String base64(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : vector) {
      buffer.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  // Helpers ---

  private ObjectNode parse(byte[] body) {
    try {
      if (json.readTree(body) instanceof ObjectNode object) {
        return object;
      }
      throw new ProxyException(OpenAiError.invalidJson("the body is not a JSON object"));
    } catch (IOException e) {
      throw new ProxyException(OpenAiError.invalidJson("malformed JSON"), e);
    }
  }

  /** An optional integer field within [min, max], or {@code fallback} when absent or null. */
  private static int intOption(JsonNode body, String field, int fallback, int min, int max) {
    JsonNode node = body.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
      String range = max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
      throw invalid(field, "Invalid '" + field + "': expected an integer " + range + ".", "invalid_value");
    }
    return node.intValue();
  }

  /** A 400 in OpenAI's shape naming the offending parameter. */
  private static ProxyException invalid(String param, String message, String code) {
    return new ProxyException(new OpenAiError(400, message, OpenAiError.INVALID_REQUEST, param, code));
  }

  private static UpstreamResponse error(OpenAiError error) {
    return new InMemoryResponse(error.status(), JSON_TYPE, new ByteArrayInputStream(error.toJson()));
  }

  private static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A complete answer held in memory: there is no connection to abort or release. */
  private record InMemoryResponse(int status, String contentType, InputStream body) implements UpstreamResponse {
    @Override
    public List<Map.Entry<String, String>> headers() {
      return List.of();
    }

    @Override
    public void abort() {
      // Nothing to drop.
    }

    @Override
    public void close() {
      // Nothing to release.
    }
  }
}
