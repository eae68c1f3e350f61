package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers the demo's Anthropic Messages API calls ({@code /v1/messages} and {@code /v1/messages/count_tokens})
 * with a {@link DemoText} reply, as one message or as Anthropic's typed event stream. Usage imitates Anthropic's
 * prompt caching: the prompt up to the last {@code cache_control} breakpoint (tools, then system, then messages)
 * is written to the cache, split by each breakpoint's {@code ttl}, unless a prefix of it was seen before, which is
 * then read; {@code input_tokens} are only the rest. Without a breakpoint, everything but the last message counts
 * as read once seen. Thread-safe.
 */
final class DemoMessages {
  static final String API = "messages";

  /** What Anthropic's first stream event reports as output before any text. */
  static final int STARTING_OUTPUT_TOKENS = 1;

  private final ObjectMapper json;
  private final DemoPromptCache cache;
  private final DemoIds ids;

  DemoMessages(ObjectMapper json, DemoPromptCache cache, DemoIds ids) {
    this.json = json;
    this.cache = cache;
    this.ids = ids;
  }

  /** The input tokens of one call, split as Anthropic reports them. */
  private record InputUsage(int uncached, int cacheRead, int cacheWrite5m, int cacheWrite1h) {
    int cacheWrite() {
      return cacheWrite5m + cacheWrite1h;
    }
  }

  /** One generated answer: the message's first fields, its text and why it stopped, and its usage. */
  private record Answer(
      ObjectNode envelope, String text, String stopReason, InputUsage input, int outputTokens) {}

  /**
   * The response to a {@code /v1/messages} body, whole or streamed.
   *
   * @throws ProxyException with a 400 naming the parameter when {@code messages} or {@code max_tokens} is invalid
   */
  UpstreamResponse respond(ObjectNode body, boolean streamed) {
    int maxTokens =
        DemoOptions.intOption(body, "max_tokens", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    DemoTranscript transcript = transcript(body);
    String full = DemoText.reply(transcript.prompt(), 0);
    String text = DemoText.truncate(full, maxTokens);
    ObjectNode envelope =
        json.createObjectNode()
            .put("id", "msg_" + ids.next("message").get(0))
            .put("type", "message")
            .put("role", "assistant")
            .put("model", body.path("model").asText());
    Answer answer =
        new Answer(
            envelope,
            text,
            text.length() < full.length() ? "max_tokens" : "end_turn",
            inputUsage(transcript),
            DemoText.tokens(text));
    if (streamed) {
      return DemoResponse.typedEventStream(events(answer));
    }
    ObjectNode message = answer.envelope();
    message.putArray("content").addObject().put("type", "text").put("text", text);
    message.put("stop_reason", answer.stopReason()).putNull("stop_sequence");
    message.set("usage", usage(answer.input()).put("output_tokens", answer.outputTokens()));
    return DemoResponse.json(message);
  }

  /**
   * Anthropic's stream: {@code message_start} (no content yet), the text block started, a {@code ping}, the text
   * as deltas (word by word), the block stopped, {@code message_delta} with the stop reason and the usage, and
   * {@code message_stop}.
   */
  private List<ObjectNode> events(Answer answer) {
    List<ObjectNode> events = new ArrayList<>();
    ObjectNode message = answer.envelope();
    message.putArray("content");
    message.putNull("stop_reason").putNull("stop_sequence");
    message.set("usage", usage(answer.input()).put("output_tokens", STARTING_OUTPUT_TOKENS));
    event(events, "message_start").set("message", message);
    event(events, "content_block_start")
        .put("index", 0)
        .putObject("content_block")
        .put("type", "text")
        .put("text", "");
    event(events, "ping");
    for (String piece : DemoText.pieces(answer.text())) {
      event(events, "content_block_delta")
          .put("index", 0)
          .putObject("delta")
          .put("type", "text_delta")
          .put("text", piece);
    }
    event(events, "content_block_stop").put("index", 0);
    ObjectNode delta = event(events, "message_delta");
    delta.putObject("delta").put("stop_reason", answer.stopReason()).putNull("stop_sequence");
    // Anthropic repeats the input side here, and clients take these values over the ones of
    // message_start.
    InputUsage input = answer.input();
    delta
        .putObject("usage")
        .put("input_tokens", input.uncached())
        .put("cache_creation_input_tokens", input.cacheWrite())
        .put("cache_read_input_tokens", input.cacheRead())
        .put("output_tokens", answer.outputTokens());
    event(events, "message_stop");
    return events;
  }

  /** The {@code /v1/messages/count_tokens} answer: every input token a call with this body would use. */
  UpstreamResponse countTokens(ObjectNode body) {
    return DemoResponse.json(
        json.createObjectNode().put("input_tokens", transcript(body).tokens()));
  }

  /**
   * The prompt of a Messages body: the tools, {@code system} (a string or text blocks) as a system message, then
   * {@code messages} of any role ({@code system} included, as Claude Code sends). Text blocks give the reply's
   * text; tool calls and results count their text as tokens; other blocks (images, thinking ...) count nothing.
   *
   * @throws ProxyException when {@code messages} is not a list
   */
  static DemoTranscript transcript(JsonNode body) {
    JsonNode messages = body.path("messages");
    if (!messages.isArray()) {
      throw new ProxyException(OpenAiError.invalidType("messages", "a list of messages"));
    }
    DemoTranscript.Builder builder = new DemoTranscript.Builder(API, body.path("model").asText());
    body.path("tools").forEach(builder::tool);
    JsonNode system = body.path("system");
    if (system.isTextual() && !system.asText().isEmpty()) {
      builder.message("system").text(system.asText(), system);
    } else if (system.isArray() && !system.isEmpty()) {
      builder.message("system");
      system.forEach(block -> block(builder, block));
    }
    for (JsonNode message : messages) {
      builder.message(message.path("role").asText());
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        builder.text(content.asText(), content);
      }
      content.forEach(block -> block(builder, block));
    }
    return builder.build();
  }

