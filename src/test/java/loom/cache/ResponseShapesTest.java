package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseShapesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Usage USAGE = new Usage(10, 2, 12, 0, 0, true);
  private static final String HEAD =
      "\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_1\"";

  @Test
  void aChatStreamBecomesTheBodyAClientWouldHaveReceived() {
    List<String> events =
        List.of(
            chunk(
                "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}"),
            chunk(
                "{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"logprobs\":null,\"finish_reason\":null}"),
            chunk(
                "{\"index\":0,\"delta\":{\"content\":\"lo\"},\"logprobs\":null,\"finish_reason\":null}"),
            chunk("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}"));

    assertSameJson(
        ResponseShapes.assemble(true, events, USAGE),
        """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
         "system_fingerprint":"fp_1",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}""");
  }

  @Test
  void interleavedChoicesAreMergedByIndexAndSorted() {
    List<String> events =
        List.of(
            chunk(
                "{\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"B\"},\"finish_reason\":null}"),
            chunk(
                "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"A\"},\"finish_reason\":null}"),
            chunk("{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}"),
            chunk("{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}"),
            chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"),
            chunk("{\"index\":1,\"delta\":{},\"finish_reason\":\"length\"}"));

    JsonNode choices = tree(ResponseShapes.assemble(true, events, USAGE)).path("choices");

    assertSameJson(
        choices.toString(),
        """
        [{"index":0,"message":{"role":"assistant","content":"Aa"},"logprobs":null,"finish_reason":"stop"},
         {"index":1,"message":{"role":"assistant","content":"Bb"},"logprobs":null,"finish_reason":"length"}]""");
  }

  @Test
  void toolCallDeltasAreJoinedByIndex() {
    List<String> events =
        List.of(
            chunk(
                "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
                    + "\"tool_calls\":[{\"index\":0,\"id\":\"call_a\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}"),
            chunk(
                "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}"),
            chunk(
                "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"time\",\"arguments\":\"{}\"}}]}}"),
            chunk(
                "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]}}"),
            chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}"));

    JsonNode message =
        tree(ResponseShapes.assemble(true, events, USAGE)).path("choices").path(0).path("message");

    assertSameJson(
        message.toString(),
        """
        {"role":"assistant","content":null,"tool_calls":[
          {"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
          {"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]}""");
  }

  @Test
  void aRefusalIsJoinedAndLeavesContentNull() {
    List<String> events =
        List.of(
            chunk(
                "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"finish_reason\":null}"),
            chunk("{\"index\":0,\"delta\":{\"refusal\":\"I can't \"},\"finish_reason\":null}"),
            chunk(
                "{\"index\":0,\"delta\":{\"refusal\":\"help with that.\"},\"finish_reason\":null}"),
            chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"));

    JsonNode message =
        tree(ResponseShapes.assemble(true, events, USAGE)).path("choices").path(0).path("message");

    assertSameJson(
        message.toString(),
        """
        {"role":"assistant","content":null,"refusal":"I can't help with that."}""");
  }

  @Test
  void aLegacyCompletionStreamBecomesATextCompletion() {
    String head =
        "\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1700000000,"
            + "\"model\":\"gpt-3.5-turbo-instruct\"";
    List<String> events =
        List.of(
            "data: {"
                + head
                + ",\"choices\":[{\"text\":\"Once\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}",
            "data: {"
                + head
                + ",\"choices\":[{\"text\":\" upon\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}",
            "data: {"
                + head
                + ",\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"length\"}]}");

    assertSameJson(
        ResponseShapes.assemble(false, events, USAGE),
        """
        {"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"gpt-3.5-turbo-instruct",
         "choices":[{"index":0,"text":"Once upon","logprobs":null,"finish_reason":"length"}],
         "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}""");
  }

  @Test
  void onlyDataLinesAreReadAndMultiLineDataIsJoined() {
    List<String> events =
        List.of(
            ": keep-alive",
            "event: message\nid: 1\ndata: {"
                + HEAD
                + ",\n"
                + "data: \"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "\"finish_reason\":null}]}",
            "id: 2\r\ndata:{"
                + HEAD
                + ",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\nretry: 10");

    JsonNode choice = tree(ResponseShapes.assemble(true, events, USAGE)).path("choices").path(0);

    assertThat(choice.path("message").path("content").asText()).isEqualTo("Hi");
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void usageDetailsAreWrittenOnlyWhenNotZero() {
    List<String> events =
        List.of(chunk("{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}"));

    JsonNode detailed =
        tree(ResponseShapes.assemble(true, events, new Usage(100, 50, 150, 64, 32, true)));

    assertSameJson(
        detailed.path("usage").toString(),
        """
        {"prompt_tokens":100,"completion_tokens":50,"total_tokens":150,
         "prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":32}}""");
  }

  @Test
  void usageThatWasNotReportedIsLeftOut() {
    List<String> events =
        List.of(chunk("{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}"));

    assertThat(tree(ResponseShapes.assemble(true, events, Usage.NONE)).has("usage")).isFalse();
  }

  @Test
  void logprobsOfAStreamAreConcatenated() {
    List<String> events =
        List.of(
            chunk(
                "{\"index\":0,\"delta\":{\"content\":\"A\"},\"logprobs\":{\"content\":[{\"token\":\"A\",\"logprob\":-0.5}],"
                    + "\"refusal\":null},\"finish_reason\":null}"),
            chunk(
                "{\"index\":0,\"delta\":{\"content\":\"B\"},\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-1.5}],"
                    + "\"refusal\":null},\"finish_reason\":\"stop\"}"));

    JsonNode choice = tree(ResponseShapes.assemble(true, events, USAGE)).path("choices").path(0);

    assertSameJson(
        choice.path("logprobs").toString(),
        """
        {"content":[{"token":"A","logprob":-0.5},{"token":"B","logprob":-1.5}],"refusal":null}""");
  }

  @Test
  void aChatAnswerBecomesAnOpeningAContentAndAFinishingChunkPerChoice() {
    String answer =
        """
        {"id":"chatcmpl-9","object":"chat.completion","created":1700000001,"model":"gpt-4o","system_fingerprint":"fp_9",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
    String head =
        "\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1700000001,\"model\":\"gpt-4o\","
            + "\"system_fingerprint\":\"fp_9\"";

    List<String> events = ResponseShapes.toEvents(true, answer);

    assertThat(events)
        .containsExactly(
            "data: {"
                + head
                + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}",
            "data: {"
                + head
                + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,"
                + "\"finish_reason\":null}]}",
            "data: {"
                + head
                + ",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
  }

  @Test
  void toolCallsAreStreamedWithTheirIndex() {
    String answer =
        """
        {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant",
         "content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}},
         {"id":"call_b","type":"function","function":{"name":"g","arguments":"[]"}}]},"finish_reason":"tool_calls"}]}""";

    JsonNode delta =
        tree(ResponseShapes.toEvents(true, answer).get(1).substring(6))
            .path("choices")
            .path(0)
            .path("delta");

    assertSameJson(
        delta.toString(),
        """
        {"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}},
                       {"index":1,"id":"call_b","type":"function","function":{"name":"g","arguments":"[]"}}]}""");
  }

  @Test
  void aLegacyAnswerBecomesOneChunkPerChoice() {
    String answer =
        """
        {"id":"cmpl-2","object":"text_completion","created":5,"model":"davinci-002",
         "choices":[{"text":"Hi","index":0,"logprobs":null,"finish_reason":"stop"},
                    {"text":"Yo","index":1,"logprobs":null,"finish_reason":"length"}]}""";
    String head =
        "\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":5,\"model\":\"davinci-002\"";

    assertThat(ResponseShapes.toEvents(false, answer))
        .containsExactly(
            "data: {"
                + head
                + ",\"choices\":[{\"index\":0,\"text\":\"Hi\",\"logprobs\":null,\"finish_reason\":\"stop\"}]}",
            "data: {"
                + head
                + ",\"choices\":[{\"index\":1,\"text\":\"Yo\",\"logprobs\":null,\"finish_reason\":\"length\"}]}");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void anAnswerStreamedAndAssembledAgainIsTheSame(String description, boolean chat, String answer) {
    JsonNode original = tree(answer);

    List<String> events = ResponseShapes.toEvents(chat, answer);
    String assembled = ResponseShapes.assemble(chat, events, Usage.from(original.get("usage")));

    assertSameJson(assembled, answer);
  }

  static Stream<Arguments> answers() {
    String chat =
        "\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\"";
    String usage = "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}";
    return Stream.of(
        Arguments.of(
            "plain answer",
            true,
            "{"
                + chat
                + ",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello \\\"world\\\"\\n😀\"},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],"
                + usage
                + "}"),
        Arguments.of(
            "two choices",
            true,
            "{"
                + chat
                + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"A\"},\"logprobs\":null,\"finish_reason\":\"stop\"},{\"index\":1,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"B\"},\"logprobs\":null,\"finish_reason\":\"length\"}],"
                + usage
                + "}"),
        Arguments.of(
            "tool calls",
            true,
            "{"
                + chat
                + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{\\\"x\\\":1}\"}}]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
                + usage
                + "}"),
        Arguments.of(
            "content and tool calls",
            true,
            "{"
                + chat
                + ",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"Let me look.\",\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}"),
        Arguments.of(
            "refusal",
            true,
            "{"
                + chat
                + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"refusal\":\"No.\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + usage
                + "}"),
        Arguments.of(
            "empty answer of a model out of tokens",
            true,
            "{"
                + chat
                + ",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":"
                + "{\"prompt_tokens\":10,\"completion_tokens\":64,\"total_tokens\":74,\"prompt_tokens_details\":"
                + "{\"cached_tokens\":8},\"completion_tokens_details\":{\"reasoning_tokens\":64}}}"),
        Arguments.of(
            "logprobs",
            true,
            "{"
                + chat
                + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Hi\"},\"logprobs\":{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.25,\"bytes\":[72,105],"
                + "\"top_logprobs\":[]}],\"refusal\":null},\"finish_reason\":\"stop\"}],"
                + usage
                + "}"),
        Arguments.of(
            "legacy completion",
            false,
            "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,"
                + "\"model\":\"gpt-3.5-turbo-instruct\",\"choices\":[{\"index\":0,\"text\":\"Once upon\",\"logprobs\":null,"
                + "\"finish_reason\":\"length\"},{\"index\":1,\"text\":\"\",\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + usage
                + "}"));
  }

  @Test
  void aRealOpenAiAnswerKeepsItsChoicesThroughARoundTrip() {
    // As OpenAI sends it: refusal and annotations are spelled out even when empty; they carry
    // nothing to keep.
    String answer =
        """
        {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
         "model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant",
         "content":"Hello! How can I assist you today?","refusal":null,"annotations":[]},"logprobs":null,
         "finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
         "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":
         {"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
         "service_tier":"default"}""";
    JsonNode original = tree(answer);

    JsonNode assembled =
        tree(
            ResponseShapes.assemble(
                true, ResponseShapes.toEvents(true, answer), Usage.from(original.get("usage"))));

    assertThat(assembled.path("choices").path(0).path("message").path("content"))
        .isEqualTo(original.path("choices").path(0).path("message").path("content"));
    assertThat(assembled.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
    assertThat(assembled.path("usage").path("total_tokens").asInt()).isEqualTo(29);
  }

  @Test
  void theUsageEventTakesItsHeaderFromTheFirstEventThatHasOne() {
    // Azure opens with a prompt-filter chunk whose id and model are empty.
    List<String> events =
        List.of(
            "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[]}",
            chunk("{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}"));

    String event = ResponseShapes.usageEvent(true, events, new Usage(7, 3, 10, 0, 5, true));

    assertThat(event).startsWith("data: {");
    assertSameJson(
        event.substring(6),
        """
        {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini",
         "system_fingerprint":"fp_1","choices":[],
         "usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10,
                  "completion_tokens_details":{"reasoning_tokens":5}}}""");
  }

  @Test
  void theUsageEventOfALegacyStreamIsATextCompletion() {
    List<String> events =
        List.of(
            "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":3,\"model\":\"m\","
                + "\"choices\":[{\"text\":\"x\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}]}");

    assertSameJson(
        ResponseShapes.usageEvent(false, events, USAGE).substring(6),
        """
        {"id":"cmpl-1","object":"text_completion","created":3,"model":"m","choices":[],
         "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}""");
  }

  @Test
  void anEventWhoseDataIsNotJsonIsRefused() {
    assertThatThrownBy(() -> ResponseShapes.assemble(true, List.of("data: {\"id\":"), USAGE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAnswerThatIsNotAJsonObjectIsRefused() {
    assertThatThrownBy(() -> ResponseShapes.toEvents(true, "[1]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String chunk(String choice) {
    return "data: {" + HEAD + ",\"choices\":[" + choice + "]}";
  }

  private static void assertSameJson(String actual, String expected) {
    assertThat(tree(actual)).isEqualTo(tree(expected));
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
