package loom.proxy;

import static loom.testing.LoggedRows.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import loom.testing.ApiClient;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.LoggedRows;
import loom.testing.MessagesUsage;
import loom.testing.RecordedRequest;
import loom.testing.SseEvents;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Anthropic Java SDK through the gateway's {@code /v1/messages}, to the fake upstream as provider
 * {@code anthropic} of loom-it.yaml (type anthropic, {@code claude-haiku-4-5} on its allow-list), with a Loom key
 * sent either way Anthropic clients send one. The provider must get its own key, never the client's.
 */
@ExtendWith(UpstreamExtension.class)
@Timeout(
    value = 60,
    unit = TimeUnit.SECONDS) // a stream the gateway never ends must not hang the build
class AnthropicSdkIT {
  /** On the anthropic provider's allow-list; in the price list at $1/M input, $0.10 cache read, $1.25 cache write (5 min), $5 output. */
  private static final String MODEL = "claude-haiku-4-5";

  /** providers[anthropic].api_key in loom-it.yaml. */
  private static final String PROVIDER_KEY = "sk-upstream-anthropic-key";

  /** What anthropic-java 3.16.0 sends (FakeUpstreamSdkTest): the gateway must pass it on, not put its default there. */
  private static final String SDK_ANTHROPIC_VERSION = "2026-10-21";

  /** The events the SDK reports of the fake's stream (it drops {@code ping}). */
  private static final List<String> SDK_STREAM_EVENTS =
      List.of(
          "message_start",
          "content_block_start",
          "content_block_delta",
          "content_block_delta",
          "content_block_delta",
          "content_block_stop",
          "message_delta",
          "message_stop");

  private static String loomKey;
  private final List<AnthropicClient> clients = new ArrayList<>();

  /** The two ways Anthropic clients send a key (CLIENTS.md: Claude Code's ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN). */
  enum KeyStyle {
    /**
     * {@code x-api-key}. anthropic-java 3.16.0 sends even its {@code apiKey} as a Bearer token, so the header is set
     * as Claude Code sets it.
     */
    X_API_KEY(builder -> builder.putHeader("x-api-key", loomKey)),
    /** {@code Authorization: Bearer}: the SDK's {@code authToken}. */
    BEARER(builder -> builder.authToken(loomKey));

    private final Function<AnthropicOkHttpClient.Builder, AnthropicOkHttpClient.Builder>
        credentials;

    KeyStyle(Function<AnthropicOkHttpClient.Builder, AnthropicOkHttpClient.Builder> credentials) {
      this.credentials = credentials;
    }
  }

  @BeforeAll
  static void makeALoomKey() {
    loomKey = ApiClient.admin().newUserWithKey("anthropic-sdk", "user").path("key").asText();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(AnthropicClient::close);
  }

