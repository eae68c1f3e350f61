package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Answers the demo's OpenAI Responses API calls ({@code /v1/responses} and {@code /v1/responses/input_tokens})
 * with a {@link DemoText} reply, as one {@code response} object or as the typed event stream OpenAI sends.
 * Usage counts a prefix seen before (the tools, {@code instructions} and the input before the last user
 * message) as cached, as OpenAI's automatic prompt caching would. The demo finishes at once, so a
 * {@code background: true} call gets the completed response, and it stores nothing: {@code previous_response_id}
 * is echoed, not resolved. Thread-safe.
 */
final class DemoResponses {
  static final String API = "responses";

  /** The smallest {@code max_output_tokens} OpenAI accepts. */
  static final int MIN_OUTPUT_TOKENS = 16;

  private static final Set<String> TEXT_PARTS = Set.of("input_text", "output_text", "text");

  private final ObjectMapper json;
  private final Clock clock;
  private final DemoPromptCache cache;
  private final DemoIds ids;
  private final DemoResponsesWire wire;

  DemoResponses(ObjectMapper json, Clock clock, DemoPromptCache cache, DemoIds ids) {
    this.json = json;
    this.clock = clock;
    this.cache = cache;
    this.ids = ids;
    this.wire = new DemoResponsesWire(json);
  }

  /**
   * The response to a {@code /v1/responses} body, whole or streamed.
   *
   * @throws ProxyException with a 400 naming the parameter when {@code max_output_tokens} is invalid
   */
  UpstreamResponse respond(ObjectNode body, boolean streamed) {
    int maxTokens =
        DemoOptions.intOption(
            body, "max_output_tokens", Integer.MAX_VALUE, MIN_OUTPUT_TOKENS, Integer.MAX_VALUE);
    DemoTranscript transcript = transcript(body);
    String full = DemoText.reply(transcript.prompt(), 0);
    String text = DemoText.truncate(full, maxTokens);
    List<String> callIds = ids.next("response", "message");
    DemoResponsesWire.Answer answer =
        new DemoResponsesWire.Answer(
            "resp_" + callIds.get(0),
            "msg_" + callIds.get(1),
            clock.instant().getEpochSecond(),
            text,
            text.length() == full.length(),
            usage(transcript.tokens(), cachedTokens(transcript), DemoText.tokens(text)));
    if (streamed) {
      return DemoResponse.typedEventStream(wire.events(body, answer));
    }
    return DemoResponse.json(wire.response(body, answer, true));
  }

  /** The {@code /v1/responses/input_tokens} answer: what a call with this body would count as input. */
  UpstreamResponse countInputTokens(ObjectNode body) {
    return DemoResponse.json(
        json.createObjectNode()
            .put("object", "response.input_tokens")
            .put("input_tokens", transcript(body).tokens()));
  }

  /**
   * The prompt of a Responses body: the tools, then {@code instructions} as a developer message, then
   * {@code input}, a string (one user message) or a list of items. Message items (with a role, and
   * {@code type: "message"} or none) give text from string content or {@code input_text}/{@code output_text}
   * parts; every other item or part is kept for its tokens and ignored for the reply.
   */
  static DemoTranscript transcript(JsonNode body) {
    DemoTranscript.Builder builder = new DemoTranscript.Builder(API, body.path("model").asText());
    body.path("tools").forEach(builder::tool);
    JsonNode instructions = body.path("instructions");
    if (instructions.isTextual() && !instructions.asText().isEmpty()) {
      builder.message("developer").text(instructions.asText(), instructions).end();
    }
    JsonNode input = body.path("input");
    if (input.isTextual()) {
      builder.message("user").text(input.asText(), input);
    } else {
      input.forEach(item -> item(builder, item));
    }
    return builder.build();
  }

  private static void item(DemoTranscript.Builder builder, JsonNode item) {
    if (!item.path("role").isTextual() || !item.path("type").asText("message").equals("message")) {
      builder.end().other(payload(item), item);
      return;
    }
    builder.message(item.path("role").asText());
    JsonNode content = item.path("content");
    if (content.isTextual()) {
      builder.text(content.asText(), content);
    }
    for (JsonNode part : content) {
      if (TEXT_PARTS.contains(part.path("type").asText()) && part.path("text").isTextual()) {
        builder.text(part.path("text").asText(), part);
      } else {
        builder.other(part.path("refusal").asText(""), part);
      }
    }
    builder.end();
  }

  /** The textual part of an item that is not a message (a tool call's name and arguments, a tool's output ...). */
  private static String payload(JsonNode item) {
    List<String> parts = new ArrayList<>();
    for (String field : List.of("name", "arguments", "input", "output")) {
      JsonNode value = item.path(field);
      if (value.isTextual()) {
        parts.add(value.asText());
      } else if (value.isArray()) {
        value.forEach(part -> parts.add(part.path("text").asText("")));
      }
    }
    return String.join("\n", parts);
  }

  /**
   * The tokens of the longest prefix seen before, of at most everything before the last user message (or the
   * last message, when no message is from the user). The prefix and the whole prompt are then remembered, so
   * the next turn of the conversation finds this one.
   */
  private int cachedTokens(DemoTranscript transcript) {
    int end =
        transcript.lastUserStart() < transcript.pieces().size()
            ? transcript.lastUserStart()
            : transcript.lastMessageStart();
    List<String> fingerprints = transcript.prefixFingerprints();
    int cached = cache.longestSeen(fingerprints, end);
    if (end > 0) {
      cache.remember(fingerprints.get(end));
    }
    if (fingerprints.size() > 1) {
      cache.remember(fingerprints.get(fingerprints.size() - 1));
    }
    return transcript.tokensBefore(cached);
  }

  private ObjectNode usage(int inputTokens, int cachedTokens, int outputTokens) {
    ObjectNode usage = json.createObjectNode().put("input_tokens", inputTokens);
    // OpenAI's automatic caching writes without charge; current SDKs require the field, so it is
    // always 0 here.
    usage
        .putObject("input_tokens_details")
        .put("cached_tokens", cachedTokens)
        .put("cache_write_tokens", 0);
    usage.put("output_tokens", outputTokens);
    usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
    return usage.put("total_tokens", inputTokens + outputTokens);
  }
}
