package loom.proxy;

import static loom.testing.LoggedRows.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.inputtokens.InputTokenCountParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.LoggedRows;
import loom.testing.ResponsesUsage;
import loom.testing.SseEvents;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official OpenAI Java SDK's Responses API through the gateway, to the fake upstream as provider
 * {@code mock} of loom-it.yaml (type openai, so it serves {@code responses} by default): answers,
 * streams, the calls about one stored response, background polling, broken streams and the cache,
 * each checked in the request log.
 */
@ExtendWith(UpstreamExtension.class)
@Timeout(
    value = 60,
    unit = TimeUnit.SECONDS) // a stream the gateway never ends must not hang the build
class ResponsesSdkIT {
  /** In the price list: $0.25/M input, $0.025/M cache read, $2/M output, no cache-write price. */
  private static final String MODEL = "gpt-5-mini";

  private static final ResponsesUsage USAGE = new ResponsesUsage(1000, 400, 50, 300, 100);

  /**
   * USAGE at gpt-5-mini's prices: the 600 uncached input tokens (the 50 cache writes among them, at
   * the input price, gpt-5-mini having none of its own) × 0.25 + 400 cached × 0.025 + 300 output
   * (reasoning included) × 2 = 150 + 10 + 600 = 760 µUSD per million = 760,000 nano-dollars.
   */
  private static final long COST_NANOS = 760_000;