  @ParameterizedTest
  @EnumSource(KeyStyle.class)
  void aMessageIsAnsweredAndTheProviderGetsItsOwnKeyAndTheClientsHeaders(
      KeyStyle style, FakeUpstream upstream) throws Exception {
    Message message;
    String requestId;
    try (HttpResponseFor<Message> raw =
        client(style).messages().withRawResponse().create(params().build())) {
      requestId = requestId(raw.headers().values("X-Loom-Request-Id"));
      message = raw.parse();
    }

    assertThat(message.content().get(0).asText().text()).isEqualTo("fake answer");
    assertThat(message.usage().outputTokens()).isEqualTo(120);
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /v1/messages");
    assertProvidersKeyOnly(sent);
    assertThat(sent.header("anthropic-version")).isEqualTo(SDK_ANTHROPIC_VERSION);
    assertThat(sent.bodyAsJson().path("model").asText()).isEqualTo(MODEL);
    Map<String, Object> row = LoggedRows.await(requestId);
    assertThat(row.get("path")).isEqualTo("/v1/messages");
    assertThat(row.get("provider_id")).isEqualTo("anthropic");
    assertThat(row.get("model_name")).isEqualTo(MODEL);
    assertThat(number(row, "status_code")).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(KeyStyle.class)
  void aStreamedMessageReachesTheClientEventByEvent(KeyStyle style, FakeUpstream upstream)
      throws Exception {
    List<RawMessageStreamEvent> events;
    try (StreamResponse<RawMessageStreamEvent> stream =
        client(style).messages().createStreaming(params().build())) {
      events = stream.stream().toList();
    }

    assertThat(events)
        .extracting(event -> event.type().toString())
        .containsExactlyElementsOf(SDK_STREAM_EVENTS);
    StringBuilder text = new StringBuilder();
    events.stream()
        .filter(RawMessageStreamEvent::isContentBlockDelta)
        .forEach(event -> text.append(event.asContentBlockDelta().delta().asText().text()));
    assertThat(text).hasToString("fake answer");
    assertThat(upstream.awaitStreamCompleted(Duration.ofSeconds(5))).isTrue();
    assertProvidersKeyOnly(upstream.lastRequest());
  }

  @Test
  void aClaudeCodeStyleStreamKeepsItsQueryItsBetasItsEventLinesAndItsPings(FakeUpstream upstream) {
    // As Claude Code calls (CLIENTS.md): ?beta=true, a list of betas, the version, the key as a
    // Bearer token.
    HttpResponse<String> response =
        GatewayClient.anonymous()
            .postJson(
                "/v1/messages?beta=true",
                "{\"model\":\""
                    + MODEL
                    + "\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization",
                "Bearer " + loomKey,
                "anthropic-version",
                "2023-06-01",
                "anthropic-beta",
                "claude-code-20250219,interleaved-thinking-2025-05-14",
                "x-app",
                "cli");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.query()).isEqualTo("beta=true");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("anthropic-beta"))
        .isEqualTo("claude-code-20250219,interleaved-thinking-2025-05-14");
    assertThat(sent.header("x-app")).isEqualTo("cli");
    assertProvidersKeyOnly(sent);
    List<SseEvents.Event> events = SseEvents.parse(response.body());
    // Claude Code silently falls back to stream: false when the event: lines are missing
    // (CLIENTS.md).
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
    assertThat(events).allSatisfy(event -> assertThat(event.type()).isEqualTo(event.name()));
  }

  @Test
  void theSdksBetasReachTheProvider(FakeUpstream upstream) {
    var beta =
        com.anthropic.models.beta.messages.MessageCreateParams.builder()
            .model(MODEL)
            .maxTokens(64)
            .addUserMessage("hi")
            .addBeta("prompt-caching-2024-07-31")
            .addBeta("context-management-2025-06-27")
            .build();

    var message = client(KeyStyle.X_API_KEY).beta().messages().create(beta);

    assertThat(message.content().get(0).asText().text()).isEqualTo("fake answer");
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("anthropic-beta"))
        .isEqualTo("prompt-caching-2024-07-31,context-management-2025-06-27");
    assertProvidersKeyOnly(sent);
  }

  @Test
  void theUsageOfMessageDeltaReplacesWhatMessageStartSaidAndIsLoggedWithTheCacheTokens(
      FakeUpstream upstream) throws Exception {
    upstream.reportMessagesUsage(new MessagesUsage(50, 2000, 400, 0, 70));
    upstream.correctMessagesUsageInDelta(new MessagesUsage(5, 200, 0, 0, 0));

    String requestId;
    List<RawMessageStreamEvent> events;
    try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> raw =
        client(KeyStyle.BEARER).messages().withRawResponse().createStreaming(params().build())) {
      requestId = requestId(raw.headers().values("X-Loom-Request-Id"));
      try (StreamResponse<RawMessageStreamEvent> stream = raw.parse()) {
        events = stream.stream().toList();
      }
    }

    assertThat(events.get(0).asMessageStart().message().usage().inputTokens()).isEqualTo(5);
    assertThat(events.get(6).asMessageDelta().usage().inputTokens()).hasValue(50L);
    Map<String, Object> row = LoggedRows.await(requestId);
    // Anthropic's input_tokens leave out cache reads and writes: the input is 50 + 2,000 + 400, the
    // delta's values.
    assertThat(number(row, "prompt_tokens")).isEqualTo(2450);
    assertThat(number(row, "cached_tokens")).isEqualTo(2000);
    assertThat(number(row, "completion_tokens")).isEqualTo(70);
    assertThat(number(row, "total_tokens")).isEqualTo(2520);
    assertThat(row.get("stream")).isIn(List.of(1, 1L, true));
    // Being added with the Messages proxy: the log JSON's own field for cache writes.
    JsonNode logged = LoggedRows.asApiJson(row);
    assertThat(logged.path("cached_tokens").asLong()).isEqualTo(2000);
    assertThat(logged.path("cache_write_tokens").asLong()).isEqualTo(400);
  }

  @Test
  void aMessageIsChargedAtClaudesPricesWithCacheReadsAndWritesAtTheirOwn(FakeUpstream upstream)
      throws Exception {
    upstream.reportMessagesUsage(new MessagesUsage(50, 2000, 400, 0, 70));

    String requestId;
    try (HttpResponseFor<Message> raw =
        client(KeyStyle.X_API_KEY).messages().withRawResponse().create(params().build())) {
      requestId = requestId(raw.headers().values("X-Loom-Request-Id"));
    }
    Map<String, Object> row = LoggedRows.await(requestId);

    // claude-haiku-4-5 per million tokens: 50 × $1 + 2,000 × $0.10 + 400 × $1.25 (five-minute
    // writes) + 70 × $5 = $1,100 per million, so $0.0011 = 1,100,000 nano-dollars (writes at the
    // input price would give 1,000,000).
    assertThat(number(row, "cost_nanos")).isEqualTo(1_100_000);
    assertThat(row.get("price_version")).asString().isNotBlank();
  }

  @Test
  void anOverloadedProviderReachesTheSdkAsAnthropicsOverloadedError(FakeUpstream upstream)
      throws Exception {
    upstream.failWith(FakeUpstream.Fault.ANTHROPIC_OVERLOADED);

    OverloadedException overloaded =
        catchThe(
            OverloadedException.class,
            () -> client(KeyStyle.X_API_KEY).messages().create(params().build()));

    assertThat(overloaded.statusCode()).isEqualTo(529);
    assertThat(overloaded.type().map(Object::toString)).hasValue("overloaded_error");
    assertThat(overloaded.body().toString()).contains("Overloaded");
    Map<String, Object> row =
        LoggedRows.await(requestId(overloaded.headers().values("X-Loom-Request-Id")));
    assertThat(number(row, "status_code")).isEqualTo(529);
    assertThat(row.get("provider_id")).isEqualTo("anthropic");
  }

  @Test
  void aRateLimitedProviderReachesTheSdkWithItsRetryAfter(FakeUpstream upstream) {
    upstream.failWith(FakeUpstream.Fault.ANTHROPIC_RATE_LIMITED);

    RateLimitException limited =
        catchThe(
            RateLimitException.class,
            () -> client(KeyStyle.BEARER).messages().create(params().build()));

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.type().map(Object::toString)).hasValue("rate_limit_error");
    assertThat(limited.headers().values("retry-after"))
        .containsExactly(String.valueOf(FakeUpstream.Fault.RETRY_AFTER_SECONDS));
  }

  @Test
  void anErrorEventMidStreamReachesTheSdkAndTheStreamIsNotCached(FakeUpstream upstream) {
    upstream.failWith(FakeUpstream.Fault.STREAM_ERROR_EVENT);
    MessageCreateParams params = params().build();

    assertThatThrownBy(
            () -> {
              try (StreamResponse<RawMessageStreamEvent> stream =
                  client(KeyStyle.X_API_KEY).messages().createStreaming(params)) {
                stream.stream().forEach(event -> {});
              }
            })
        .isInstanceOf(AnthropicServiceException.class)
        .hasMessageContaining("Overloaded");
    upstream.reset();
    try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> raw =
        client(KeyStyle.X_API_KEY).messages().withRawResponse().createStreaming(params)) {
      assertThat(raw.headers().values("X-Loom-Cache")).containsExactly("MISS");
      try (StreamResponse<RawMessageStreamEvent> stream = raw.parse()) {
        assertThat(stream.stream().toList())
            .extracting(event -> event.type().toString())
            .last()
            .isEqualTo("message_stop");
      }
    }
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void aMissingKeyGetsAnAnthropicShaped401AndAWrongOneTheSdksUnauthorizedError(
      FakeUpstream upstream) throws Exception {
    HttpResponse<String> keyless =
        GatewayClient.anonymous()
            .postJson(
                "/v1/messages",
                "{\"model\":\""
                    + MODEL
                    + "\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "anthropic-version",
                "2023-06-01");
    AnthropicClient wrong =
        track(
            AnthropicOkHttpClient.builder()
                .baseUrl(GatewayClient.base())
                .putHeader("x-api-key", "lk-not-a-key-" + UUID.randomUUID())
                .maxRetries(0)
                .build());

    UnauthorizedException refused =
        catchThe(UnauthorizedException.class, () -> wrong.messages().create(params().build()));

    assertThat(keyless.statusCode()).isEqualTo(401);
    JsonNode body = ApiClient.json(keyless, 401);
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("authentication_error");
    assertThat(body.at("/error/message").asText()).isNotBlank();
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.type().map(Object::toString)).hasValue("authentication_error");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void aSystemRoleMessageAndCacheControlBlocksReachTheProviderByteForByte(FakeUpstream upstream) {
    // Odd spacing and key order on purpose: a gateway that re-serialises the body would change
    // them.
    String body =
        "{ \"messages\" : [ {\"role\":\"system\", \"content\":\"Be brief.\"},"
            + " {\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],\"role\":\"user\"} ],"
            + "\n \"system\":[{\"type\":\"text\",\"text\":\"You are Claude.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
            + " \"max_tokens\": 64, \"model\": \""
            + MODEL
            + "\", \"metadata\":{\"user_id\":\"{\\\"device_id\\\":\\\"d1\\\"}\"} }";

    HttpResponse<String> response =
        GatewayClient.anonymous()
            .postJson(
                "/v1/messages", body, "x-api-key", loomKey, "anthropic-version", "2023-06-01");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(upstream.lastRequest().body()).isEqualTo(body);
  }

  @Test
  void theSdksSystemRoleMessageAndCacheControlArriveAsSent(FakeUpstream upstream) {
    MessageCreateParams params =
        MessageCreateParams.builder()
            .model(MODEL)
            .maxTokens(64)
            .systemOfTextBlockParams(
                List.of(
                    TextBlockParam.builder()
                        .text("You are Claude.")
                        .cacheControl(CacheControlEphemeral.builder().build())
                        .build()))
            .addSystemMessage("Be brief.")
            .addUserMessage("hi")
            .build();

    client(KeyStyle.BEARER).messages().create(params);

    JsonNode sent = upstream.lastRequest().bodyAsJson();
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Be brief.");
    assertThat(sent.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
  }

  @Test
  void countTokensIsForwardedAndAnswered(FakeUpstream upstream) {
    var counted =
        client(KeyStyle.X_API_KEY)
            .messages()
            .countTokens(
                MessageCountTokensParams.builder().model(MODEL).addUserMessage("hi").build());

    assertThat(counted.inputTokens()).isEqualTo(MessagesUsage.DEFAULT.totalInputTokens());
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.method() + " " + sent.path()).isEqualTo("POST /v1/messages/count_tokens");
    assertProvidersKeyOnly(sent);
  }

  // Helpers ---

  private AnthropicClient client(KeyStyle style) {
    return track(
        style
            .credentials
            .apply(AnthropicOkHttpClient.builder().baseUrl(GatewayClient.base()).maxRetries(0))
            .build());
  }

  private AnthropicClient track(AnthropicClient client) {
    clients.add(client);
    return client;
  }

  private static MessageCreateParams.Builder params() {
    return MessageCreateParams.builder()
        .model(MODEL)
        .maxTokens(64)
        .addUserMessage("Say this is a test " + UUID.randomUUID());
  }

  /** The provider got its own key as x-api-key, and no header carried the client's Loom key. */
  private static void assertProvidersKeyOnly(RecordedRequest sent) {
    assertThat(sent.header("x-api-key")).isEqualTo(PROVIDER_KEY);
    assertThat(sent.hasHeader("authorization")).as("the client's Authorization").isFalse();
    sent.headers()
        .forEach(
            (name, values) ->
                assertThat(values)
                    .as("header %s", name)
                    .noneMatch(value -> value.contains(loomKey)));
  }

  private static String requestId(List<String> values) {
    assertThat(values).as("X-Loom-Request-Id").hasSize(1);
    return values.get(0);
  }

  private static <T extends Throwable> T catchThe(Class<T> type, Runnable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(type);
    return type.cast(thrown);
  }
}
