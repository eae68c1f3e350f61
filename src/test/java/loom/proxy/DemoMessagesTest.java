package loom.proxy;

import static loom.proxy.DemoWire.body;
import static loom.proxy.DemoWire.events;
import static loom.proxy.DemoWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import loom.config.ProviderConfig;
import loom.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoMessagesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Shaped like Claude Code's turns: tools, three system blocks (two cached), a system-role message. */
  private static final String CLAUDE_CODE_LIKE =
      """
      {"model":"claude-opus-5-5","max_tokens":128000,"stream":false,
       "metadata":{"user_id":"{\\"session_id\\":\\"s1\\"}"},"thinking":{"type":"adaptive","display":"omitted"},
       "tools":[{"name":"Bash","description":"Run a command","input_schema":{"type":"object"}}],
       "system":[{"type":"text","text":"You are a CLI."},
                 {"type":"text","text":"Follow the rules.","cache_control":{"type":"ephemeral"}},
                 {"type":"text","text":"Project notes.","cache_control":{"type":"ephemeral"}}],
       "messages":[{"role":"system","content":"The date is today."},
                   {"role":"user","content":[{"type":"text","text":"Fix the build",
                     "cache_control":{"type":"ephemeral"}}]}]}""";

  private final DemoProvider demo = newDemo();

  // Whole messages ---

  @Test
  void messageHasTheAnthropicShape() {
    UpstreamResponse upstream =
        send(
            Endpoint.MESSAGES,
            """
        {"model":"claude-haiku-5-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}""",
            false);
    assertThat(upstream.status()).isEqualTo(200);
    assertThat(upstream.contentType()).isEqualTo("application/json");
    JsonNode message = json(body(upstream));

    assertThat(message.get("id").asText()).matches("msg_[0-9a-f]{48}");
    assertThat(message.get("type").asText()).isEqualTo("message");
    assertThat(message.get("role").asText()).isEqualTo("assistant");
    assertThat(message.get("model").asText()).isEqualTo("claude-haiku-5-5");
    assertThat(message.get("content")).hasSize(1);
    assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(text(message)).startsWith("Demo reply to \"Hello\": ");
    assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(message.get("stop_sequence").isNull()).isTrue();
    JsonNode usage = message.get("usage");
    assertThat(usage.get("input_tokens").asInt())
        .isEqualTo(3 + 3 + 1 + 2); // priming, message, "user", "Hello"
    assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(usage.get("cache_read_input_tokens").asInt()).isZero();
    assertThat(usage.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isZero();
    assertThat(usage.at("/cache_creation/ephemeral_1h_input_tokens").asInt()).isZero();
    assertThat(usage.get("output_tokens").asInt()).isEqualTo(DemoText.tokens(text(message)));
  }

  @Test
  void textAndTokensAreThoseOfChatForTheSameMessages() {
    JsonNode message =
        call(
            demo,
            """
        {"model":"m","max_tokens":100,"system":"Be brief.","messages":[{"role":"user","content":"Why tides?"}]}""");
    JsonNode chat =
        json(
            body(
                send(
                    Endpoint.CHAT_COMPLETIONS,
                    """
        {"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Why tides?"}]}""",
                    false)));

    assertThat(text(message)).isEqualTo(chat.at("/choices/0/message/content").asText());
    assertThat(message.at("/usage/input_tokens").asInt())
        .isEqualTo(chat.at("/usage/prompt_tokens").asInt());
  }

  @Test
  void systemBlocksAndSystemRoleMessagesAreRead() {
    JsonNode message = call(newDemo(), CLAUDE_CODE_LIKE);

    assertThat(text(message)).startsWith("Demo reply to \"Fix the build\": ");
    int tool =
        DemoText.tokens(
            "{\"name\":\"Bash\",\"description\":\"Run a command\",\"input_schema\":{\"type\":\"object\"}}");
    int system =
        3
            + DemoText.tokens("system")
            + DemoText.tokens("You are a CLI. Follow the rules. Project notes.");
    int systemMessage = 3 + DemoText.tokens("system") + DemoText.tokens("The date is today.");
    int user = 3 + DemoText.tokens("user") + DemoText.tokens("Fix the build");
    assertThat(count(newDemo(), CLAUDE_CODE_LIKE))
        .isEqualTo(3 + tool + system + systemMessage + user);
  }

  @Test
  void nonTextBlocksAreToleratedCountedByTheirTextAndIgnoredForTheReply() {
    String plain =
        """
        {"model":"m","max_tokens":100,"messages":[{"role":"user","content":"Look at this"}]}""";
    String withBlocks =
        """
        {"model":"m","max_tokens":100,"messages":[{"role":"user","content":[{"type":"text","text":"Look at this"},
          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0K"}}]},
         {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},
          {"type":"tool_use","id":"t1","name":"Read","input":{"path":"a.txt"}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"file text"},
          {"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"more text"}]},
          {"type":"future_block","x":1}]}]}""";

    JsonNode without = call(newDemo(), plain);
    JsonNode with = call(newDemo(), withBlocks);

    assertThat(text(with)).isEqualTo(text(without));
    int added =
        2 * 3
            + DemoText.tokens("assistant")
            + DemoText.tokens("user")
            + DemoText.tokens("Read")
            + DemoText.tokens("{\"path\":\"a.txt\"}")
            + DemoText.tokens("file text")
            + DemoText.tokens("more text");
    assertThat(with.at("/usage/input_tokens").asInt())
        .isEqualTo(without.at("/usage/input_tokens").asInt() + added);
  }

  @Test
  void everyCallGetsAnIdOfItsOwn() {
    JsonNode first = call(demo, CLAUDE_CODE_LIKE);
    JsonNode second = call(demo, CLAUDE_CODE_LIKE);

    assertThat(text(second)).isEqualTo(text(first));
    assertThat(second.get("id")).isNotEqualTo(first.get("id"));
  }

  @Test
  void maxTokensCutsTheTextAndStopsWithMaxTokens() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Go\"}]";
    JsonNode cut = call(demo, "{\"model\":\"m\",\"max_tokens\":5," + messages + "}");
    JsonNode whole = call(demo, "{\"model\":\"m\",\"max_tokens\":900," + messages + "}");

    assertThat(cut.get("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(cut.at("/usage/output_tokens").asInt()).isEqualTo(5);
    assertThat(text(whole)).startsWith(text(cut)).isNotEqualTo(text(cut));
  }

  // Errors ---

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[]}",
        "{\"model\":\"m\",\"max_tokens\":\"many\",\"messages\":[]}",
        "{\"model\":\"m\",\"max_tokens\":10,\"messages\":\"hi\"}",
        "{\"model\":\"m\",",
        "[1]"
      })
  void badMessagesGetAnthropicShaped400(String body) {
    assertAnthropicBadRequest(send(Endpoint.MESSAGES, body, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"model\":\"m\",\"messages\":{}}", "{\"model\":\"m\",", "[1]"})
  void badTokenCountsGetAnthropicShaped400(String body) {
    assertAnthropicBadRequest(send(Endpoint.MESSAGES_COUNT_TOKENS, body, false));
  }

  // Streams ---

  @Test
  void streamSendsAnthropicsEventsInOrderWithMatchingEventLines() {
    String body =
        """
        {"model":"claude-opus-5-5","max_tokens":4096,"stream":true,
         "messages":[{"role":"user","content":"Stream a handful of words"}]}""";
    UpstreamResponse upstream = send(Endpoint.MESSAGES, body, true);
    assertThat(upstream.contentType()).isEqualTo("text/event-stream; charset=utf-8");
    String sse = body(upstream);
    List<JsonNode> events = events(sse);
    JsonNode whole = call(newDemo(), body.replace("\"stream\":true", "\"stream\":false"));

    List<String> types = events.stream().map(event -> event.get("type").asText()).toList();
    int deltas = types.size() - 6;
    assertThat(deltas).isGreaterThan(1);
    List<String> expected =
        new ArrayList<>(List.of("message_start", "content_block_start", "ping"));
    expected.addAll(Collections.nCopies(deltas, "content_block_delta"));
    expected.addAll(List.of("content_block_stop", "message_delta", "message_stop"));
    assertThat(types).isEqualTo(expected);
    assertThat(sse).doesNotContain("[DONE]");
    JsonNode start = events.get(0).get("message");
    assertThat(start.get("id")).isEqualTo(whole.get("id"));
    assertThat(start.get("content")).isEmpty();
    assertThat(start.get("stop_reason").isNull()).isTrue();
    JsonNode startUsage = start.get("usage").deepCopy();
    assertThat(startUsage.get("output_tokens").asInt()).isEqualTo(1);
    ((ObjectNode) startUsage).put("output_tokens", whole.at("/usage/output_tokens").asInt());
    assertThat(startUsage).isEqualTo(whole.get("usage"));
    assertThat(events.get(1).get("index").asInt()).isZero();
    assertThat(events.get(1).get("content_block").toString())
        .isEqualTo("{\"type\":\"text\",\"text\":\"\"}");
    StringBuilder streamed = new StringBuilder();
    for (JsonNode delta : events.subList(3, 3 + deltas)) {
      assertThat(delta.get("index").asInt()).isZero();
      assertThat(delta.at("/delta/type").asText()).isEqualTo("text_delta");
      streamed.append(delta.at("/delta/text").asText());
    }
    assertThat(streamed.toString()).isEqualTo(text(whole));
    JsonNode messageDelta = events.get(events.size() - 2);
    assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(messageDelta.at("/delta/stop_sequence").isNull()).isTrue();
    for (String field :
        List.of(
            "input_tokens",
            "cache_creation_input_tokens",
            "cache_read_input_tokens",
            "output_tokens")) {
      assertThat(messageDelta.at("/usage/" + field))
          .as(field)
          .isEqualTo(whole.at("/usage/" + field));
    }
  }

  @Test
  void streamedUsageEqualsTheWholeMessagesUsageWhenCaching() {
    String streamed = CLAUDE_CODE_LIKE.replace("\"stream\":false", "\"stream\":true");
    DemoProvider streaming = newDemo();
    DemoProvider whole = newDemo();
    streaming.send(request(Endpoint.MESSAGES, streamed, true));
    call(whole, CLAUDE_CODE_LIKE);

    List<JsonNode> events =
        events(body(streaming.send(request(Endpoint.MESSAGES, streamed, true))));
    JsonNode message = call(whole, CLAUDE_CODE_LIKE);

    JsonNode usage = message.get("usage");
    assertThat(usage.get("cache_read_input_tokens").asInt()).isPositive();
    assertThat(events.get(0).at("/message/usage/cache_read_input_tokens"))
        .isEqualTo(usage.get("cache_read_input_tokens"));
    assertThat(events.get(0).at("/message/usage/cache_creation"))
        .isEqualTo(usage.get("cache_creation"));
    JsonNode deltaUsage = events.get(events.size() - 2).get("usage");
    for (String field :
        List.of(
            "input_tokens",
            "cache_creation_input_tokens",
            "cache_read_input_tokens",
            "output_tokens")) {
      assertThat(deltaUsage.get(field)).as(field).isEqualTo(usage.get(field));
    }
  }

  // Prompt caching ---

  @Test
  void withoutBreakpointsAllButTheLastMessageIsReadOnTheSecondCallOnly() {
    String body =
        """
        {"model":"m","max_tokens":100,"system":"Be brief.","messages":[{"role":"user","content":"Name a river."},
         {"role":"assistant","content":"The Rhine."},{"role":"user","content":"Another?"}]}""";

    JsonNode first = call(demo, body).get("usage");
    JsonNode second = call(demo, body).get("usage");

    assertThat(first.get("cache_read_input_tokens").asInt()).isZero();
    assertThat(first.get("cache_creation_input_tokens").asInt()).isZero();
    int lastMessage = 3 + DemoText.tokens("user") + DemoText.tokens("Another?");
    assertThat(second.get("input_tokens").asInt()).isEqualTo(3 + lastMessage);
    assertThat(second.get("cache_read_input_tokens").asInt())
        .isEqualTo(first.get("input_tokens").asInt() - 3 - lastMessage);
    assertThat(second.get("cache_creation_input_tokens").asInt()).isZero();
  }

  @Test
  void breakpointPrefixIsWrittenOnTheFirstCallAndReadOnTheSecond() {
    JsonNode first = call(demo, CLAUDE_CODE_LIKE).get("usage");
    JsonNode second = call(demo, CLAUDE_CODE_LIKE).get("usage");

    int total = count(demo, CLAUDE_CODE_LIKE);
    // Everything up to the user block's breakpoint: all but the 3 priming tokens.
    assertThat(first.get("cache_creation_input_tokens").asInt()).isEqualTo(total - 3);
    assertThat(first.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isEqualTo(total - 3);
    assertThat(first.at("/cache_creation/ephemeral_1h_input_tokens").asInt()).isZero();
    assertThat(first.get("cache_read_input_tokens").asInt()).isZero();
    assertThat(first.get("input_tokens").asInt()).isEqualTo(3);
    assertThat(second.get("cache_read_input_tokens").asInt()).isEqualTo(total - 3);
    assertThat(second.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(second.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isZero();
    assertThat(second.get("input_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void cacheWritesAreSplitByEachBreakpointsTtl() {
    String body =
        """
        {"model":"m","max_tokens":100,
         "system":[{"type":"text","text":"Long lived rules","cache_control":{"type":"ephemeral","ttl":"1h"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"Short lived question",
           "cache_control":{"type":"ephemeral","ttl":"5m"}}]},
          {"role":"assistant","content":"Uncached answer"}]}""";

    JsonNode usage = call(demo, body).get("usage");

    int system = 3 + DemoText.tokens("system") + DemoText.tokens("Long lived rules");
    int user = 3 + DemoText.tokens("user") + DemoText.tokens("Short lived question");
    int assistant = 3 + DemoText.tokens("assistant") + DemoText.tokens("Uncached answer");
    assertThat(usage.at("/cache_creation/ephemeral_1h_input_tokens").asInt()).isEqualTo(system);
    assertThat(usage.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isEqualTo(user);
    assertThat(usage.get("cache_creation_input_tokens").asInt()).isEqualTo(system + user);
    assertThat(usage.get("input_tokens").asInt()).isEqualTo(3 + assistant);
  }

  @Test
  void nextTurnReadsThePreviousBreakpointAndWritesOnlyWhatFollows() {
    String firstTurn =
        """
        {"model":"m","max_tokens":100,"system":[{"type":"text","text":"Rules","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"First ask",
           "cache_control":{"type":"ephemeral"}}]}]}""";
    String secondTurn =
        """
        {"model":"m","max_tokens":100,"system":[{"type":"text","text":"Rules","cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":[{"type":"text","text":"First ask"}]},
          {"role":"assistant","content":"First answer"},
          {"role":"user","content":[{"type":"text","text":"Second ask","cache_control":{"type":"ephemeral"}}]}]}""";

    int firstTotal = call(demo, firstTurn).at("/usage/cache_creation_input_tokens").asInt();
    JsonNode second = call(demo, secondTurn).get("usage");

    int newMessages =
        3
            + DemoText.tokens("assistant")
            + DemoText.tokens("First answer")
            + 3
            + DemoText.tokens("user")
            + DemoText.tokens("Second ask");
    assertThat(second.get("cache_read_input_tokens").asInt()).isEqualTo(firstTotal);
    assertThat(second.get("cache_creation_input_tokens").asInt()).isEqualTo(newMessages);
    assertThat(second.get("input_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void anotherModelDoesNotShareTheCachedPrefix() {
    call(demo, CLAUDE_CODE_LIKE);

    JsonNode otherModel =
        call(demo, CLAUDE_CODE_LIKE.replace("claude-opus-5-5", "claude-haiku-5-5"));

    assertThat(otherModel.at("/usage/cache_read_input_tokens").asInt()).isZero();
  }

  @Test
  void theResponsesApiDoesNotShareTheCachedPrefix() {
    String messages =
        "[{\"role\":\"developer\",\"content\":\"Same rules\"},{\"role\":\"user\",\"content\":\"Hi\"}]";
    send(Endpoint.RESPONSES, "{\"model\":\"m\",\"input\":" + messages + "}", false).close();

    JsonNode first = call(demo, "{\"model\":\"m\",\"max_tokens\":9,\"messages\":" + messages + "}");
    JsonNode second =
        call(demo, "{\"model\":\"m\",\"max_tokens\":9,\"messages\":" + messages + "}");

    assertThat(first.at("/usage/cache_read_input_tokens").asInt()).isZero();
    assertThat(second.at("/usage/cache_read_input_tokens").asInt()).isPositive();
  }

  // Token counts ---

  @Test
  void countTokensIsTheInputACallReports() {
    String body =
        """
        {"model":"m","max_tokens":100,"system":"Be brief.","messages":[{"role":"user","content":"Count me"}]}""";
    UpstreamResponse counted = send(Endpoint.MESSAGES_COUNT_TOKENS, body, false);
    assertThat(counted.status()).isEqualTo(200);
    JsonNode count = json(body(counted));

    assertThat(count.fieldNames()).toIterable().containsExactly("input_tokens");
    assertThat(count.get("input_tokens").asInt())
        .isEqualTo(call(demo, body).at("/usage/input_tokens").asInt());
  }

  @Test
  void countTokensIsTheSumOfTheInputSidesWhenCaching() {
    call(demo, CLAUDE_CODE_LIKE);
    JsonNode usage = call(demo, CLAUDE_CODE_LIKE).get("usage");

    assertThat(count(demo, CLAUDE_CODE_LIKE))
        .isEqualTo(
            usage.get("input_tokens").asInt()
                + usage.get("cache_read_input_tokens").asInt()
                + usage.get("cache_creation_input_tokens").asInt());
    assertThat(usage.get("cache_read_input_tokens").asInt()).isPositive();
  }

  // Helpers ---

  /** A demo whose ids are reproducible: each fresh one numbers its calls from 0 with the same salt. */
  private static DemoProvider newDemo() {
    return new DemoProvider(
        ProviderConfig.demo(ServerConfig.defaults()),
        JSON,
        Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC),
        new DemoIds(new byte[DemoIds.SALT_BYTES]));
  }

  private static UpstreamRequest request(Endpoint endpoint, String body, boolean stream) {
    return new UpstreamRequest(endpoint, body.getBytes(StandardCharsets.UTF_8), List.of(), stream);
  }

  private UpstreamResponse send(Endpoint endpoint, String body, boolean stream) {
    return demo.send(request(endpoint, body, stream));
  }

  private static JsonNode call(DemoProvider provider, String body) {
    UpstreamResponse upstream = provider.send(request(Endpoint.MESSAGES, body, false));
    assertThat(upstream.status()).isEqualTo(200);
    return json(body(upstream));
  }

  private static int count(DemoProvider provider, String body) {
    UpstreamResponse upstream = provider.send(request(Endpoint.MESSAGES_COUNT_TOKENS, body, false));
    assertThat(upstream.status()).isEqualTo(200);
    return json(body(upstream)).get("input_tokens").asInt();
  }

  private static void assertAnthropicBadRequest(UpstreamResponse upstream) {
    assertThat(upstream.status()).isEqualTo(400);
    assertThat(upstream.contentType()).isEqualTo("application/json");
    JsonNode error = json(body(upstream));
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.at("/error/message").asText()).isNotBlank();
    assertThat(error.fieldNames()).toIterable().containsExactly("type", "error");
  }

  private static String text(JsonNode message) {
    return message.at("/content/0/text").asText();
  }
}