  private static final List<String> STREAM_EVENTS =
      List.of(
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

  private final OpenAIClient client =
      OpenAIOkHttpClient.builder()
          .baseUrl(GatewayClient.base() + "/v1")
          .apiKey(GatewayClient.ADMIN_KEY)
          .maxRetries(0)
          .build();
  private final GatewayClient gateway = new GatewayClient();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void aResponseIsAnsweredAndLoggedWithItsTokensAndItsExactCost(FakeUpstream upstream)
      throws Exception {
    upstream.reportResponsesUsage(USAGE);

    Response response;
    String requestId;
    try (HttpResponseFor<Response> raw =
        client.responses().withRawResponse().create(params().build())) {
      requestId = requestId(raw.headers().values("X-Loom-Request-Id"));
      response = raw.parse();
    }

    assertThat(text(response)).isEqualTo("fake answer");
    assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
    assertThat(response.usage())
        .hasValueSatisfying(
            usage -> {
              assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(400);
              assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(100);
            });
    var sent = upstream.lastRequest();
    assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /v1/responses");
    assertThat(sent.header("authorization")).isEqualTo("Bearer sk-upstream-test-key");
    assertThat(sent.bodyAsJson().path("model").asText()).isEqualTo(MODEL);
    Map<String, Object> row = LoggedRows.await(requestId);
    assertLoggedWithUsage(row, false);
    assertThat(row.get("cache_status")).isEqualTo("MISS");
    // Being added with the Responses proxy: the log JSON's own field for cache writes.
    assertThat(LoggedRows.asApiJson(row).path("cache_write_tokens").asLong()).isEqualTo(50);
  }

  @Test
  void aStreamedResponseReachesTheClientEventByEventAndIsLoggedFromResponseCompleted(
      FakeUpstream upstream) throws Exception {
    upstream.reportResponsesUsage(USAGE);

    List<JsonNode> events = new ArrayList<>();
    String requestId;
    try (HttpResponseFor<StreamResponse<ResponseStreamEvent>> raw =
        client.responses().withRawResponse().createStreaming(params().build())) {
      requestId = requestId(raw.headers().values("X-Loom-Request-Id"));
      try (StreamResponse<ResponseStreamEvent> stream = raw.parse()) {
        stream.stream().forEach(event -> events.add(ObjectMappers.jsonMapper().valueToTree(event)));
      }
    }

    assertThat(events)
        .extracting(event -> event.path("type").asText())
        .containsExactlyElementsOf(STREAM_EVENTS);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("sequence_number").asInt())
          .as("sequence_number of event %d", i)
          .isEqualTo(i);
    }
    StringBuilder text = new StringBuilder();
    events.stream()
        .filter(event -> event.path("type").asText().equals("response.output_text.delta"))
        .forEach(event -> text.append(event.path("delta").asText()));
    assertThat(text).hasToString("fake answer");
    assertThat(events.get(events.size() - 1).at("/response/usage/total_tokens").asLong())
        .isEqualTo(1300);
    assertThat(upstream.lastRequest().bodyAsJson().path("stream").asBoolean()).isTrue();
    assertLoggedWithUsage(LoggedRows.await(requestId), true);
  }

  @Test
  void aStoredResponseIsRetrievedListedAndDeletedByIdThroughTheGateway(FakeUpstream upstream) {
    Response created = client.responses().create(params().build());

    Response retrieved = client.responses().retrieve(created.id());
    var items = client.responses().inputItems().list(created.id()).data();
    client.responses().delete(created.id());

    assertThat(retrieved.id()).isEqualTo(created.id());
    assertThat(text(retrieved)).isEqualTo("fake answer");
    assertThat(items).hasSize(1);
    assertThat(upstream.storesResponse(created.id())).isFalse();
    assertThat(upstream.requests())
        .extracting(request -> request.method() + " " + request.path())
        .containsExactly(
            "POST /v1/responses",
            "GET /v1/responses/" + created.id(),
            "GET /v1/responses/" + created.id() + "/input_items",
            "DELETE /v1/responses/" + created.id());
    assertThatThrownBy(() -> client.responses().retrieve(created.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(created.id());
  }

  @Test
  void inputTokensAreCountedByTheProvider(FakeUpstream upstream) {
    upstream.reportResponsesUsage(USAGE);

    var counted =
        client
            .responses()
            .inputTokens()
            .count(
                InputTokenCountParams.builder()
                    .model("mock/" + MODEL)
                    .input("Say this is a test")
                    .build());

    assertThat(counted.inputTokens()).isEqualTo(1000);
    var sent = upstream.lastRequest();
    assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /v1/responses/input_tokens");
    assertThat(sent.bodyAsJson().path("model").asText()).isEqualTo(MODEL);
  }

  @Test
  void aBackgroundResponsePolledThreeTimesIsChargedInExactlyOneLogRow(FakeUpstream upstream)
      throws Exception {
    upstream.reportResponsesUsage(USAGE);
    upstream.completeBackgroundResponsesOnPoll(2);
    List<String> requestIds = new ArrayList<>();
    List<Response> seen = new ArrayList<>();
    try (HttpResponseFor<Response> raw =
        client.responses().withRawResponse().create(params().background(true).build())) {
      requestIds.add(requestId(raw.headers().values("X-Loom-Request-Id")));
      seen.add(raw.parse());
    }
    String id = seen.get(0).id();

    for (int poll = 0; poll < 3; poll++) {
      try (HttpResponseFor<Response> raw = client.responses().withRawResponse().retrieve(id)) {
        requestIds.add(requestId(raw.headers().values("X-Loom-Request-Id")));
        seen.add(raw.parse());
      }
    }

    assertThat(seen)
        .extracting(response -> response.status().orElseThrow())
        .containsExactly(
            ResponseStatus.QUEUED,
            ResponseStatus.IN_PROGRESS,
            ResponseStatus.COMPLETED,
            ResponseStatus.COMPLETED);
    assertThat(text(seen.get(3))).isEqualTo("fake answer");
    Map<String, Map<String, Object>> rows = LoggedRows.await(requestIds);
    List<Map<String, Object>> charged =
        rows.values().stream()
            .filter(row -> number(row, "total_tokens") > 0 || number(row, "cost_nanos") > 0)
            .toList();
    assertThat(charged).as("rows with tokens or cost, of %s", rows.values()).hasSize(1);
    assertThat(number(charged.get(0), "total_tokens")).isEqualTo(1300);
    assertThat(number(charged.get(0), "cost_nanos")).isEqualTo(COST_NANOS);
    assertThat(rows.get(requestIds.get(0)).get("path")).isEqualTo("/v1/responses");
    assertThat(rows.get(requestIds.get(1)).get("path")).isEqualTo("/v1/responses/" + id);
  }

  @Test
  void anInterruptedStreamIsLoggedAsBrokenAndItsRepeatIsNoCacheHit(FakeUpstream upstream)
      throws Exception {
    String body = streamBody("interrupted " + UUID.randomUUID());
    upstream.failWith(FakeUpstream.Fault.INTERRUPT_STREAM);

    Received broken = sendThroughABreak(body);
    upstream.reset();
    HttpResponse<String> repeated = gateway.postJson("/v1/responses", body);

    assertThat(broken.body()).doesNotContain("response.completed");
    Map<String, Object> row =
        LoggedRows.await(requestId(broken.headers().allValues("X-Loom-Request-Id")));
    assertThat(row.get("error_message"))
        .as("the log row of a stream cut short")
        .asString()
        .isNotBlank();
    assertThat(row.get("path")).isEqualTo("/v1/responses");
    assertThat(repeated.statusCode()).isEqualTo(200);
    assertThat(repeated.headers().firstValue("X-Loom-Cache")).hasValue("MISS");
    assertThat(upstream.requestCount()).as("the repeat went to the provider").isEqualTo(1);
    assertThat(SseEvents.parse(repeated.body()))
        .last()
        .extracting(SseEvents.Event::name)
        .isEqualTo("response.completed");
  }

  @Test
  void aFailedStreamReachesTheClientAsResponseFailedAndIsNotCached(FakeUpstream upstream) {
    String body = streamBody("failing " + UUID.randomUUID());
    upstream.failWith(FakeUpstream.Fault.RESPONSE_FAILED);

    HttpResponse<String> failed = gateway.postJson("/v1/responses", body);
    HttpResponse<String> repeated = gateway.postJson("/v1/responses", body);

    assertThat(SseEvents.parse(failed.body()))
        .last()
        .satisfies(
            event -> {
              assertThat(event.name()).isEqualTo("response.failed");
              assertThat(event.json().at("/response/status").asText()).isEqualTo("failed");
            });
    assertThat(repeated.headers().firstValue("X-Loom-Cache")).hasValue("MISS");
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void aRepeatedStreamIsReplayedFromTheCacheWithTheSameNamedEvents(FakeUpstream upstream)
      throws Exception {
    String body = streamBody("replay me " + UUID.randomUUID());

    HttpResponse<String> first = gateway.postJson("/v1/responses", body);
    HttpResponse<String> replayed = gateway.postJson("/v1/responses", body);

    assertThat(first.headers().firstValue("X-Loom-Cache")).hasValue("MISS");
    assertThat(replayed.statusCode()).isEqualTo(200);
    assertThat(replayed.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    assertThat(replayed.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    assertThat(upstream.requestCount()).isEqualTo(1);
    List<SseEvents.Event> original = SseEvents.parse(first.body());
    List<SseEvents.Event> replay = SseEvents.parse(replayed.body());
    assertThat(original).extracting(SseEvents.Event::name).containsExactlyElementsOf(STREAM_EVENTS);
    assertThat(replay).extracting(SseEvents.Event::name).containsExactlyElementsOf(STREAM_EVENTS);
    for (int i = 0; i < replay.size(); i++) {
      assertThat(replay.get(i).type()).isEqualTo(replay.get(i).name());
      assertThat(replay.get(i).json()).as("event %d", i).isEqualTo(original.get(i).json());
    }
    Map<String, Object> hit =
        LoggedRows.await(requestId(replayed.headers().allValues("X-Loom-Request-Id")));
    assertThat(hit.get("cache_status")).isEqualTo("HIT");
    assertThat(number(hit, "cost_nanos")).isZero();
  }

  // Helpers ---

  private static ResponseCreateParams.Builder params() {
    return ResponseCreateParams.builder()
        .model("mock/" + MODEL)
        .input("Say this is a test " + UUID.randomUUID());
  }

  private static String streamBody(String input) {
    return "{\"model\":\"mock/" + MODEL + "\",\"stream\":true,\"input\":\"" + input + "\"}";
  }

  /**
   * Sends a streamed call whose upstream breaks mid-way and reads what arrives: the gateway may pass the
   * break on or end the stream, so neither fails the test.
   */
  private Received sendThroughABreak(String body) {
    HttpResponse<InputStream> response =
        gateway.stream(
            gateway
                .request("/v1/responses")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (InputStream in = response.body()) {
      in.transferTo(received);
    } catch (IOException cutShort) {
      // the break passed on: what arrived before it is what the test looks at
    }
    return new Received(
        response.statusCode(), response.headers(), received.toString(StandardCharsets.UTF_8));
  }

  /** A streamed answer as far as it came. */
  private record Received(int statusCode, HttpHeaders headers, String body) {}

  private void assertLoggedWithUsage(Map<String, Object> row, boolean streamed) {
    assertThat(row.get("path")).isEqualTo("/v1/responses");
    assertThat(row.get("provider_id")).isEqualTo("mock");
    assertThat(row.get("model_name")).isEqualTo(MODEL);
    assertThat(number(row, "status_code")).isEqualTo(200);
    assertThat(number(row, "prompt_tokens")).isEqualTo(1000);
    assertThat(number(row, "cached_tokens")).isEqualTo(400);
    assertThat(number(row, "completion_tokens")).isEqualTo(300);
    assertThat(number(row, "reasoning_tokens")).isEqualTo(100);
    assertThat(number(row, "total_tokens")).isEqualTo(1300);
    assertThat(number(row, "cost_nanos")).isEqualTo(COST_NANOS);
    assertThat(row.get("price_version")).asString().isNotBlank();
    assertThat(row.get("stream")).isIn(streamed ? List.of(1, 1L, true) : List.of(0, 0L, false));
  }

  private static String requestId(List<String> values) {
    assertThat(values).as("X-Loom-Request-Id").hasSize(1);
    return values.get(0);
  }

  private static String text(Response response) {
    return response.output().get(0).asMessage().content().get(0).asOutputText().text();
  }
}
