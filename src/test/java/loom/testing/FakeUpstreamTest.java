package loom.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FakeUpstreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(2);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
  private FakeUpstream upstream;

  @BeforeEach
  void startUpstream() {
    upstream = FakeUpstream.start(0);
  }

  @AfterEach
  void closeUpstream() {
    upstream.close();
  }

  @Test
  void listensOnLoopbackWithAV1BaseUrl() {
    assertThat(upstream.port()).isPositive();
    assertThat(upstream.baseUrl()).isEqualTo("http://127.0.0.1:" + upstream.port() + "/v1");
  }

  @Test
  void chatCompletionAnswersOpenAiJsonWithTheRequestedModel() throws Exception {
    var response = send(post("/chat/completions", "{\"model\":\"gpt-x\",\"messages\":[]}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(
            JSON.readTree(
                """
                {"id":"chatcmpl-fake1","object":"chat.completion","created":1700000000,
                 "model":"gpt-x",
                 "choices":[{"index":0,
                   "message":{"role":"assistant","content":"fake answer","refusal":null},
                   "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":11,"completion_tokens":2,"total_tokens":13}}
                """));
  }

  @Test
  void completionsAnswerTextCompletionJson() throws Exception {
    var body = json(send(post("/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}")).body());

    assertThat(body.path("object").asText()).isEqualTo("text_completion");
    assertThat(body.path("model").asText()).isEqualTo("m");
    assertThat(body.path("choices").get(0).path("text").asText()).isEqualTo("fake answer");
    assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(13);
  }

  @Test
  void embeddingsAnswerOneVectorPerInput() throws Exception {
    var many = json(send(post("/embeddings", "{\"model\":\"e\",\"input\":[\"a\",\"b\"]}")).body());
    var one = json(send(post("/embeddings", "{\"model\":\"e\",\"input\":\"a\"}")).body());

    assertThat(many.path("data")).hasSize(2);
    assertThat(many.path("data").get(1).path("index").asInt()).isEqualTo(1);
    assertThat(many.path("data").get(1).path("embedding").toString()).isEqualTo("[0.1,0.2,0.3]");
    assertThat(many.path("model").asText()).isEqualTo("e");
    assertThat(many.path("usage").toString()).isEqualTo("{\"prompt_tokens\":3,\"total_tokens\":3}");
    assertThat(one.path("data")).hasSize(1);
  }

  @Test
  void modelsListTwoFakeModels() throws Exception {
    var body = json(send(request("/models").GET().build()).body());

    assertThat(body.path("object").asText()).isEqualTo("list");
    assertThat(body.path("data").findValuesAsText("id"))
        .containsExactly("fake-model-a", "fake-model-b");
    assertThat(body.path("data").get(0).path("owned_by").asText()).isEqualTo("fake");
  }

  @Test
  void unknownPathGetsOpenAiShaped404() throws Exception {
    var response = send(post("/nothing", "{}"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response.body()).path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void streamSendsRoleContentAndFinishChunksThenDoneWithoutUsage() throws Exception {
    var response =
        client.send(
            post("/chat/completions", "{\"model\":\"gpt-x\",\"stream\":true}"),
            HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    var events = readAllEvents(response.body());
    assertThat(events).hasSize(5).last().isEqualTo("[DONE]");
    var chunks = events.subList(0, 4).stream().map(FakeUpstreamTest::json).toList();
    assertThat(chunks)
        .allSatisfy(
            chunk -> {
              assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
              assertThat(chunk.path("model").asText()).isEqualTo("gpt-x");
              assertThat(chunk.has("usage")).isFalse();
            });
    assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(chunks.subList(0, 3).stream().map(c -> c.at("/choices/0/delta/content").asText()))
        .containsExactly("fake ", "answer ", "streamed");
    assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(upstream.awaitStreamCompleted(WAIT)).isTrue();
    assertThat(upstream.lastStreamCompleted()).isTrue();
  }

  @Test
  void streamSendsUsageChunkBeforeDoneOnlyWhenAskedFor() throws Exception {
    var response =
        client.send(
            post(
                "/chat/completions",
                "{\"model\":\"gpt-x\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
            HttpResponse.BodyHandlers.ofInputStream());

    var events = readAllEvents(response.body());
    assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
    var usageChunk = json(events.get(4));
    assertThat(usageChunk.path("choices")).isEmpty();
    assertThat(usageChunk.path("usage").toString())
        .isEqualTo("{\"prompt_tokens\":11,\"completion_tokens\":3,\"total_tokens\":14}");
  }

  @Test
  void respondWithReplacesTheDefaultAnswerUntilReset() throws Exception {
    upstream.respondWith(503, "text/plain", "overloaded");

    var first = send(post("/chat/completions", "{\"stream\":true}"));
    var second = send(request("/models").GET().build());
    upstream.reset();
    var afterReset = send(request("/models").GET().build());

    assertThat(List.of(first, second))
        .allSatisfy(
            response -> {
              assertThat(response.statusCode()).isEqualTo(503);
              assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
              assertThat(response.body()).isEqualTo("overloaded");
            });
    assertThat(afterReset.statusCode()).isEqualTo(200);
  }

  @Test
  void delayBeforeHeadersMakesAnImpatientClientTimeOut() {
    upstream.delayBeforeHeaders(Duration.ofSeconds(5));

    var request = request("/models").timeout(Duration.ofMillis(200)).GET().build();

    assertThatThrownBy(() -> send(request)).isInstanceOf(HttpTimeoutException.class);
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void closeEndsADelayedRequestAtOnce() throws Exception {
    upstream.delayBeforeHeaders(Duration.ofSeconds(30));
    var pending =
        client.sendAsync(
            request("/models").timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upstream.awaitRequestCount(1, WAIT)).isTrue();

    upstream.close();

    assertThat(pending)
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IOException.class);
  }

  @Test
  void heldStreamSendsItsFirstEventBeforeReleaseAndTheRestAfter() throws Exception {
    var gate = upstream.holdStreamAfterFirstChunk();
    var response =
        client.send(
            post("/chat/completions", "{\"stream\":true}"),
            HttpResponse.BodyHandlers.ofInputStream());

    try (var reader = reader(response.body())) {
      var first = nextEvent(reader);
      assertThat(json(first).at("/choices/0/delta/content").asText()).isEqualTo("fake ");
      assertThat(gate.awaitHolding(WAIT)).isTrue();
      assertThat(upstream.lastStreamCompleted()).isFalse();

      gate.release();

      var rest = new ArrayList<String>();
      for (var event = nextEvent(reader); event != null; event = nextEvent(reader)) {
        rest.add(event);
      }
      assertThat(rest).hasSize(4).last().isEqualTo("[DONE]");
    }
    assertThat(upstream.awaitStreamCompleted(WAIT)).isTrue();
  }

  @Test
  void slowStreamNoticesThatItsClientWentAway() throws Exception {
    upstream.streamSlowly(200, Duration.ofMillis(10));
    var response =
        client.send(
            post("/chat/completions", "{\"stream\":true}"),
            HttpResponse.BodyHandlers.ofInputStream());

    try (var reader = reader(response.body())) {
      assertThat(nextEvent(reader)).contains("piece 1 ");
    }

    assertThat(upstream.awaitStreamAborted(WAIT)).isTrue();
    assertThat(upstream.lastStreamCompleted()).isFalse();
  }

  @Test
  void recordsEveryRequestWithMethodPathHeadersAndBody() throws Exception {
    send(request("/models").GET().build());
    send(
        request("/chat/completions")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-x\"}"))
            .header("Authorization", "Bearer sk-upstream")
            .header("X-Trace", "one")
            .header("X-Trace", "two")
            .build());

    assertThat(upstream.requestCount()).isEqualTo(2);
    assertThat(upstream.requests())
        .extracting(RecordedRequest::method)
        .containsExactly("GET", "POST");
    var last = upstream.lastRequest();
    assertThat(last.path()).isEqualTo("/v1/chat/completions");
    assertThat(last.header("AUTHORIZATION")).isEqualTo("Bearer sk-upstream");
    assertThat(last.headers().get("x-trace")).containsExactly("one", "two");
    assertThat(last.hasHeader("x-missing")).isFalse();
    assertThat(last.header("x-missing")).isNull();
    assertThat(last.bodyAsJson().path("model").asText()).isEqualTo("gpt-x");

    upstream.reset();
    assertThat(upstream.requestCount()).isZero();
  }

  // Helpers ---

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path)).timeout(WAIT);
  }

  @Test
  void aDroppedConnectionAndATruncatedBodyFailTheReader() {
    upstream.failWith(FakeUpstream.Fault.DROP_CONNECTION);
    assertThatThrownBy(() -> send(post("/chat/completions", "{}"))).isInstanceOf(IOException.class);

    upstream.failWith(FakeUpstream.Fault.TRUNCATE_BODY);
    assertThatThrownBy(() -> send(post("/chat/completions", "{}"))).isInstanceOf(IOException.class);
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void heldRequestsGetNoStatusUntilReleased() throws Exception {
    var gate = upstream.holdBeforeHeaders();
    var pending =
        client.sendAsync(
            post("/chat/completions", "{\"model\":\"m\"}"), HttpResponse.BodyHandlers.ofString());

    assertThat(gate.awaitHolding(WAIT)).isTrue();
    assertThat(pending).isNotDone();
    gate.release();
    assertThat(pending.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  // Responses API ---

  @Test
  void responsesAnswerAResponseObjectWithTheTextTheModelAndTheUsage() throws Exception {
    var response = send(post("/responses", "{\"model\":\"gpt-5-mini\",\"input\":\"hi\"}"));

    assertThat(response.statusCode()).isEqualTo(200);
    var body = json(response.body());
    assertThat(body.path("id").asText()).startsWith("resp_");
    assertThat(body.path("object").asText()).isEqualTo("response");
    assertThat(body.path("status").asText()).isEqualTo("completed");
    assertThat(body.path("model").asText()).isEqualTo("gpt-5-mini");
    assertThat(body.at("/output/0/type").asText()).isEqualTo("message");
    assertThat(body.at("/output/0/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/output/0/content/0/type").asText()).isEqualTo("output_text");
    assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("fake answer");
    assertThat(body.path("usage"))
        .isEqualTo(
            json(
                """
        {"input_tokens":1000,"input_tokens_details":{"cached_tokens":400,"cache_write_tokens":50},
         "output_tokens":300,"output_tokens_details":{"reasoning_tokens":100},"total_tokens":1300}
        """));
  }

  @Test
  void responsesStreamSendsEveryEventInOrderNamedByItsTypeAndNumbered() throws Exception {
    var response =
        client.send(
            post("/responses", "{\"model\":\"gpt-5-mini\",\"input\":\"hi\",\"stream\":true}"),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    var events = SseEvents.parse(response.body());
    assertThat(events)
        .extracting(SseEvents.Event::name)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed");
    for (int i = 0; i < events.size(); i++) {
      var data = json(events.get(i).data());
      assertThat(data.path("type").asText()).isEqualTo(events.get(i).name());
      assertThat(data.path("sequence_number").asInt()).isEqualTo(i);
    }
    var deltas =
        events.stream()
            .filter(event -> event.name().equals("response.output_text.delta"))
            .map(event -> json(event.data()).path("delta").asText())
            .toList();
    assertThat(String.join("", deltas)).isEqualTo("fake answer");
    var created = json(events.get(0).data()).path("response");
    assertThat(created.path("status").asText()).isEqualTo("in_progress");
    assertThat(created.path("usage").isNull()).isTrue();
    assertThat(json(events.get(7).data()).path("text").asText()).isEqualTo("fake answer");
    var completed = json(events.get(10).data()).path("response");
    assertThat(completed.path("id").asText()).isEqualTo(created.path("id").asText());
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo("fake answer");
    assertThat(completed.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(400);
    assertThat(upstream.awaitStreamCompleted(WAIT)).isTrue();
  }

  @Test
  void responsesReportTheUsageATestSets() throws Exception {
    upstream.reportResponsesUsage(new ResponsesUsage(2000, 1500, 0, 40, 10));

    var whole = json(send(post("/responses", "{\"model\":\"m\",\"input\":\"hi\"}")).body());
    var events =
        SseEvents.parse(send(post("/responses", "{\"input\":\"hi\",\"stream\":true}")).body());
    var counted = json(send(post("/responses/input_tokens", "{\"input\":\"hi\"}")).body());

    var expected =
        json(
            """
        {"input_tokens":2000,"input_tokens_details":{"cached_tokens":1500,"cache_write_tokens":0},
         "output_tokens":40,"output_tokens_details":{"reasoning_tokens":10},"total_tokens":2040}
        """);
    assertThat(whole.path("usage")).isEqualTo(expected);
    assertThat(json(events.get(events.size() - 1).data()).at("/response/usage"))
        .isEqualTo(expected);
    assertThat(counted)
        .isEqualTo(json("{\"object\":\"response.input_tokens\",\"input_tokens\":2000}"));
  }

  @Test
  void storedResponsesAreRetrievedListedAndDeletedByIdAndUnknownIdsAreOpenAiShaped404s()
      throws Exception {
    var created =
        json(
            send(post(
                    "/responses",
                    """
        {"model":"m","input":[{"role":"user","content":"first"},
          {"type":"message","role":"user","content":[{"type":"input_text","text":"second"}]}]}
        """))
                .body());
    var id = created.path("id").asText();
    var unstored = json(send(post("/responses", "{\"input\":\"x\",\"store\":false}")).body());

    var retrieved = send(request("/responses/" + id).GET().build());
    var items = json(send(request("/responses/" + id + "/input_items").GET().build()).body());
    var ascending =
        json(send(request("/responses/" + id + "/input_items?order=asc").GET().build()).body());
    var deleted = send(request("/responses/" + id).DELETE().build());
    var afterDelete = send(request("/responses/" + id).GET().build());
    var never = send(request("/responses/" + unstored.path("id").asText()).GET().build());

    assertThat(json(retrieved.body())).isEqualTo(created);
    assertThat(items.path("object").asText()).isEqualTo("list");
    assertThat(items.path("has_more").asBoolean()).isFalse();
    assertThat(items.path("data")).hasSize(2);
    assertThat(items.at("/data/0/content/0/text").asText()).isEqualTo("second");
    assertThat(ascending.at("/data/0/content/0/text").asText()).isEqualTo("first");
    assertThat(ascending.at("/data/0/content/0/type").asText()).isEqualTo("input_text");
    assertThat(ascending.path("first_id").asText())
        .isEqualTo(ascending.at("/data/0/id").asText())
        .isNotBlank();
    assertThat(json(deleted.body()))
        .isEqualTo(json("{\"id\":\"" + id + "\",\"object\":\"response\",\"deleted\":true}"));
    assertThat(upstream.storesResponse(id)).isFalse();
    for (var missing : List.of(afterDelete, never)) {
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(json(missing.body()).at("/error/type").asText())
          .isEqualTo("invalid_request_error");
      assertThat(json(missing.body()).at("/error/message").asText()).contains("not found");
    }
  }

  @Test
  void aBackgroundResponseIsQueuedThenInProgressThenCompletedFromItsCompletionPoll()
      throws Exception {
    upstream.completeBackgroundResponsesOnPoll(3);

    var queued = json(send(post("/responses", "{\"input\":\"hi\",\"background\":true}")).body());
    var id = queued.path("id").asText();
    var polls = new ArrayList<JsonNode>();
    for (int i = 0; i < 4; i++) {
      polls.add(json(send(request("/responses/" + id).GET().build()).body()));
    }

    assertThat(queued.path("status").asText()).isEqualTo("queued");
    assertThat(queued.path("background").asBoolean()).isTrue();
    assertThat(queued.path("usage").isNull()).isTrue();
    assertThat(polls)
        .extracting(poll -> poll.path("status").asText())
        .containsExactly("in_progress", "in_progress", "completed", "completed");
    assertThat(polls.get(1).path("usage").isNull()).isTrue();
    assertThat(polls.get(1).path("output")).isEmpty();
    assertThat(polls.get(2).at("/usage/total_tokens").asInt()).isEqualTo(1300);
    assertThat(polls.get(2).at("/output/0/content/0/text").asText()).isEqualTo("fake answer");
  }

  @Test
  void onlyABackgroundResponseNotYetDoneCanBeCancelled() throws Exception {
    var background =
        json(send(post("/responses", "{\"input\":\"hi\",\"background\":true}")).body());
    var foreground = json(send(post("/responses", "{\"input\":\"hi\"}")).body());

    var cancelled = send(post("/responses/" + background.path("id").asText() + "/cancel", ""));
    var afterwards =
        json(send(request("/responses/" + background.path("id").asText()).GET().build()).body());
    var refused = send(post("/responses/" + foreground.path("id").asText() + "/cancel", ""));

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(json(cancelled.body()).path("status").asText()).isEqualTo("cancelled");
    assertThat(afterwards.path("status").asText()).isEqualTo("cancelled");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void aResponsesStreamCanEndFailedOrIncompleteOrWithAnErrorEvent() throws Exception {
    var body = "{\"input\":\"hi\",\"stream\":true}";
    upstream.failWith(FakeUpstream.Fault.RESPONSE_FAILED);
    var failed = SseEvents.parse(send(post("/responses", body)).body());
    upstream.failWith(FakeUpstream.Fault.RESPONSE_INCOMPLETE);
    var incomplete = SseEvents.parse(send(post("/responses", body)).body());
    upstream.failWith(FakeUpstream.Fault.STREAM_ERROR_EVENT);
    var error = SseEvents.parse(send(post("/responses", body)).body());

    assertThat(failed)
        .extracting(SseEvents.Event::name)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.failed");
    var failure = json(failed.get(5).data()).path("response");
    assertThat(failure.path("status").asText()).isEqualTo("failed");
    assertThat(failure.at("/error/code").asText()).isEqualTo("server_error");
    assertThat(incomplete)
        .extracting(SseEvents.Event::name)
        .endsWith("response.output_item.done", "response.incomplete");
    assertThat(
            json(incomplete.get(incomplete.size() - 1).data())
                .at("/response/incomplete_details/reason")
                .asText())
        .isEqualTo("max_output_tokens");
    assertThat(incomplete).extracting(SseEvents.Event::name).doesNotContain("response.completed");
    assertThat(error)
        .extracting(SseEvents.Event::name)
        .endsWith("response.output_text.delta", "error");
    assertThat(json(error.get(error.size() - 1).data()).path("sequence_number").asInt())
        .isEqualTo(error.size() - 1);
  }

  @Test
  void anInterruptedStreamDropsTheConnectionAfterTheFirstPieceOfEveryApi() throws Exception {
    upstream.failWith(FakeUpstream.Fault.INTERRUPT_STREAM);

    var responses = rawStream("/v1/responses", "{\"input\":\"hi\",\"stream\":true}");
    var messages =
        rawStream(
            "/v1/messages",
            "{\"model\":\"c\",\"stream\":true}",
            "x-api-key: k",
            "anthropic-version: 2023-06-01");
    var chat = rawStream("/v1/chat/completions", "{\"stream\":true}");

    // Each ends right after its first content event, without the chunked body's last chunk.
    assertThat(responses)
        .endsWith("\"delta\":\"fake\",\"logprobs\":[]}\n\n\r\n")
        .contains("event: response.output_text.delta")
        .doesNotContain("response.completed");
    assertThat(messages).endsWith("\"text\":\"fake\"}}\n\n\r\n").doesNotContain("message_stop");
    assertThat(chat).endsWith("\"finish_reason\":null}]}\n\n\r\n").doesNotContain("[DONE]");
    assertThat(upstream.lastStreamCompleted()).isFalse();
  }

  // Messages API ---

  @Test
  void messagesAnswerAnthropicJsonAndRecordTheQueryAndTheAnthropicHeaders() throws Exception {
    var response =
        send(
            anthropic(
                    "/messages?beta=true",
                    "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"messages\":[]}")
                .header("anthropic-beta", "prompt-caching-2024-07-31,oauth-2025-04-20")
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("request-id"))
        .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    var body = json(response.body());
    assertThat(body.path("id").asText()).startsWith("msg_");
    ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("id");
    assertThat(body)
        .isEqualTo(
            json(
                """
        {"type":"message","role":"assistant","model":"claude-haiku-4-5",
         "content":[{"type":"text","text":"fake answer"}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":20,"cache_creation_input_tokens":500,"cache_read_input_tokens":3000,
           "cache_creation":{"ephemeral_5m_input_tokens":500,"ephemeral_1h_input_tokens":0},
           "output_tokens":120,"service_tier":"standard"}}
        """));
    var sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.query()).isEqualTo("beta=true");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("anthropic-beta"))
        .isEqualTo("prompt-caching-2024-07-31,oauth-2025-04-20");
  }

  @Test
  void messagesStreamSendsNamedEventsInAnthropicsOrderWithUsageAtStartAndOutputInTheDelta()
      throws Exception {
    var response = send(anthropic("/messages", "{\"model\":\"claude-x\",\"stream\":true}").build());

    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    var events = SseEvents.parse(response.body());
    assertThat(events)
        .extracting(SseEvents.Event::name)
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    assertThat(events)
        .allSatisfy(
            event -> assertThat(json(event.data()).path("type").asText()).isEqualTo(event.name()));
    var start = json(events.get(0).data()).path("message");
    assertThat(start.path("model").asText()).isEqualTo("claude-x");
    assertThat(start.path("content")).isEmpty();
    assertThat(start.path("usage"))
        .isEqualTo(
            json(
                """
        {"input_tokens":20,"cache_creation_input_tokens":500,"cache_read_input_tokens":3000,
         "cache_creation":{"ephemeral_5m_input_tokens":500,"ephemeral_1h_input_tokens":0},
         "output_tokens":1,"service_tier":"standard"}
        """));
    var text =
        events.subList(3, 6).stream()
            .map(event -> json(event.data()).at("/delta/text").asText())
            .toList();
    assertThat(String.join("", text)).isEqualTo("fake answer");
    var delta = json(events.get(7).data());
    assertThat(delta.path("delta"))
        .isEqualTo(json("{\"stop_reason\":\"end_turn\",\"stop_sequence\":null}"));
    assertThat(delta.path("usage")).isEqualTo(json("{\"output_tokens\":120}"));
    assertThat(upstream.awaitStreamCompleted(WAIT)).isTrue();
  }

  @Test
  void messageDeltaRepeatsWithTheReportedValuesTheInputFieldsTheStartGotWrong() throws Exception {
    upstream.reportMessagesUsage(new MessagesUsage(50, 2000, 300, 100, 70));
    upstream.correctMessagesUsageInDelta(new MessagesUsage(5, 2000, 0, 0, 999));

    var events = SseEvents.parse(send(anthropic("/messages", "{\"stream\":true}").build()).body());
    var whole = json(send(anthropic("/messages", "{}").build()).body());

    var start = json(events.get(0).data()).at("/message/usage");
    assertThat(start.path("input_tokens").asInt()).isEqualTo(5);
    assertThat(start.path("cache_creation_input_tokens").asInt()).isZero();
    assertThat(start.path("output_tokens").asInt()).isEqualTo(1);
    assertThat(json(events.get(events.size() - 2).data()).path("usage"))
        .isEqualTo(
            json(
                """
        {"input_tokens":50,"cache_creation_input_tokens":400,
         "cache_creation":{"ephemeral_5m_input_tokens":300,"ephemeral_1h_input_tokens":100},
         "output_tokens":70}
        """));
    assertThat(whole.at("/usage/input_tokens").asInt()).isEqualTo(50);
    assertThat(whole.at("/usage/cache_creation_input_tokens").asInt()).isEqualTo(400);
  }

  @Test
  void countTokensAnswersEveryInputTokenOfTheReportedUsage() throws Exception {
    var response =
        send(anthropic("/messages/count_tokens", "{\"model\":\"c\",\"messages\":[]}").build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response.body())).isEqualTo(json("{\"input_tokens\":3520}"));
  }

  @Test
  void messagesRefuseACallWithoutAKeyOrAVersionAsAnthropicDoes() throws Exception {
    var keyless = send(post("/messages", "{}"));
    var bearer =
        send(
            request("/messages")
                .header("Authorization", "Bearer sk-ant-oat")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    var versionless =
        send(
            request("/messages")
                .header("x-api-key", "k")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

    assertThat(keyless.statusCode()).isEqualTo(401);
    assertThat(json(keyless.body()).at("/error/type").asText()).isEqualTo("authentication_error");
    assertThat(json(keyless.body()).path("type").asText()).isEqualTo("error");
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(versionless.statusCode()).isEqualTo(400);
    assertThat(json(versionless.body()).at("/error/type").asText())
        .isEqualTo("invalid_request_error");
  }

  @Test
  void anthropicOverloadIs529WithAnthropicsBodyAndItsRateLimitA429WithRetryAfter()
      throws Exception {
    upstream.failWith(FakeUpstream.Fault.ANTHROPIC_OVERLOADED);
    var overloaded = send(anthropic("/messages", "{\"stream\":true}").build());
    upstream.failWith(FakeUpstream.Fault.ANTHROPIC_RATE_LIMITED);
    var limited = send(anthropic("/messages", "{}").build());

    assertThat(overloaded.statusCode()).isEqualTo(529);
    assertThat(overloaded.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(json(overloaded.body()))
        .isEqualTo(
            json(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("7");
    assertThat(json(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void aMessagesStreamCanFailWithAnErrorEventMidWay() throws Exception {
    upstream.failWith(FakeUpstream.Fault.STREAM_ERROR_EVENT);

    var events = SseEvents.parse(send(anthropic("/messages", "{\"stream\":true}").build()).body());

    assertThat(events)
        .extracting(SseEvents.Event::name)
        .containsExactly(
            "message_start", "content_block_start", "ping", "content_block_delta", "error");
    assertThat(json(events.get(4).data()))
        .isEqualTo(
            json(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    assertThat(upstream.lastStreamCompleted()).isFalse();
  }

  @Test
  void heldAndSlowStreamsWorkTheSameForTheNewApis() throws Exception {
    var gate = upstream.holdStreamAfterFirstChunk();
    var response =
        client.send(
            anthropic("/messages", "{\"stream\":true}").build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (var reader = reader(response.body())) {
      var seen = new ArrayList<String>();
      while (seen.stream().noneMatch(line -> line.equals("event: content_block_delta"))) {
        seen.add(reader.readLine());
      }
      assertThat(gate.awaitHolding(WAIT)).isTrue();
      assertThat(upstream.lastStreamCompleted()).isFalse();
      gate.release();
      assertThat(reader.lines().toList()).contains("event: message_stop");
    }
    upstream.reset();
    upstream.streamSlowly(4, Duration.ofMillis(1));

    var slow = SseEvents.parse(send(post("/responses", "{\"stream\":true}")).body());

    assertThat(slow)
        .filteredOn(event -> event.name().equals("response.output_text.delta"))
        .hasSize(4);
    assertThat(
            json(slow.get(slow.size() - 1).data()).at("/response/output/0/content/0/text").asText())
        .isEqualTo("piece 1 piece 2 piece 3 piece 4 ");
  }

  private HttpRequest post(String path, String body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpRequest.Builder anthropic(String path, String body) {
    return request(path)
        .header("Content-Type", "application/json")
        .header("x-api-key", "sk-ant-test")
        .header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /**
   * A POST over a bare socket, and everything the upstream sent until it closed the connection: the
   * JDK's HttpClient forgets events it had received once it sees the connection break.
   */
  private String rawStream(String path, String body, String... headerLines) throws IOException {
    try (var socket = new Socket("127.0.0.1", upstream.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      var bytes = body.getBytes(UTF_8);
      var head =
          new StringBuilder(
              "POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + bytes.length
                  + "\r\n");
      for (var line : headerLines) {
        head.append(line).append("\r\n");
      }
      socket.getOutputStream().write(head.append("\r\n").toString().getBytes(UTF_8));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      var received = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(received);
      } catch (SocketException reset) {
        // a reset after the last byte is still the end of what was sent
      }
      return received.toString(UTF_8);
    }
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static BufferedReader reader(InputStream body) {
    return new BufferedReader(new InputStreamReader(body, UTF_8));
  }

  /** The data of the next SSE event, or null at the end of the stream. */
  private static String nextEvent(BufferedReader reader) throws IOException {
    for (var line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("data: ")) {
        return line.substring("data: ".length());
      }
    }
    return null;
  }

  private static List<String> readAllEvents(InputStream body) throws IOException {
    try (var reader = reader(body)) {
      var events = new ArrayList<String>();
      for (var event = nextEvent(reader); event != null; event = nextEvent(reader)) {
        events.add(event);
      }
      return events;
    }
  }
}
