package loom.proxy;

import static loom.proxy.DemoWire.body;
import static loom.proxy.DemoWire.events;
import static loom.proxy.DemoWire.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.inputtokens.InputTokenCountResponse;
import java.io.IOException;
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

class DemoResponsesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final String CONVERSATION =
      """
      {"model":"gpt-5.2-codex","instructions":"Answer like a sailor.",
       "tools":[{"type":"function","name":"shell","parameters":{"type":"object","properties":{}}}],
       "input":[{"role":"user","content":"What is a knot?"},
                {"type":"message","role":"assistant","content":[{"type":"output_text","text":"A speed."}]},
                {"role":"user","content":[{"type":"input_text","text":"And a fathom?"}]}]}""";

  private final DemoProvider demo = newDemo();

  // Whole responses ---

  @Test
  void responseHasTheResponsesApiShape() throws IOException {
    String body = "{\"model\":\"gpt-5.2\",\"input\":\"Hello there\"}";
    UpstreamResponse upstream = send(Endpoint.RESPONSES, body, false);
    assertThat(upstream.status()).isEqualTo(200);
    assertThat(upstream.contentType()).isEqualTo("application/json");
    JsonNode response = json(body(upstream));

    assertThat(response.get("id").asText()).matches("resp_[0-9a-f]{48}");
    assertThat(response.get("object").asText()).isEqualTo("response");
    assertThat(response.get("created_at").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(response.get("status").asText()).isEqualTo("completed");
    assertThat(response.get("model").asText()).isEqualTo("gpt-5.2");
    for (String nullField :
        List.of("error", "incomplete_details", "instructions", "previous_response_id")) {
      assertThat(response.get(nullField).isNull()).as(nullField).isTrue();
    }
    assertThat(response.get("parallel_tool_calls").asBoolean()).isTrue();
    assertThat(response.get("tool_choice").asText()).isEqualTo("auto");
    assertThat(response.get("tools")).isEmpty();
    assertThat(response.get("store").asBoolean()).isTrue();
    assertThat(response.get("metadata").isObject()).isTrue();
    assertThat(response.at("/text/format/type").asText()).isEqualTo("text");
    assertThat(response.get("output")).hasSize(1);
    JsonNode message = response.at("/output/0");
    assertThat(message.get("type").asText()).isEqualTo("message");
    assertThat(message.get("id").asText()).matches("msg_[0-9a-f]{48}");
    assertThat(message.get("status").asText()).isEqualTo("completed");
    assertThat(message.get("role").asText()).isEqualTo("assistant");
    assertThat(message.get("content")).hasSize(1);
    assertThat(message.at("/content/0/type").asText()).isEqualTo("output_text");
    assertThat(message.at("/content/0/annotations")).isEmpty();
    assertThat(message.at("/content/0/text").asText())
        .startsWith("Demo reply to \"Hello there\": ");
    JsonNode usage = response.get("usage");
    assertThat(usage.get("output_tokens").asInt())
        .isEqualTo(DemoText.tokens(message.at("/content/0/text").asText()));
    assertThat(usage.get("total_tokens").asInt())
        .isEqualTo(usage.get("input_tokens").asInt() + usage.get("output_tokens").asInt());
    assertThat(usage.at("/input_tokens_details/cached_tokens").asInt()).isZero();
    assertThat(usage.at("/output_tokens_details/reasoning_tokens").asInt()).isZero();
    ObjectMappers.jsonMapper().readValue(response.toString(), Response.class).validate();
  }

  @Test
  void sameRequestGivesTheSameResponseFromTheSameState() {
    JsonNode first = respond(newDemo(), CONVERSATION);
    JsonNode second = respond(newDemo(), CONVERSATION);
    JsonNode other = respond(newDemo(), CONVERSATION.replace("fathom", "league"));

    assertThat(second).isEqualTo(first);
    assertThat(outputText(other)).isNotEqualTo(outputText(first));
  }

  @Test
  void everyCallGetsIdsOfItsOwn() {
    JsonNode first = respond(demo, CONVERSATION);
    JsonNode second = respond(demo, CONVERSATION);
    JsonNode otherSalt =
        respond(
            new DemoProvider(
                ProviderConfig.demo(ServerConfig.defaults()),
                JSON,
                Clock.fixed(NOW, ZoneOffset.UTC),
                new DemoIds(new byte[] {1})),
            CONVERSATION);

    assertThat(outputText(second)).isEqualTo(outputText(first));
    assertThat(List.of(first.get("id"), second.get("id"), otherSalt.get("id")))
        .doesNotHaveDuplicates();
    assertThat(second.at("/output/0/id")).isNotEqualTo(first.at("/output/0/id"));
  }

  @Test
  void textAndInputTokensAreThoseOfChatForTheSameMessages() {
    JsonNode responses =
        respond(
            demo,
            """
        {"model":"m","instructions":"Be brief.","input":"Why is the sea salty?"}""");
    JsonNode chat =
        json(
            body(
                send(
                    Endpoint.CHAT_COMPLETIONS,
                    """
        {"model":"m","messages":[{"role":"developer","content":"Be brief."},
         {"role":"user","content":"Why is the sea salty?"}]}""",
                    false)));

    assertThat(outputText(responses)).isEqualTo(chat.at("/choices/0/message/content").asText());
    assertThat(responses.at("/usage/input_tokens").asInt())
        .isEqualTo(chat.at("/usage/prompt_tokens").asInt());
  }

  @Test
  void messagesOfEveryRoleWithStringOrPartContentAreRead() {
    JsonNode response =
        respond(
            demo,
            """
        {"model":"m","input":[
          {"role":"system","content":"sys"},
          {"role":"developer","content":[{"type":"input_text","text":"dev"}]},
          {"role":"user","content":[{"type":"input_text","text":"first"},{"type":"input_image","image_url":"x"}]},
          {"type":"message","role":"assistant","content":[{"type":"output_text","text":"reply","annotations":[]}]},
          {"role":"user","content":[{"type":"input_text","text":"last"},{"type":"input_text","text":"words"}]}]}""");

    assertThat(outputText(response)).startsWith("Demo reply to \"last words\": ");
    // 3 priming, then per message 3 + role + text: system 2+1, developer 3+1, user 1+2 (the image
    // costs nothing), assistant 3+2, user 1+(1+2)
    int expected = 3 + 5 * 3 + (2 + 1) + (3 + 1) + (1 + 2) + (3 + 2) + (1 + 3);
    assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(expected);
  }

  @Test
  void otherItemTypesAreToleratedCountedByTheirTextAndIgnoredForTheReply() {
    String plain =
        """
        {"model":"m","input":[{"role":"user","content":"List the files"}]}""";
    String withItems =
        """
        {"model":"m","input":[{"role":"user","content":"List the files"},
          {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"opaque"},
          {"type":"function_call","call_id":"c1","name":"shell","arguments":"{\\"cmd\\":\\"ls\\"}"},
          {"type":"function_call_output","call_id":"c1","output":"a.txt b.txt"},
          {"type":"additional_tools","tools":[{"type":"namespace","name":"x"}]},
          {"type":"item_reference","id":"msg_9"}]}""";

    JsonNode without = respond(newDemo(), plain);
    JsonNode with = respond(newDemo(), withItems);

    assertThat(outputText(with)).isEqualTo(outputText(without));
    int itemTokens =
        DemoText.tokens("shell")
            + DemoText.tokens("{\"cmd\":\"ls\"}")
            + DemoText.tokens("a.txt b.txt");
    assertThat(with.at("/usage/input_tokens").asInt())
        .isEqualTo(without.at("/usage/input_tokens").asInt() + itemTokens);
  }

  @Test
  void requestFieldsAreEchoed() {
    JsonNode response =
        respond(
            demo,
            """
        {"model":"m","input":"x","instructions":"Be kind.","store":false,"previous_response_id":"resp_1",
         "metadata":{"k":"v"},"tool_choice":"none","parallel_tool_calls":false,"prompt_cache_key":"thread-1",
         "tools":[{"type":"custom","name":"apply_patch"}],"reasoning":{"effort":"high"}}""");

    assertThat(response.get("instructions").asText()).isEqualTo("Be kind.");
    assertThat(response.get("store").asBoolean()).isFalse();
    assertThat(response.get("previous_response_id").asText()).isEqualTo("resp_1");
    assertThat(response.at("/metadata/k").asText()).isEqualTo("v");
    assertThat(response.get("tool_choice").asText()).isEqualTo("none");
    assertThat(response.get("parallel_tool_calls").asBoolean()).isFalse();
    assertThat(response.get("prompt_cache_key").asText()).isEqualTo("thread-1");
    assertThat(response.at("/tools/0/name").asText()).isEqualTo("apply_patch");
    assertThat(response.at("/reasoning/effort").asText()).isEqualTo("high");
  }

  @Test
  void backgroundCallGetsTheCompletedResponseAtOnce() {
    JsonNode response = respond(demo, "{\"model\":\"m\",\"input\":\"later\",\"background\":true}");

    assertThat(response.get("status").asText()).isEqualTo("completed");
    assertThat(response.get("background").asBoolean()).isTrue();
    assertThat(outputText(response)).startsWith("Demo reply to \"later\"");
  }

  @Test
  void maxOutputTokensCutsTheTextAndMakesTheResponseIncomplete() {
    String body = "{\"model\":\"m\",\"input\":\"Tell me a long story\",\"max_output_tokens\":16}";
    JsonNode response = respond(demo, body);

    assertThat(response.get("status").asText()).isEqualTo("incomplete");
    assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
    assertThat(response.at("/output/0/status").asText()).isEqualTo("incomplete");
    assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(16);
    assertThat(outputText(respond(demo, "{\"model\":\"m\",\"input\":\"Tell me a long story\"}")))
        .startsWith(outputText(response))
        .isNotEqualTo(outputText(response));
    List<JsonNode> events = events(body(send(Endpoint.RESPONSES, body, true)));
    assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("response.incomplete");
    assertThat(events.get(events.size() - 1).at("/response/usage"))
        .isEqualTo(response.get("usage"));
  }

  @Test
  void maxOutputTokensBelowSixteenGetsOpenAiShaped400() {
    UpstreamResponse upstream =
        send(
            Endpoint.RESPONSES,
            "{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":15}",
            false);

    assertThat(upstream.status()).isEqualTo(400);
    JsonNode error = json(body(upstream));
    assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.at("/error/param").asText()).isEqualTo("max_output_tokens");
  }

  // Streams ---

  @Test
  void streamSendsTheEventsInOpenAiOrderWithMatchingEventLines() throws IOException {
    String body =
        "{\"model\":\"gpt-5.2-codex\",\"input\":\"Stream a few words please\",\"stream\":true}";
    UpstreamResponse upstream = send(Endpoint.RESPONSES, body, true);
    assertThat(upstream.contentType()).isEqualTo("text/event-stream; charset=utf-8");
    String sse = body(upstream);
    List<JsonNode> events = events(sse);

    List<String> types = events.stream().map(event -> event.get("type").asText()).toList();
    int deltas = types.size() - 8;
    assertThat(deltas).isGreaterThan(1);
    List<String> expected =
        new ArrayList<>(
            List.of(
                "response.created",
                "response.in_progress",
                "response.output_item.added",
                "response.content_part.added"));
    expected.addAll(Collections.nCopies(deltas, "response.output_text.delta"));
    expected.addAll(
        List.of(
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed"));
    assertThat(types).isEqualTo(expected);
    for (int index = 0; index < events.size(); index++) {
      assertThat(events.get(index).get("sequence_number").asInt()).isEqualTo(index);
      ObjectMappers.jsonMapper()
          .treeToValue(events.get(index), ResponseStreamEvent.class)
          .validate();
    }
    assertThat(sse).doesNotContain("[DONE]");
    assertThat(events.get(0).at("/response/status").asText()).isEqualTo("in_progress");
    assertThat(events.get(0).at("/response/output")).isEmpty();
    StringBuilder deltaText = new StringBuilder();
    events.stream()
        .filter(event -> event.get("type").asText().equals("response.output_text.delta"))
        .forEach(event -> deltaText.append(event.get("delta").asText()));
    JsonNode whole = respond(newDemo(), body.replace(",\"stream\":true", ""));
    assertThat(deltaText.toString()).isEqualTo(outputText(whole));
    assertThat(events.get(types.indexOf("response.output_text.done")).get("text").asText())
        .isEqualTo(outputText(whole));
    assertThat(events.get(types.indexOf("response.output_item.done")).get("item"))
        .isEqualTo(whole.at("/output/0"));
    assertThat(events.get(events.size() - 1).get("response")).isEqualTo(whole);
  }

  @Test
  void streamedUsageEqualsTheWholeResponsesUsageForTheSameRequest() {
    List<JsonNode> events =
        events(body(newDemo().send(request(Endpoint.RESPONSES, CONVERSATION, true))));
    JsonNode whole = respond(newDemo(), CONVERSATION);

    JsonNode completed = events.get(events.size() - 1);
    assertThat(completed.at("/response/usage")).isEqualTo(whole.get("usage"));
    assertThat(completed.at("/response/usage/input_tokens").asInt()).isGreaterThan(0);
  }

  // Prompt caching ---

  @Test
  void repeatedPrefixIsCachedOnTheSecondCallOnly() {
    JsonNode first = respond(demo, CONVERSATION);
    JsonNode second = respond(demo, CONVERSATION);

    assertThat(first.at("/usage/input_tokens_details/cached_tokens").asInt()).isZero();
    // Everything but the priming and the last user message: 3 + "user" + "And a fathom?" (3 + 1 +
    // 5)
    int prefix = second.at("/usage/input_tokens").asInt() - 3 - (3 + 1 + 5);
    assertThat(second.at("/usage/input_tokens_details/cached_tokens").asInt())
        .isEqualTo(prefix)
        .isPositive();
    assertThat(second.at("/usage/input_tokens").asInt())
        .isEqualTo(first.at("/usage/input_tokens").asInt());
  }

  @Test
  void nextTurnFindsTheWholePreviousTurnCached() {
    String firstTurn =
        """
        {"model":"m","instructions":"Be brief.","input":[{"role":"user","content":"Name a river."}]}""";
    String secondTurn =
        """
        {"model":"m","instructions":"Be brief.","input":[{"role":"user","content":"Name a river."},
         {"role":"assistant","content":"The Rhine."},{"role":"user","content":"Another?"}]}""";

    JsonNode first = respond(demo, firstTurn);
    JsonNode second = respond(demo, secondTurn);

    assertThat(second.at("/usage/input_tokens_details/cached_tokens").asInt())
        .isEqualTo(first.at("/usage/input_tokens").asInt() - 3);
  }

  @Test
  void stringContentAndTextPartsWithTheSameTextAreTheSamePrefix() {
    JsonNode first =
        respond(
            demo,
            """
        {"model":"m","input":[{"role":"user","content":"Q one"},{"role":"assistant","content":"A one"},
         {"role":"user","content":"Q two"}]}""");
    JsonNode second =
        respond(
            demo,
            """
        {"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"Q one"}]},
         {"type":"message","role":"assistant","content":[{"type":"output_text","text":"A one","annotations":[]}]},
         {"role":"user","content":"Q two"}]}""");

    assertThat(first.at("/usage/input_tokens_details/cached_tokens").asInt()).isZero();
    // user "Q one" (3 + 1 + 2) and assistant "A one" (3 + 3 + 2)
    assertThat(second.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(6 + 8);
  }

  @Test
  void anotherModelDoesNotShareTheCachedPrefix() {
    respond(demo, CONVERSATION);

    JsonNode otherModel = respond(demo, CONVERSATION.replace("gpt-5.2-codex", "gpt-5.2"));

    assertThat(otherModel.at("/usage/input_tokens_details/cached_tokens").asInt()).isZero();
  }

  @Test
  void singleUserMessageHasNoPrefixToCache() {
    String body = "{\"model\":\"m\",\"input\":\"Only this\"}";
    respond(demo, body);

    assertThat(respond(demo, body).at("/usage/input_tokens_details/cached_tokens").asInt())
        .isZero();
  }

  // Input token counts ---

  @Test
  void inputTokenCountIsWhatACallReports() throws IOException {
    UpstreamResponse upstream = send(Endpoint.RESPONSES_INPUT_TOKENS, CONVERSATION, false);
    assertThat(upstream.status()).isEqualTo(200);
    String count = body(upstream);

    JsonNode counted = json(count);
    assertThat(counted.get("object").asText()).isEqualTo("response.input_tokens");
    assertThat(counted.get("input_tokens").asInt())
        .isEqualTo(respond(demo, CONVERSATION).at("/usage/input_tokens").asInt());
    assertThat(
            ObjectMappers.jsonMapper()
                .readValue(count, InputTokenCountResponse.class)
                .validate()
                .inputTokens())
        .isEqualTo(counted.get("input_tokens").asLong());
  }

  @Test
  void countingTokensCachesNothing() {
    send(Endpoint.RESPONSES_INPUT_TOKENS, CONVERSATION, false);

    assertThat(respond(demo, CONVERSATION).at("/usage/input_tokens_details/cached_tokens").asInt())
        .isZero();
  }

  // Helpers ---

  /** A demo whose ids are reproducible: each fresh one numbers its calls from 0 with the same salt. */
  private static DemoProvider newDemo() {
    return new DemoProvider(
        ProviderConfig.demo(ServerConfig.defaults()),
        JSON,
        Clock.fixed(NOW, ZoneOffset.UTC),
        new DemoIds(new byte[DemoIds.SALT_BYTES]));
  }

  private static UpstreamRequest request(Endpoint endpoint, String body, boolean stream) {
    return new UpstreamRequest(endpoint, body.getBytes(StandardCharsets.UTF_8), List.of(), stream);
  }

  private UpstreamResponse send(Endpoint endpoint, String body, boolean stream) {
    return demo.send(request(endpoint, body, stream));
  }

  private static JsonNode respond(DemoProvider provider, String body) {
    UpstreamResponse upstream = provider.send(request(Endpoint.RESPONSES, body, false));
    assertThat(upstream.status()).isEqualTo(200);
    return json(body(upstream));
  }

  private static String outputText(JsonNode response) {
    return response.at("/output/0/content/0/text").asText();
  }
}
