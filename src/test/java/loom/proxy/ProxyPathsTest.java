package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import loom.config.WireApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which API a /v1 path is, which calls are about a stored response, and what a passed-through body routes by. */
class ProxyPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @CsvSource({
    "/messages, MESSAGES",
    "/messages/count_tokens, MESSAGES",
    "/messages/batches, MESSAGES",
    "/messagesx, CHAT",
    "/responses, RESPONSES",
    "/responses/resp_1/input_items, RESPONSES",
    "/chat/completions, CHAT",
    "/images/generations, CHAT",
    "/, CHAT"
  })
  void aPathBelongsToTheApiOfItsFirstSegment(String path, WireApi api) {
    assertThat(Endpoint.apiOf(path)).isEqualTo(api);
  }

  @ParameterizedTest
  @CsvSource({
    "/responses/resp_1, resp_1, '', 'GET, DELETE'",
    "/responses/resp_1/input_items, resp_1, input_items, GET",
    "/responses/resp_1/cancel, resp_1, cancel, POST"
  })
  void callsAboutAStoredResponseAreReadFromThePath(
      String path, String id, String action, String methods) {
    StoredResponseCall call = StoredResponseCall.of(path).orElseThrow();
    assertThat(call).isEqualTo(new StoredResponseCall(id, action));
    assertThat(call.allowedMethods()).isEqualTo(methods);
  }

  @ParameterizedTest
  @CsvSource({"/responses", "/responses/", "/responses/resp_1/other", "/chat/completions"})
  void otherPathsAreNotAboutAStoredResponse(String path) {
    assertThat(StoredResponseCall.of(path)).isEmpty();
  }

  @Test
  void onlyARetrieveOrACancelAnswersWithTheResponseItself() {
    assertThat(new StoredResponseCall("r", "").answersWithResponse("GET")).isTrue();
    assertThat(new StoredResponseCall("r", "").answersWithResponse("DELETE")).isFalse();
    assertThat(new StoredResponseCall("r", "cancel").answersWithResponse("POST")).isTrue();
    assertThat(new StoredResponseCall("r", "input_items").answersWithResponse("GET")).isFalse();
  }

  @Test
  void aMultipartUploadRoutesByItsModelFieldWhichLosesOnlyItsPrefix() throws IOException {
    String type = "multipart/form-data; boundary=----b0undary";
    String body =
        "------b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
            + "Content-Type: audio/wav\r\n\r\nRIFF\u0000\u00ff binary model bytes\r\n"
            + "------b0undary\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nopenai/whisper-1\r\n"
            + "------b0undary--\r\n";
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    PassThroughBody upload = PassThroughBody.of(bytes, type, JSON);
    assertThat(upload.model()).isEqualTo("openai/whisper-1");

    byte[] renamed = upload.withModel("whisper-1", JSON);
    assertThat(new String(renamed, StandardCharsets.ISO_8859_1))
        .isEqualTo(body.replace("openai/whisper-1", "whisper-1"));
    assertThat(upload.withModel("openai/whisper-1", JSON)).isSameAs(bytes);
  }

  @Test
  void aJsonBodyRoutesByItsModelAndABodyWithoutOneByNone() throws IOException {
    PassThroughBody moderation =
        PassThroughBody.of(
            bytes("{\"model\":\"demo/omni-moderation\",\"input\":\"x\"}"),
            "application/json",
            JSON);
    assertThat(moderation.model()).isEqualTo("demo/omni-moderation");
    assertThat(JSON.readTree(moderation.withModel("omni-moderation", JSON)).path("model").asText())
        .isEqualTo("omni-moderation");
    assertThat(PassThroughBody.of(bytes("{\"input\":\"x\"}"), "application/json", JSON).model())
        .isNull();
    assertThat(PassThroughBody.of(bytes("not json"), "application/json", JSON).model()).isNull();
    assertThat(PassThroughBody.of(new byte[0], null, JSON).model()).isNull();
  }

  @Test
  void aBodyGoesUpstreamAsTheClientsBytesUnlessSomethingMustBeRewritten() throws IOException {
    byte[] raw =
        bytes(
            "{ \"model\" : \"claude-opus-4-6\", \"messages\":[{\"role\":\"system\",\"content\":\"x\"}],"
                + " \"max_tokens\": 1.0e3 }");
    ObjectNode body = (ObjectNode) JSON.readTree(raw);
    ProxyRequest request =
        new ProxyRequest(Endpoint.MESSAGES, body, raw, "claude-opus-4-6", true, false);
    assertThat(request.upstreamBody("claude-opus-4-6")).isSameAs(raw);
    assertThat(JSON.readTree(request.upstreamBody("opus")).path("model").asText())
        .isEqualTo("opus");
    assertThat(JSON.readTree(request.upstreamBody("opus")).has("stream_options")).isFalse();

    ProxyRequest chat =
        new ProxyRequest(Endpoint.CHAT_COMPLETIONS, body, raw, "claude-opus-4-6", true, false);
    assertThat(
            JSON.readTree(chat.upstreamBody("claude-opus-4-6"))
                .path("stream_options")
                .path("include_usage")
                .asBoolean())
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "invalid_request_error, 400, 400",
    "authentication_error, 401, 401",
    "not_found_error, 404, 404",
    "request_too_large, 413, 413",
    "rate_limit_error, 429, 429",
    "api_error, 500, 500",
    "api_error, 502, 502",
    "timeout_error, 504, 504"
  })
  void theGatewaysErrorsTakeAnthropicsTypesOnItsPaths(
      String type, int status, int anthropicStatus) {
    OpenAiError error = new OpenAiError(status, "m", "x", null, "c");
    assertThat(AnthropicErrors.status(error)).isEqualTo(anthropicStatus);
    assertThat(new String(AnthropicErrors.toJson(error), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"m\"}}");
  }

  @Test
  void theGatewaysOverloadIsAnthropics529AndAUsedUpBudgetIsABillingError() {
    assertThat(AnthropicErrors.status(OpenAiError.overloaded(10))).isEqualTo(529);
    assertThat(
            new String(AnthropicErrors.toJson(OpenAiError.overloaded(10)), StandardCharsets.UTF_8))
        .contains("\"overloaded_error\"");
    assertThat(AnthropicErrors.status(OpenAiError.budgetExhausted("spent"))).isEqualTo(402);
    assertThat(
            new String(
                AnthropicErrors.toJson(OpenAiError.budgetExhausted("spent")),
                StandardCharsets.UTF_8))
        .contains("\"billing_error\"", "spent");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
