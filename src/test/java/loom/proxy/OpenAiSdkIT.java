package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.util.List;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The official OpenAI Java SDK works against the gateway by changing only its base URL and key. */
@ExtendWith(UpstreamExtension.class)
class OpenAiSdkIT {
  private final OpenAIClient client =
      OpenAIOkHttpClient.builder()
          .baseUrl(GatewayClient.base() + "/v1")
          .apiKey(GatewayClient.ADMIN_KEY)
          .maxRetries(0)
          .build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void chatCompletion(FakeUpstream upstream) {
    ChatCompletion completion = client.chat().completions().create(chat("mock/gpt-4o-mini"));

    assertThat(completion.choices().get(0).message().content()).hasValue("fake answer");
    assertThat(completion.usage())
        .hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(13));
    assertThat(upstream.lastRequest().bodyAsJson().path("model").asText()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void streamedChatCompletion() {
    StringBuilder content = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("mock/gpt-4o-mini"))) {
      stream.stream()
          .forEach(
              chunk ->
                  chunk
                      .choices()
                      .forEach(choice -> choice.delta().content().ifPresent(content::append)));
    }

    assertThat(content).hasToString("fake answer streamed");
  }

  @Test
  void demoProviderChatAndStreamAgree() {
    String whole =
        client
            .chat()
            .completions()
            .create(chat("demo/demo-chat"))
            .choices()
            .get(0)
            .message()
            .content()
            .orElseThrow();
    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("demo/demo-chat"))) {
      stream.stream()
          .forEach(
              chunk ->
                  chunk
                      .choices()
                      .forEach(choice -> choice.delta().content().ifPresent(streamed::append)));
    }

    assertThat(whole).startsWith("Demo reply to");
    assertThat(streamed).hasToString(whole);
  }

  @Test
  void retrievesAModel() {
    // The SDK encodes a slash in an id as %2F, which containers refuse by default (PROXY.md): a
    // bare name here.
    com.openai.models.models.Model model = client.models().retrieve("listed-model");

    assertThat(model.id()).isEqualTo("listed-model");
    assertThat(model.ownedBy()).isEqualTo("listed");
  }

  @Test
  void embeddings() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("demo/text-embedding-3-small")
                    .input("embed me")
                    .build());

    assertThat(response.data()).hasSize(1);
    assertThat(response.data().get(0).embedding()).hasSize(1536);
    assertThat(response.usage().promptTokens()).isPositive();
  }

  @Test
  void modelList() {
    List<String> ids = client.models().list().data().stream().map(Model::id).toList();

    assertThat(ids).contains("demo/demo-chat", "mock/fake-model-a", "listed/listed-model");
  }

  @Test
  void gatewayErrorsBecomeTheSdksOwnExceptions() {
    assertThatThrownBy(() -> client.chat().completions().create(chat("listed/not-listed")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("not-listed");
  }

  private static ChatCompletionCreateParams chat(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessage("Say this is a test")
        .build();
  }
}