  private static void block(DemoTranscript.Builder builder, JsonNode block) {
    String type = block.path("type").asText();
    if (type.equals("text") && block.path("text").isTextual()) {
      builder.text(block.path("text").asText(), block);
    } else if (type.equals("tool_use")) {
      builder.other(block.path("name").asText() + "\n" + block.path("input"), block);
    } else if (type.equals("tool_result") && block.path("content").isTextual()) {
      builder.other(block.path("content").asText(), block);
    } else if (type.equals("tool_result")) {
      List<String> texts = new ArrayList<>();
      block.path("content").forEach(part -> texts.add(part.path("text").asText("")));
      builder.other(String.join("\n", texts), block);
    } else {
      builder.other("", block);
    }
  }

  /**
   * Reads and writes the prompt cache for one call. With breakpoints, the longest prefix seen before (up to the
   * last breakpoint) is read, and each breakpoint's stretch after it is written with that breakpoint's ttl; every
   * breakpoint's prefix is then cached. Without, the longest seen prefix of all but the last message is read, and
   * that prefix is cached.
   */
  private InputUsage inputUsage(DemoTranscript transcript) {
    List<String> fingerprints = transcript.prefixFingerprints();
    List<Integer> breakpoints = new ArrayList<>();
    for (int index = 0; index < transcript.pieces().size(); index++) {
      if (transcript.pieces().get(index).breakpoint() != DemoTranscript.Ttl.NONE) {
        breakpoints.add(index + 1);
      }
    }
    int end =
        breakpoints.isEmpty()
            ? transcript.lastMessageStart()
            : breakpoints.get(breakpoints.size() - 1);
    int read = cache.longestSeen(fingerprints, end);
    int written5m = 0;
    int written1h = 0;
    int start = 0;
    for (int breakpoint : breakpoints) {
      int from = Math.max(start, read);
      int written =
          breakpoint > from
              ? transcript.tokensBefore(breakpoint) - transcript.tokensBefore(from)
              : 0;
      if (transcript.pieces().get(breakpoint - 1).breakpoint() == DemoTranscript.Ttl.ONE_HOUR) {
        written1h += written;
      } else {
        written5m += written;
      }
      cache.remember(fingerprints.get(breakpoint));
      start = breakpoint;
    }
    if (breakpoints.isEmpty() && end > 0) {
      cache.remember(fingerprints.get(end));
    }
    int readTokens = transcript.tokensBefore(read);
    return new InputUsage(
        transcript.tokens() - readTokens - written5m - written1h, readTokens, written5m, written1h);
  }

  /** The input side of an Anthropic {@code usage} object; the caller adds {@code output_tokens}. */
  private ObjectNode usage(InputUsage input) {
    ObjectNode usage =
        json.createObjectNode()
            .put("input_tokens", input.uncached())
            .put("cache_creation_input_tokens", input.cacheWrite())
            .put("cache_read_input_tokens", input.cacheRead());
    usage
        .putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", input.cacheWrite5m())
        .put("ephemeral_1h_input_tokens", input.cacheWrite1h());
    return usage;
  }

  /** Adds an event of this type to the stream and returns it to be filled. */
  private ObjectNode event(List<ObjectNode> events, String type) {
    ObjectNode event = json.createObjectNode().put("type", type);
    events.add(event);
    return event;
  }
}
