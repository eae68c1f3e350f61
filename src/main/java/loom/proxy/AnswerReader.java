package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How the answers of one call are read for its accounting, per API: where a JSON answer's usage is and, for a
 * stream, which events carry usage, which event ends it successfully, and how a failure after the headers is told
 * to the client. One instance per call, used by the one thread relaying it.
 */
abstract class AnswerReader {
  /** What happens to one event of a stream. */
  enum EventFate {
    /** Sent to the client and kept in the cache's copy of the stream. */
    SEND_AND_KEEP,
    /** Sent to the client, not kept (the cache replays it on its own: chat's [DONE]). */
    SEND,
    /** Not sent (the usage chunk the gateway asked for on the client's behalf). */
    DROP
  }

  protected final ObjectMapper json;

  AnswerReader(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Whether a successful non-streamed answer is always a JSON object, whatever its Content-Type says: one that is
   * not is a broken provider, answered with a 502 before it reaches an SDK.
   */
  boolean answersJson() {
    return true;
  }

  /** Takes what the outcome must know from a whole (non-streamed) successful JSON answer. */
  abstract void readBody(JsonNode answer, ProxyOutcome outcome);

  /** Takes what the outcome must know from one event of a stream, and says what becomes of the event. */
  abstract EventFate readEvent(byte[] event, ProxyOutcome outcome);

  /** Whether the stream reached its successful end (so its copy may be cached). */
  abstract boolean streamCompleted();

  /**
   * Whether a stream that has ended was cut short: every stream of these APIs ends with an event of its own
   * ({@code [DONE]}; {@code response.completed}, {@code .incomplete} or {@code .failed}; {@code message_stop}).
   */
  boolean cutShort() {
    return !streamCompleted();
  }

  /** The event that tells the client, inside a stream whose headers are sent, that the answer failed. */
  abstract byte[] failureEvent(OpenAiError error);

  /** The reader of a call to one of the proxy's endpoints. */
  static AnswerReader of(ProxyRequest request, ResponseTracking responses, ObjectMapper json) {
    return switch (request.endpoint()) {
      case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS, MODELS ->
          new ChatAnswers(json, request.clientWantsUsage());
      case RESPONSES -> new ResponsesAnswers(json, responses);
      case MESSAGES -> new MessagesAnswers(json);
      case RESPONSES_INPUT_TOKENS, MESSAGES_COUNT_TOKENS ->
          new PlainAnswers(json, request.endpoint().api(), false);
    };
  }

  /** The data of an event as JSON, or null when it is not JSON. */
  protected JsonNode dataOf(byte[] event) {
    String data = SseEvents.data(event);
    if (data.isEmpty()) {
      return null;
    }
    try {
      return json.readTree(data);
    } catch (IOException notJson) {
      return null;
    }
  }

  protected static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
