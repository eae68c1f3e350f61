package loom.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers the demo's chat and legacy completion calls with {@link DemoText} replies, as one JSON
 * response or as OpenAI's SSE chunks (role, word by word, finish reason, optional usage). Thread-safe.
 */
final class DemoCompletions {
  static final String FINGERPRINT = "loom-demo";
  static final int MAX_CHOICES = 8;

  private final ObjectMapper json;
  private final Clock clock;

  DemoCompletions(ObjectMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /** The generated choices of one request, with the fields every response or chunk starts with. */
  private record Answer(
      boolean isChat,
      ObjectNode envelope,
      List<String> texts,
      List<String> finishReasons,
      ObjectNode usage) {}

  /**
   * The response to a chat or legacy completion body whose prompt has been read.
   *
   * @throws ProxyException with a 400 naming the parameter when {@code n} or the token limit is invalid
   */
  UpstreamResponse complete(ObjectNode body, DemoPrompt prompt, boolean stream) {
    Answer answer = answer(body, prompt, stream);
    if (stream) {
      return streamed(answer, body.path("stream_options").path("include_usage").asBoolean(false));
    }
    ObjectNode response = answer.envelope().deepCopy();
    ArrayNode choices = response.putArray("choices");
    for (int index = 0; index < answer.texts().size(); index++) {
      ObjectNode choice = choices.addObject();
      if (answer.isChat()) {
        choice
            .put("index", index)
            .putObject("message")
            .put("role", "assistant")
            .put("content", answer.texts().get(index))
            .putNull("refusal")
            .putArray("annotations");
        choice.putNull("logprobs").put("finish_reason", answer.finishReasons().get(index));
      } else {
        textChoice(choice, index, answer.texts().get(index), answer.finishReasons().get(index));
      }
    }
    response.set("usage", answer.usage());
    return DemoResponse.json(response);
  }

  private Answer answer(ObjectNode body, DemoPrompt prompt, boolean stream) {
    int choiceCount = DemoOptions.intOption(body, "n", 1, 1, MAX_CHOICES);
    String limitField =
        body.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    int maxTokens =
        DemoOptions.intOption(body, limitField, Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
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
    ObjectNode envelope =
        json.createObjectNode()
            .put("id", (chat ? "chatcmpl-demo" : "cmpl-demo") + HexFormat.of().formatHex(random))
            .put(
                "object",
                chat ? (stream ? "chat.completion.chunk" : "chat.completion") : "text_completion")
            .put("created", clock.instant().getEpochSecond())
            .put("model", body.path("model").asText());
    if (chat || !stream) {
      envelope.put("system_fingerprint", FINGERPRINT);
    }
    return new Answer(
        chat, envelope, texts, finishReasons, usage(chat, prompt.tokens(), completionTokens));
  }

  /** Streams each choice word by word (chat first sends the role), then the usage chunk if asked for. */
  private static UpstreamResponse streamed(Answer answer, boolean includeUsage) {
    List<ObjectNode> events = new ArrayList<>();
    for (int index = 0; index < answer.texts().size(); index++) {
      if (answer.isChat()) {
        delta(chunk(answer, includeUsage, events), index, null)
            .put("role", "assistant")
            .put("content", "")
            .putNull("refusal");
      }
      for (String piece : DemoText.pieces(answer.texts().get(index))) {
        streamedChoice(answer, chunk(answer, includeUsage, events), index, piece, null);
      }
      streamedChoice(
          answer,
          chunk(answer, includeUsage, events),
          index,
          null,
          answer.finishReasons().get(index));
    }
    if (includeUsage) {
      ObjectNode usageChunk = answer.envelope().deepCopy();
      usageChunk.putArray("choices");
      events.add(usageChunk.set("usage", answer.usage()));
    }
    return DemoResponse.eventStream(events);
  }

  /** Adds a chunk with one (still empty) choice to the stream and returns that choice. */
  private static ObjectNode chunk(Answer answer, boolean includeUsage, List<ObjectNode> events) {
    ObjectNode event = answer.envelope().deepCopy();
    ObjectNode choice = event.putArray("choices").addObject();
    if (includeUsage) {
      event.putNull("usage"); // OpenAI sends it on every chunk once the usage chunk is requested
    }
    events.add(event);
    return choice;
  }

  /** Fills a streamed choice with a piece of text, or with the finish reason when {@code piece} is null. */
  private static void streamedChoice(
      Answer answer, ObjectNode choice, int index, String piece, String finishReason) {
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

  private static ObjectNode textChoice(
      ObjectNode choice, int index, String text, String finishReason) {
    return choice
        .put("text", text)
        .put("index", index)
        .putNull("logprobs")
        .put("finish_reason", finishReason);
  }

  private ObjectNode usage(boolean chat, int promptTokens, int completionTokens) {
    ObjectNode usage =
        json.createObjectNode()
            .put("prompt_tokens", promptTokens)
            .put("completion_tokens", completionTokens)
            .put("total_tokens", promptTokens + completionTokens);
    if (chat) {
      usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
      usage
          .putObject("completion_tokens_details")
          .put("reasoning_tokens", 0)
          .put("audio_tokens", 0)
          .put("accepted_prediction_tokens", 0)
          .put("rejected_prediction_tokens", 0);
    }
    return usage;
  }
}
