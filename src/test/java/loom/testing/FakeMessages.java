package loom.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import loom.testing.MessagesAnswers.MessageDraft;

/**
 * Anthropic's Messages API as {@link FakeUpstream} speaks it: {@code POST /v1/messages} as JSON or as
 * a stream of named events, and {@code POST /v1/messages/count_tokens}. Like Anthropic it refuses a
 * call without {@code anthropic-version} or without a key ({@code x-api-key} or a Bearer token).
 * Stateless apart from its id counter; thread-safe.
 */
final class FakeMessages {
  /** The answer's text, one delta per piece. */
  static final List<String> PIECES = List.of("fake", " ", "answer");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One counter for the whole run, so no two tests ever see the same id. */
  private static final AtomicLong IDS = new AtomicLong();

  private FakeMessages() {}

  /** Answers a call to the Messages API; false if the method and path are not one. */
  static boolean answer(HttpExchange exchange, RecordedRequest request, Controls controls)
      throws IOException, InterruptedException {
    if (!request.method().equals("POST")
        || !(request.path().equals("/v1/messages")
            || request.path().equals("/v1/messages/count_tokens"))) {
      return false;
    }
    exchange.getResponseHeaders().set("request-id", "req_fake" + IDS.incrementAndGet());
    var json = accepted(exchange, request);
    if (json == null) {
      return true;
    }
    if (request.path().endsWith("/count_tokens")) {
      FakeUpstream.sendJson(
          exchange, 200, MessagesAnswers.tokenCount(controls.messagesUsage().totalInputTokens()));
      return true;
    }
    var draft =
        new MessageDraft(
            String.format("msg_fake%06d", IDS.incrementAndGet()),
            json.path("model").asText("claude-fake"),
            String.join("", controls.pieces(PIECES)),
            controls.messagesUsage());
    if (json.path("stream").asBoolean(false)) {
      EventStream.run(exchange, controls, stream -> stream(stream, draft, controls));
    } else {
      FakeUpstream.sendJson(exchange, 200, MessagesAnswers.message(draft));
    }
    return true;
  }

  /** The body as JSON, or null after refusing the call as Anthropic would. */
  private static JsonNode accepted(HttpExchange exchange, RecordedRequest request)
      throws IOException {
    if (!request.hasHeader("x-api-key") && !request.hasHeader("authorization")) {
      FakeUpstream.sendJson(
          exchange,
          401,
          MessagesAnswers.error("authentication_error", "x-api-key header is required"));
      return null;
    }
    if (!request.hasHeader("anthropic-version")) {
      FakeUpstream.sendJson(
          exchange,
          400,
          MessagesAnswers.error("invalid_request_error", "anthropic-version: header is required"));
      return null;
    }
    try {
      var json = JSON.readTree(request.body());
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (JsonProcessingException e) {
      // answered below
    }
    FakeUpstream.sendJson(
        exchange,
        400,
        MessagesAnswers.error("invalid_request_error", "The request body is not valid JSON."));
    return null;
  }

  /**
   * The events of one streamed message, in the order the API sends them; after the first delta an
   * interrupted stream drops the connection and a failing one sends an {@code error} event and ends.
   */
  private static void stream(EventStream stream, MessageDraft draft, Controls controls)
      throws IOException, InterruptedException {
    var start =
        controls.messagesStartUsage() == null ? draft.usage() : controls.messagesStartUsage();
    var pieces = stream.pieces(PIECES);
    stream.event("message_start", MessagesAnswers.messageStart(draft, start));
    stream.event("content_block_start", MessagesAnswers.contentBlockStart());
    stream.event("ping", MessagesAnswers.ping());
    for (int i = 0; i < pieces.size(); i++) {
      if (!stream.awaitPiece(i)) {
        return;
      }
      stream.event("content_block_delta", MessagesAnswers.contentBlockDelta(pieces.get(i)));
      if (!stream.holdAfter(i)) {
        return; // never released: end short of message_stop so the forgetful test notices
      }
      if (i == 0 && controls.has(FakeUpstream.Fault.INTERRUPT_STREAM)) {
        throw new FakeUpstream.DroppedConnection();
      }
      if (i == 0 && controls.has(FakeUpstream.Fault.STREAM_ERROR_EVENT)) {
        stream.event("error", MessagesAnswers.error("overloaded_error", "Overloaded"));
        return;
      }
    }
    stream.event("content_block_stop", MessagesAnswers.contentBlockStop());
    stream.event("message_delta", MessagesAnswers.messageDelta(draft.usage(), start));
    stream.event("message_stop", MessagesAnswers.messageStop());
    stream.completed();
  }
}
