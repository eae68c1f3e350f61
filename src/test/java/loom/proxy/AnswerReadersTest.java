package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import loom.config.WireApi;
import org.junit.jupiter.api.Test;

/** How each API's answers are read: usage, the end of a stream, and what the client and the cache get. */
class AnswerReadersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aChatStreamDropsTheUsageChunkTheGatewayAskedForAndEndsWithDone() {
    ChatAnswers answers = new ChatAnswers(JSON, false);
    ProxyOutcome outcome = new ProxyOutcome();
    assertThat(
            answers.readEvent(
                bytes("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}"), outcome))
        .isEqualTo(AnswerReader.EventFate.SEND_AND_KEEP);
    assertThat(
            answers.readEvent(
                bytes(
                    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}"),
                outcome))
        .isEqualTo(AnswerReader.EventFate.DROP);
    assertThat(answers.streamCompleted()).isFalse();
    assertThat(answers.readEvent(bytes("data: [DONE]"), outcome))
        .isEqualTo(AnswerReader.EventFate.SEND);
    assertThat(answers.streamCompleted()).isTrue();
    assertThat(outcome.usage().promptTokens()).isEqualTo(5);
    assertThat(
            new ChatAnswers(JSON, true)
                .readEvent(
                    bytes("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5}}"),
                    new ProxyOutcome()))
        .isEqualTo(AnswerReader.EventFate.SEND);
  }

  @Test
  void aResponsesStreamTakesUsageFromTheCompletedResponseAndIsCompleteOnlyThen() {
    ResponseRoutes routes = ResponseRoutes.inMemory();
    ResponsesAnswers answers =
        new ResponsesAnswers(JSON, new ResponseTracking(routes, "openai", "usr_1", true, false));
    ProxyOutcome outcome = new ProxyOutcome();
    List<AnswerReader.EventFate> fates = new ArrayList<>();
    fates.add(answers.readEvent(responseEvent("response.created", "in_progress", null), outcome));
    fates.add(
        answers.readEvent(
            bytes(
                "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                    + "\"delta\":\"Hi\",\"usage\":{\"input_tokens\":999}}"),
            outcome));
    assertThat(answers.streamCompleted()).isFalse();
    assertThat(outcome.usage().reported()).isFalse();
    fates.add(
        answers.readEvent(
            responseEvent(
                "response.completed",
                "completed",
                """
        {"input_tokens":120,"input_tokens_details":{"cached_tokens":100,"cache_write_tokens":7},
         "output_tokens":30,"output_tokens_details":{"reasoning_tokens":12},"total_tokens":150}"""),
            outcome));

    assertThat(fates).containsOnly(AnswerReader.EventFate.SEND_AND_KEEP);
    assertThat(answers.streamCompleted()).isTrue();
    assertThat(outcome.usage()).isEqualTo(new Usage(120, 30, 150, 100, 12, 7, 0, true));
    assertThat(outcome.responseId()).contains("resp_1");
    assertThat(routes.find("resp_1"))
        .contains(new StoredResponses.Origin("openai", "usr_1", false));
  }

  @Test
  void anIncompleteOrFailedResponseIsPricedButNeverCached() {
    for (String end : List.of("response.incomplete", "response.failed")) {
      ResponsesAnswers answers =
          new ResponsesAnswers(
              JSON, new ResponseTracking(ResponseRoutes.inMemory(), "openai", "u", true, false));
      ProxyOutcome outcome = new ProxyOutcome();
      answers.readEvent(
          responseEvent(end, end.substring(9), "{\"input_tokens\":10,\"output_tokens\":3}"),
          outcome);
      assertThat(outcome.usage().promptTokens()).as(end).isEqualTo(10);
      assertThat(answers.streamCompleted()).as(end).isFalse();
    }
  }

  @Test
  void aStreamIsCutShortWhenItEndsBeforeItsApisFinalEvent() {
    ChatAnswers chat = new ChatAnswers(JSON, false);
    chat.readEvent(bytes("data: {\"choices\":[]}"), new ProxyOutcome());
    assertThat(chat.cutShort()).isTrue();
    chat.readEvent(bytes("data: [DONE]"), new ProxyOutcome());
    assertThat(chat.cutShort()).isFalse();

    ResponsesAnswers failed =
        new ResponsesAnswers(
            JSON, new ResponseTracking(ResponseRoutes.inMemory(), "openai", "u", true, false));
    assertThat(failed.cutShort()).isTrue();
    failed.readEvent(responseEvent("response.failed", "failed", null), new ProxyOutcome());
    assertThat(failed.cutShort()).as("a failed response ends its stream").isFalse();
    assertThat(failed.streamCompleted()).isFalse();

    MessagesAnswers messages = new MessagesAnswers(JSON);
    messages.readEvent(bytes("event: ping\ndata: {}"), new ProxyOutcome());
    assertThat(messages.cutShort()).isTrue();
    assertThat(new PlainAnswers(JSON, WireApi.CHAT, true).cutShort()).isFalse();
  }

  @Test
  void aStreamWithoutEventLinesIsReadByTheDataType() {
    ResponsesAnswers answers =
        new ResponsesAnswers(
            JSON, new ResponseTracking(ResponseRoutes.inMemory(), "openai", "u", true, false));
    ProxyOutcome outcome = new ProxyOutcome();
    answers.readEvent(
        bytes(
            "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\","
                + "\"usage\":{\"input_tokens\":4,\"output_tokens\":2}}}"),
        outcome);
    assertThat(answers.streamCompleted()).isTrue();
    assertThat(outcome.usage().completionTokens()).isEqualTo(2);
  }

  @Test
  void aBackgroundResponseIsPricedOnceByWhicheverCallFirstSeesItFinished() {
    ResponseRoutes routes = ResponseRoutes.inMemory();
    ProxyOutcome created = new ProxyOutcome();
    new ResponseTracking(routes, "openai", "u", true, true)
        .seen(response("resp_bg", "queued", null), created);
    assertThat(created.usage()).isEqualTo(Usage.NO_TOKENS);

    String usage = "{\"input_tokens\":50,\"output_tokens\":5}";
    List<Long> pricedTokens = new ArrayList<>();
    for (String status : List.of("in_progress", "completed", "completed", "completed")) {
      ProxyOutcome poll = new ProxyOutcome();
      boolean background = routes.find("resp_bg").orElseThrow().background();
      new ResponseTracking(routes, "openai", "u", false, background)
          .seen(response("resp_bg", status, status.equals("completed") ? usage : null), poll);
      pricedTokens.add(poll.usage().promptTokens());
    }
    assertThat(pricedTokens).containsExactly(0L, 50L, 0L, 0L);
  }

  @Test
  void retrievingAnOrdinaryResponseNeverPricesItAgain() {
    ProxyOutcome poll = new ProxyOutcome();
    new ResponseTracking(ResponseRoutes.inMemory(), "openai", "u", false, false)
        .seen(response("resp_x", "completed", "{\"input_tokens\":50,\"output_tokens\":5}"), poll);
    assertThat(poll.usage()).isEqualTo(Usage.NO_TOKENS);
    assertThat(poll.upstreamModel()).contains("gpt-5-mini");
  }

  @Test
  void aMessagesStreamTakesUsageFromMessageStartWithEveryFieldMessageDeltaRepeatsReplacingIt() {
    MessagesAnswers answers = new MessagesAnswers(JSON);
    ProxyOutcome outcome = new ProxyOutcome();
    answers.readEvent(
        bytes(
            """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":10,\
        "cache_creation_input_tokens":200,"cache_read_input_tokens":300,\
        "cache_creation":{"ephemeral_5m_input_tokens":150,"ephemeral_1h_input_tokens":50},"output_tokens":1}}}"""),
        outcome);
    answers.readEvent(bytes("event: ping\ndata: {\"type\":\"ping\"}"), outcome);
    answers.readEvent(
        bytes(
            """
        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":12,\
        "cache_read_input_tokens":310,"output_tokens":42}}"""),
        outcome);
    assertThat(answers.streamCompleted()).isFalse();
    answers.readEvent(bytes("event: message_stop\ndata: {\"type\":\"message_stop\"}"), outcome);

    assertThat(answers.streamCompleted()).isTrue();
    // input = 12 (delta) + 200 written + 310 read (delta); the one-hour part of the writes kept
    // from the start
    assertThat(outcome.usage()).isEqualTo(new Usage(522, 42, 564, 310, 0, 200, 50, true));
  }

  @Test
  void anAnthropicAnswerCountsCacheReadsAndWritesAsInput() {
    ProxyOutcome outcome = new ProxyOutcome();
    new MessagesAnswers(JSON)
        .readBody(
            tree(
                """
        {"usage":{"input_tokens":3,"cache_creation_input_tokens":40,"cache_read_input_tokens":500,"output_tokens":9}}"""),
            outcome);
    assertThat(outcome.usage()).isEqualTo(new Usage(543, 9, 552, 500, 0, 40, 0, true));
  }

  @Test
  void failuresMidStreamAreToldInEachApisOwnShape() {
    OpenAiError error = OpenAiError.upstreamTimeout("p", "no data");
    assertThat(text(new MessagesAnswers(JSON).failureEvent(error)))
        .startsWith("event: error\ndata: ")
        .contains("\"type\":\"error\"", "\"type\":\"timeout_error\"");
    assertThat(text(new ResponsesAnswers(JSON, null).failureEvent(error)))
        .startsWith("event: error\ndata: {\"type\":\"error\",\"code\":\"upstream_timeout\"");
    assertThat(text(new ChatAnswers(JSON, false).failureEvent(error)))
        .startsWith("data: {\"error\":");
  }

  @Test
  void aPassedThroughAnswerIsPricedOnlyWhenItReportsUsage() {
    ProxyOutcome images = new ProxyOutcome();
    new PlainAnswers(JSON, WireApi.CHAT, true)
        .readBody(
            tree(
                """
        {"data":[],"usage":{"input_tokens":20,"output_tokens":4160,"total_tokens":4180}}"""),
            images);
    assertThat(images.usage().completionTokens()).isEqualTo(4160);
    ProxyOutcome moderation = new ProxyOutcome();
    new PlainAnswers(JSON, WireApi.CHAT, true).readBody(tree("{\"results\":[]}"), moderation);
    assertThat(moderation.usage()).isEqualTo(Usage.NO_TOKENS);
    ProxyOutcome counted = new ProxyOutcome();
    new PlainAnswers(JSON, WireApi.MESSAGES, false)
        .readBody(tree("{\"input_tokens\":77}"), counted);
    assertThat(counted.usage()).isEqualTo(Usage.NO_TOKENS);
  }

  private static byte[] responseEvent(String type, String status, String usage) {
    return bytes(
        "event: "
            + type
            + "\ndata: {\"type\":\""
            + type
            + "\",\"sequence_number\":1,\"response\":"
            + response("resp_1", status, usage)
            + "}");
  }

  private static JsonNode response(String id, String status, String usage) {
    return tree(
        "{\"id\":\""
            + id
            + "\",\"object\":\"response\",\"model\":\"gpt-5-mini\",\"status\":\""
            + status
            + "\""
            + (usage == null ? "" : ",\"usage\":" + usage)
            + "}");
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
