package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.Completion;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import loom.config.ProviderConfig;
import loom.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoProviderTest {
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DemoProvider demo =
      new DemoProvider(
          ProviderConfig.demo(ServerConfig.defaults()), JSON, Clock.fixed(NOW, ZoneOffset.UTC));

  // Chat ---

  @Test
  void samePromptGivesByteIdenticalContent() {
    assertThat(content(chat(messages("Tell me about rivers"))))
        .isEqualTo(content(chat(messages("Tell me about rivers"))));
  }

  @Test
  void differentPromptGivesDifferentContent() {
    assertThat(content(chat(messages("Tell me about rivers"))))
        .isNotEqualTo(content(chat(messages("Tell me about mountains"))));
  }

  @Test
  void replyQuotesTheStartOfTheLastUserMessage() {
    String longQuestion =
        "Why is the sky blue during the day but red and orange at sunset, every single time?";
    String body =
        """
        {"model":"demo-chat","messages":[{"role":"system","content":"Be brief."},
         {"role":"user","content":"First question"},{"role":"assistant","content":"First answer"},
         {"role":"user","content":[{"type":"text","text":"%s"}]}]}"""
            .formatted(longQuestion);

    assertThat(content(chat(body)))
        .startsWith("Demo reply to \"" + longQuestion.substring(0, 60).stripTrailing() + "...\": ")
        .endsWith(".");
  }

  @Test
  void chatResponseHasOpenAiShape() {
    JsonNode response = chat(messages("Hello"));

    assertThat(response.get("id").asText()).startsWith("chatcmpl-demo");
    assertThat(response.get("object").asText()).isEqualTo("chat.completion");
    assertThat(response.get("created").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(response.get("model").asText()).isEqualTo("demo-chat");
    assertThat(response.get("system_fingerprint").asText()).isEqualTo("loom-demo");
    JsonNode choice = response.get("choices").get(0);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
    assertThat(choice.get("message").get("refusal").isNull()).isTrue();
    assertThat(choice.get("logprobs").isNull()).isTrue();
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    assertThat(response.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isZero();
  }

  @Test
  void usageAddsUpAndGrowsWithThePrompt() {
    JsonNode shortUsage = chat(messages("Hi")).get("usage");
    JsonNode longUsage =
        chat(messages("Hi, please explain in detail how tides follow the moon")).get("usage");

    for (JsonNode usage : List.of(shortUsage, longUsage)) {
      assertThat(usage.get("total_tokens").asInt())
          .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
    }
    // 3 priming + 3 per message + "user" (1) + "Hi" (1)
    assertThat(shortUsage.get("prompt_tokens").asInt()).isEqualTo(8);
    assertThat(longUsage.get("prompt_tokens").asInt())
        .isGreaterThan(shortUsage.get("prompt_tokens").asInt());
  }

  @Test
  void completionTokensAreTheTokensOfTheContent() {
    JsonNode response = chat(messages("Count me"));

    assertThat(response.at("/usage/completion_tokens").asInt())
        .isEqualTo(DemoText.tokens(content(response)));
  }

  @Test
  void tokenEstimateCountsQuartersOfWordsAndEachPunctuationMark() {
    assertThat(DemoText.tokens("Hello, world!")).isEqualTo(6);
    assertThat(DemoText.tokens("a extraordinary")).isEqualTo(1 + 4);
    assertThat(DemoText.tokens("  ")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"max_tokens", "max_completion_tokens"})
  void tokenLimitTruncatesAndReportsLength(String limitField) {
    String body =
        """
        {"model":"demo-chat","messages":[{"role":"user","content":"Tell me a long story"}],"%s":5}"""
            .formatted(limitField);

    JsonNode response = chat(body);

    assertThat(response.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(response.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(content(chat(messages("Tell me a long story")))).startsWith(content(response));
  }

  @Test
  void nGivesThatManyDifferentDeterministicChoices() {
    String body =
        """
        {"model":"demo-chat","messages":[{"role":"user","content":"Ideas please"}],"n":3}""";

    JsonNode response = chat(body);

    List<String> contents = new ArrayList<>();
    for (int index = 0; index < 3; index++) {
      assertThat(response.at("/choices/" + index + "/index").asInt()).isEqualTo(index);
      contents.add(response.at("/choices/" + index + "/message/content").asText());
    }
    assertThat(response.get("choices")).hasSize(3);
    assertThat(contents).doesNotHaveDuplicates();
    assertThat(contents.get(0)).isEqualTo(content(chat(messages("Ideas please"))));
    assertThat(chat(body).get("choices")).isEqualTo(response.get("choices"));
    assertThat(response.at("/usage/completion_tokens").asInt())
        .isEqualTo(contents.stream().mapToInt(DemoText::tokens).sum());
  }

  @Test
  void choicesOutsideOneToEightGet400() {
    JsonNode error =
        errorOf(
            Endpoint.CHAT_COMPLETIONS,
            """
        {"model":"demo-chat","messages":[{"role":"user","content":"x"}],"n":9}""");

    assertThat(error.at("/error/param").asText()).isEqualTo("n");
  }

  // Chat streaming ---

  @Test
  void streamedDeltasConcatenateToTheNonStreamedContent() {
    UpstreamResponse response =
        send(Endpoint.CHAT_COMPLETIONS, streaming(messages("Stream this"), false), true);
    String sse = text(response);
    List<JsonNode> chunks = chunks(sse);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("text/event-stream; charset=utf-8");
    assertThat(sse).endsWith("data: [DONE]\n\n");
    assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(chunks.get(0).at("/choices/0/delta/content").asText()).isEmpty();
    StringBuilder content = new StringBuilder();
    chunks.forEach(chunk -> content.append(chunk.at("/choices/0/delta/content").asText()));
    assertThat(content.toString()).isEqualTo(content(chat(messages("Stream this"))));
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.at("/choices/0/delta").isEmpty()).isTrue();
    assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(chunks)
        .allSatisfy(
            chunk -> {
              assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
              assertThat(chunk.get("id")).isEqualTo(chunks.get(0).get("id"));
              assertThat(chunk.has("usage")).isFalse();
            });
  }

  @Test
  void usageChunkComesLastAndOnlyWhenRequested() {
    List<JsonNode> chunks =
        chunks(text(send(Endpoint.CHAT_COMPLETIONS, streaming(messages("Usage?"), true), true)));

    JsonNode usageChunk = chunks.get(chunks.size() - 1);
    assertThat(usageChunk.get("choices")).isEmpty();
    assertThat(usageChunk.get("usage")).isEqualTo(chat(messages("Usage?")).get("usage"));
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(chunk -> assertThat(chunk.get("usage").isNull()).isTrue());
  }

  @Test
  void streamWithSeveralChoicesCarriesEachChoiceByIndex() {
    String body =
        """
        {"model":"demo-chat","messages":[{"role":"user","content":"Two"}],"n":2,"stream":true}""";

    List<JsonNode> chunks = chunks(text(send(Endpoint.CHAT_COMPLETIONS, body, true)));

    JsonNode whole = chat(body.replace(",\"stream\":true", ""));
    for (int index = 0; index < 2; index++) {
      StringBuilder content = new StringBuilder();
      for (JsonNode chunk : chunks) {
        if (chunk.at("/choices/0/index").asInt() == index) {
          content.append(chunk.at("/choices/0/delta/content").asText());
        }
      }
      assertThat(content.toString())
          .isEqualTo(whole.at("/choices/" + index + "/message/content").asText());
    }
  }

  // Legacy completions ---

  @Test
  void legacyCompletionAnswersWholeAndStreamed() {
    String body =
        """
        {"model":"demo-chat","prompt":["Once upon a time"]}""";

    JsonNode whole = json(send(Endpoint.COMPLETIONS, body, false));
    List<JsonNode> chunks = chunks(text(send(Endpoint.COMPLETIONS, streaming(body, true), true)));

    assertThat(whole.get("object").asText()).isEqualTo("text_completion");
    assertThat(whole.get("id").asText()).startsWith("cmpl-demo");
    String text = whole.at("/choices/0/text").asText();
    assertThat(text).startsWith("Demo reply to \"Once upon a time\": ");
    assertThat(whole.at("/usage/total_tokens").asInt())
        .isEqualTo(
            whole.at("/usage/prompt_tokens").asInt()
                + whole.at("/usage/completion_tokens").asInt());
    StringBuilder streamed = new StringBuilder();
    chunks.forEach(chunk -> streamed.append(chunk.at("/choices/0/text").asText()));
    assertThat(streamed.toString()).isEqualTo(text);
    assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText())
        .isEqualTo("stop");
    assertThat(chunks.get(chunks.size() - 1).get("choices")).isEmpty();
    assertThat(chunks.get(chunks.size() - 1).get("usage")).isEqualTo(whole.get("usage"));
  }

  // Embeddings ---

  @Test
  void arrayInputGetsOneUnitVectorPerItemInOrder() {
    JsonNode response =
        json(
            send(
                Endpoint.EMBEDDINGS,
                """
        {"model":"demo-embedding","input":["alpha","beta","gamma"]}""",
                false));

    assertThat(response.get("object").asText()).isEqualTo("list");
    assertThat(response.get("model").asText()).isEqualTo("demo-embedding");
    assertThat(response.get("data")).hasSize(3);
    for (int index = 0; index < 3; index++) {
      JsonNode item = response.get("data").get(index);
      assertThat(item.get("index").asInt()).isEqualTo(index);
      assertThat(item.get("object").asText()).isEqualTo("embedding");
      assertThat(norm(floats(item.get("embedding")))).isCloseTo(1.0, within(1e-5));
    }
    assertThat(floats(response.at("/data/1/embedding"))).isEqualTo(embedding("\"beta\"", ""));
    assertThat(response.at("/usage/prompt_tokens").asInt())
        .isEqualTo(5)
        .isEqualTo(response.at("/usage/total_tokens").asInt());
  }

  @Test
  void vectorsHaveDefaultOrRequestedDimensions() {
    assertThat(embedding("\"text\"", "")).hasSize(1536);
    assertThat(embedding("\"text\"", ",\"dimensions\":256")).hasSize(256);
  }

  @Test
  void sameTextGivesSameVectorAndOtherTextAnother() {
    assertThat(embedding("\"same\"", "")).isEqualTo(embedding("\"same\"", ""));
    assertThat(embedding("\"same\"", "")).isNotEqualTo(embedding("\"other\"", ""));
  }

  @Test
  void base64DecodesToTheSameFloatsAsFloatFormat() {
    JsonNode response =
        json(
            send(
                Endpoint.EMBEDDINGS,
                """
        {"model":"demo-embedding","input":"encode me","encoding_format":"base64"}""",
                false));

    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(response.at("/data/0/embedding").asText()))
            .order(ByteOrder.LITTLE_ENDIAN);
    float[] decoded = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(decoded);
    assertThat(decoded).isEqualTo(embedding("\"encode me\"", ""));
  }

  @Test
  void tokenArraysAreAcceptedAsInput() {
    JsonNode response =
        json(
            send(
                Endpoint.EMBEDDINGS,
                """
        {"model":"demo-embedding","input":[[1,2,3],[4,5]]}""",
                false));

    assertThat(response.get("data")).hasSize(2);
    assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"\"",
        "[]",
        "[\"ok\",\"\"]",
        "[\"ok\",1]",
        "[[]]",
        "{\"text\":\"x\"}",
        "42",
        "null",
        "[-1]"
      })
  void badEmbeddingInputGetsOpenAiShaped400(String input) {
    JsonNode error =
        errorOf(Endpoint.EMBEDDINGS, "{\"model\":\"demo-embedding\",\"input\":" + input + "}");

    assertThat(error.get("error").get("message").asText()).isNotBlank();
    assertThat(error.get("error").get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("error").get("param").asText()).isEqualTo("input");
    assertThat(error.get("error").get("code").asText()).isEqualTo("invalid_input");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"dimensions\":0",
        "\"dimensions\":3073",
        "\"dimensions\":\"64\"",
        "\"encoding_format\":\"hex\""
      })
  void badEmbeddingOptionsGet400NamingTheParameter(String option) {
    JsonNode error =
        errorOf(
            Endpoint.EMBEDDINGS, "{\"model\":\"demo-embedding\",\"input\":\"x\"," + option + "}");

    assertThat(option).startsWith("\"" + error.at("/error/param").asText() + "\"");
  }

  // Everything else ---

  @Test
  void otherEndpointsGetOpenAiShaped404() {
    UpstreamResponse response = send(Endpoint.MODELS, "{}", false);

    assertThat(response.status()).isEqualTo(404);
    assertThat(json(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void listsItsTwoModels() {
    assertThat(demo.listModels()).containsExactly("demo-chat", "demo-embedding");
  }

  @Test
  void openAiSdkParsesEveryResponseShape() throws IOException {
    ObjectMapper sdk = ObjectMappers.jsonMapper();
    String chatBody =
        """
        {"model":"demo-chat","messages":[{"role":"user","content":"SDK"}],"n":2,"max_tokens":12}""";

    ChatCompletion completion =
        sdk.readValue(text(send(Endpoint.CHAT_COMPLETIONS, chatBody, false)), ChatCompletion.class)
            .validate();
    for (JsonNode chunk :
        chunks(text(send(Endpoint.CHAT_COMPLETIONS, streaming(chatBody, true), true)))) {
      sdk.treeToValue(chunk, ChatCompletionChunk.class).validate();
    }
    String legacyBody = "{\"model\":\"m\",\"prompt\":\"p\"}";
    for (JsonNode chunk :
        chunks(text(send(Endpoint.COMPLETIONS, streaming(legacyBody, true), true)))) {
      // Not validated: OpenAI's own legacy chunks carry finish_reason null, which the SDK's schema
      // marks required.
      sdk.treeToValue(chunk, Completion.class)
          .choices()
          .forEach(choice -> assertThat(choice.text()).isNotNull());
    }
    sdk.readValue(text(send(Endpoint.COMPLETIONS, legacyBody, false)), Completion.class).validate();
    CreateEmbeddingResponse embeddings =
        sdk.readValue(
                text(
                    send(
                        Endpoint.EMBEDDINGS,
                        """
        {"model":"demo-embedding","input":"sdk","encoding_format":"base64","dimensions":8}""",
                        false)),
                CreateEmbeddingResponse.class)
            .validate();

    assertThat(completion.choices()).hasSize(2);
    assertThat(completion.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    List<Float> floats = embeddings.data().get(0).embeddingValue().asFloats();
    float[] expected = embedding("\"sdk\"", ",\"dimensions\":8");
    for (int index = 0; index < expected.length; index++) {
      assertThat(floats.get(index)).isEqualTo(expected[index]);
    }
  }

  // Helpers ---

  private static String messages(String userMessage) {
    var body = JSON.createObjectNode().put("model", "demo-chat");
    body.putArray("messages").addObject().put("role", "user").put("content", userMessage);
    return body.toString();
  }

  private static String streaming(String body, boolean includeUsage) {
    String options = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
    return body.substring(0, body.lastIndexOf('}')) + ",\"stream\":true" + options + "}";
  }

  private UpstreamResponse send(Endpoint endpoint, String body, boolean stream) {
    return demo.send(
        new UpstreamRequest(endpoint, body.getBytes(StandardCharsets.UTF_8), List.of(), stream));
  }

  private JsonNode chat(String body) {
    UpstreamResponse response = send(Endpoint.CHAT_COMPLETIONS, body, false);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    return json(response);
  }

  private JsonNode errorOf(Endpoint endpoint, String body) {
    UpstreamResponse response = send(endpoint, body, false);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/json");
    return json(response);
  }

  private float[] embedding(String input, String options) {
    JsonNode response =
        json(
            send(
                Endpoint.EMBEDDINGS,
                "{\"model\":\"demo-embedding\",\"input\":" + input + options + "}",
                false));
    return floats(response.at("/data/0/embedding"));
  }

  private static String content(JsonNode chatResponse) {
    return chatResponse.at("/choices/0/message/content").asText();
  }

  private static String text(UpstreamResponse response) {
    try (response) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(UpstreamResponse response) {
    try {
      return JSON.readTree(text(response));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON events of a stream, checking the framing and dropping the final [DONE]. */
  private static List<JsonNode> chunks(String sse) {
    assertThat(sse).endsWith("data: [DONE]\n\n");
    List<JsonNode> chunks = new ArrayList<>();
    for (String event : sse.split("\n\n")) {
      assertThat(event).startsWith("data: ");
      if (!event.equals("data: [DONE]")) {
        try {
          chunks.add(JSON.readTree(event.substring("data: ".length())));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return chunks;
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int index = 0; index < values.length; index++) {
      values[index] = array.get(index).floatValue();
    }
    return values;
  }

  private static double norm(float[] vector) {
    return Math.sqrt(Arrays.stream(toDoubles(vector)).map(value -> value * value).sum());
  }

  private static double[] toDoubles(float[] vector) {
    double[] values = new double[vector.length];
    for (int index = 0; index < vector.length; index++) {
      values[index] = vector[index];
    }
    return values;
  }
}
