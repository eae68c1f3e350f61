package loom.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.OverloadedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official OpenAI and Anthropic Java SDKs read what {@link FakeUpstream} answers on the Responses
 * and Messages APIs, talking to it directly: the fake's shapes are ones real clients parse, so an IT
 * that fails through the gateway fails because of the gateway.
 */
// The first call of each SDK loads thousands of classes: seconds on a busy two-core machine.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeUpstreamSdkTest {
  /** The {@code anthropic-version} anthropic-java 3.16.0 sends. */
  static final String ANTHROPIC_SDK_VERSION_HEADER = "2026-10-21";

  private FakeUpstream upstream;
  private OpenAIClient openAi;
  private AnthropicClient anthropic;

  @BeforeEach
  void start() {
    upstream = FakeUpstream.start(0);
    openAi =
        OpenAIOkHttpClient.builder()
            .baseUrl(upstream.baseUrl())
            .apiKey("sk-test")
            .maxRetries(0)
            .build();
    anthropic =
        AnthropicOkHttpClient.builder()
            .baseUrl(upstream.root())
            .apiKey("sk-ant-test")
            .maxRetries(0)
            .build();
  }

  @AfterEach
  void stop() {
    openAi.close();
    anthropic.close();
    upstream.close();
  }

  @Test
  void openAiSdkReadsResponsesTheirStreamsAndTheCallsAboutOne() {
    Response created = openAi.responses().create(responses().build());
    List<ResponseStreamEvent> events;
    try (var stream = openAi.responses().createStreaming(responses().build())) {
      events = stream.stream().toList();
    }
    Response background = openAi.responses().create(responses().background(true).build());

    assertThat(text(created)).isEqualTo("fake answer");
    assertThat(created.usage())
        .hasValueSatisfying(
            usage -> {
              assertThat(usage.inputTokens()).isEqualTo(1000);
              assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(400);
              assertThat(usage.outputTokensDetails().reasoningTokens()).isEqualTo(100);
              assertThat(usage.totalTokens()).isEqualTo(1300);
            });
    assertThat(events)
        .extracting(event -> ObjectMappers.jsonMapper().valueToTree(event).path("type").asText())
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
    assertThat(text(events.get(10).asCompleted().response())).isEqualTo("fake answer");
    assertThat(openAi.responses().retrieve(created.id()).id()).isEqualTo(created.id());
    assertThat(openAi.responses().inputItems().list(created.id()).data()).hasSize(1);
    assertThat(openAi.responses().inputTokens().count().inputTokens()).isEqualTo(1000);
    openAi.responses().delete(created.id());
    assertThat(upstream.storesResponse(created.id())).isFalse();
    assertThat(background.status()).hasValue(ResponseStatus.QUEUED);
    assertThat(openAi.responses().retrieve(background.id()).status())
        .hasValue(ResponseStatus.IN_PROGRESS);
    assertThat(openAi.responses().retrieve(background.id()).status())
        .hasValue(ResponseStatus.COMPLETED);
  }

  @Test
  void anthropicSdkReadsMessagesTheirStreamsAndTokenCounts() {
    upstream.reportMessagesUsage(new MessagesUsage(50, 2000, 300, 100, 70));
    upstream.correctMessagesUsageInDelta(new MessagesUsage(5, 2000, 0, 0, 0));

    var message = anthropic.messages().create(messages().build());
    var accumulator = MessageAccumulator.create();
    List<RawMessageStreamEvent> events;
    try (var stream = anthropic.messages().createStreaming(messages().build())) {
      events = stream.stream().peek(accumulator::accumulate).toList();
    }
    var counted =
        anthropic
            .messages()
            .countTokens(
                MessageCountTokensParams.builder()
                    .model("claude-haiku-4-5")
                    .addUserMessage("hi")
                    .build());

    assertThat(message.content().get(0).asText().text()).isEqualTo("fake answer");
    assertThat(message.usage().inputTokens()).isEqualTo(50);
    assertThat(message.usage().cacheCreation())
        .hasValueSatisfying(writes -> assertThat(writes.ephemeral1hInputTokens()).isEqualTo(100));
    assertThat(events)
        .extracting(event -> event.type().toString())
        .containsExactly(
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    assertThat(events.get(0).asMessageStart().message().usage().inputTokens()).isEqualTo(5);
    assertThat(events.get(6).asMessageDelta().usage().inputTokens()).hasValue(50L);
    assertThat(events.get(6).asMessageDelta().usage().cacheReadInputTokens()).isEmpty();
    assertThat(accumulator.message().content().get(0).asText().text()).isEqualTo("fake answer");
    assertThat(accumulator.message().usage().outputTokens()).isEqualTo(70);
    assertThat(counted.inputTokens()).isEqualTo(2450);
  }

  /**
   * What the ITs must know about this SDK version: its {@code apiKey} goes out as a Bearer token, like
   * {@code authToken}; only a client that sets {@code x-api-key} itself sends one. Its
   * {@code anthropic-version} is its own, not 2023-06-01.
   */
  @Test
  void anthropicSdkSendsItsApiKeyAsABearerTokenAndAnXApiKeyOnlyWhenTold() {
    anthropic.messages().create(messages().build());
    var asBearer = upstream.lastRequest();
    var withHeader =
        AnthropicOkHttpClient.builder()
            .baseUrl(upstream.root())
            .putHeader("x-api-key", "sk-ant-header")
            .maxRetries(0)
            .build();
    try {
      withHeader.messages().create(messages().build());
    } finally {
      withHeader.close();
    }
    var asHeader = upstream.lastRequest();

    assertThat(asBearer.header("authorization")).isEqualTo("Bearer sk-ant-test");
    assertThat(asBearer.hasHeader("x-api-key")).isFalse();
    assertThat(asBearer.header("anthropic-version")).isEqualTo(ANTHROPIC_SDK_VERSION_HEADER);
    assertThat(asHeader.header("x-api-key")).isEqualTo("sk-ant-header");
    assertThat(asHeader.hasHeader("authorization")).isFalse();
  }

  @Test
  void anthropicSdkTurnsA529IntoItsOverloadedException() {
    upstream.failWith(FakeUpstream.Fault.ANTHROPIC_OVERLOADED);

    assertThatThrownBy(() -> anthropic.messages().create(messages().build()))
        .isInstanceOfSatisfying(
            OverloadedException.class,
            error -> {
              assertThat(error.statusCode()).isEqualTo(529);
              assertThat(error.type().map(Object::toString)).hasValue("overloaded_error");
            });
  }

  @Test
  void anthropicSdkFailsAStreamThatSendsAnErrorEvent() {
    upstream.failWith(FakeUpstream.Fault.STREAM_ERROR_EVENT);

    assertThatThrownBy(
            () -> {
              try (var stream = anthropic.messages().createStreaming(messages().build())) {
                stream.stream().forEach(event -> {});
              }
            })
        .isInstanceOf(com.anthropic.errors.AnthropicServiceException.class)
        .hasMessageContaining("Overloaded");
  }

  private static ResponseCreateParams.Builder responses() {
    return ResponseCreateParams.builder().model("gpt-5-mini").input("Say this is a test");
  }

  private static MessageCreateParams.Builder messages() {
    return MessageCreateParams.builder()
        .model("claude-haiku-4-5")
        .maxTokens(64)
        .addUserMessage("Say this is a test");
  }

  private static String text(Response response) {
    return response.output().get(0).asMessage().content().get(0).asOutputText().text();
  }
}
