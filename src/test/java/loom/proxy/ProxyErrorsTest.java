package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.LoggedRows;
import loom.testing.RawHttp;
import loom.testing.StreamGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every proxy failure answers in the OpenAI error shape, and the gateway keeps serving afterwards; on the gateway in
 * process. (What the container decides, its read timeout and its header encoding, is {@link ProxyErrorsIT}'s.)
 */
@ExtendWith(InProcessGatewayExtension.class)
class ProxyErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GatewayClient gateway = new GatewayClient();

  @AfterEach
  void gatewayStillServes(FakeUpstream upstream) {
    upstream.reset();
    assertThat(
            gateway
                .postJson(
                    "/v1/chat/completions", GatewayClient.chatBody("mock/m", "still there?", false))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertOpenAiError(
        gateway.postJson("/v1/chat/completions", "{\"model\": \"m\", "), 400, "invalid_json");
  }

  @Test
  void malformedJsonIsDescribedWithoutQuotingTheBodyAndStoredSo() throws Exception {
    String secret = "AKIAIOSFODNN7LEAKEXAMPLE";
    HttpResponse<String> answer =
        gateway.postJson("/v1/chat/completions", "{\"aws\": " + secret + "}");

    JsonNode error = assertOpenAiError(answer, 400, "invalid_json");
    assertThat(error.path("message").asText()).contains("line 1, column").doesNotContain(secret);
    Map<String, Object> logged =
        LoggedRows.await(answer.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    assertThat(logged.get("status_code")).hasToString("400");
    assertThat((String) logged.get("error_message"))
        .contains("not valid JSON")
        .doesNotContain(secret);
  }

  @Test
  void missingModelIs400NamingTheParameter() throws Exception {
    JsonNode error =
        assertOpenAiError(
            gateway.postJson(
                "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            400,
            "missing_required_parameter");
    assertThat(error.path("param").asText()).isEqualTo("model");
  }

  @Test
  void missingMessagesIs400NamingTheParameter() throws Exception {
    JsonNode error =
        assertOpenAiError(
            gateway.postJson("/v1/chat/completions", "{\"model\":\"mock/m\"}"),
            400,
            "missing_required_parameter");
    assertThat(error.path("param").asText()).isEqualTo("messages");
  }

  @Test
  void unknownProviderIs404() throws Exception {
    assertOpenAiError(
        gateway.postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody("m", "hi", false),
            "X-Loom-Provider",
            "nope"),
        404,
        "provider_not_found");
  }

  @Test
  void modelOutsideTheAllowListIs404(FakeUpstream upstream) throws Exception {
    assertOpenAiError(
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("listed/other", "hi", false)),
        404,
        "model_not_found");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void anUnknownPathIsThePlainProvidersToAnswerAndAWrongMethodIsOpenAiShaped() throws Exception {
    // Any /v1 path the gateway has no endpoint for is passed through (to the default provider here)
    // as it came.
    HttpResponse<String> unknown = gateway.get("/v1/nothing-here?limit=2");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("X-Loom-Provider")).hasValue("mock");
    assertThat(JSON.readTree(unknown.body()).path("error").path("message").asText())
        .isEqualTo("Invalid URL (GET /v1/nothing-here)");
    HttpResponse<String> wrongMethod = gateway.get("/v1/chat/completions");
    assertOpenAiError(wrongMethod, 405, "method_not_allowed");
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void aBodyOverTheLimitIs413(FakeUpstream upstream) throws Exception {
    String huge = GatewayClient.chatBody("mock/m", "x".repeat(70 * 1024), false);

    assertOpenAiError(gateway.postJson("/v1/chat/completions", huge), 413, "request_too_large");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void aChunkedBodyOverTheLimitIs413WithoutBeingReadToTheEnd(FakeUpstream upstream)
      throws Exception {
    try (RawHttp raw = RawHttp.connect()) {
      raw.write(
          "POST "
              + raw.path("/v1/chat/completions")
              + " HTTP/1.1\r\nHost: "
              + raw.host()
              + "\r\nAuthorization: Bearer "
              + GatewayClient.ADMIN_KEY
              + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
      String chunk = "x".repeat(16 * 1024);
      // 80 KB sent of a body that never ends: the gateway must answer once it has seen 64 KB.
      for (int i = 0; i < 5; i++) {
        raw.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
      }
      String response = raw.readUntil("request_too_large");
      assertThat(response)
          .startsWith("HTTP/1.1 413")
          .contains("\"type\":\"invalid_request_error\"");
    }
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void anUpstreamThatRefusesConnectionsIs502() throws Exception {
    JsonNode error =
        assertOpenAiError(
            gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("down/m", "hi", false)),
            502,
            "upstream_unavailable");
    assertThat(error.path("message").asText()).contains("'down'");
  }

  @Test
  void anUpstreamThatDoesNotAnswerInTimeIs504(FakeUpstream upstream) throws Exception {
    upstream.delayBeforeHeaders(Duration.ofSeconds(4));

    assertOpenAiError(
        gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("slow/m", "hi", false)),
        504,
        "upstream_timeout");
  }

  @Test
  void anUpstreamThatStallsMidStreamEndsTheStreamWithAnErrorEvent(FakeUpstream upstream)
      throws Exception {
    StreamGate gate = upstream.holdStreamAfterFirstChunk();
    try {
      HttpResponse<String> response =
          gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("slow/m", "hi", true));

      assertThat(response.statusCode()).isEqualTo(200);
      String[] events = response.body().strip().split("\n\n");
      assertThat(events[0]).contains("chat.completion.chunk");
      JsonNode error =
          JSON.readTree(events[events.length - 1].substring("data: ".length())).path("error");
      assertThat(error.path("code").asText()).isEqualTo("upstream_timeout");
      assertThat(response.body()).doesNotContain("[DONE]");
    } finally {
      gate.release();
    }
  }

  @Test
  void upstreamOpenAiErrorsPassThroughWithTheirStatusAndBody(FakeUpstream upstream)
      throws Exception {
    String body =
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
            + "\"code\":\"rate_limit_exceeded\"}}";
    upstream.respondWith(429, "application/json", body);

    HttpResponse<String> response =
        gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "hi", false));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(body));
    assertThat(response.headers().firstValue("X-Loom-Provider")).hasValue("mock");
  }

  @Test
  void upstreamErrorsInAnotherShapeKeepTheirStatusAndAreWrapped(FakeUpstream upstream)
      throws Exception {
    upstream.respondWith(503, "text/html", "<html><body>Service Unavailable</body></html>");

    JsonNode error =
        assertOpenAiError(
            gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "hi", false)),
            503,
            "upstream_error");
    assertThat(error.path("message").asText()).contains("HTTP 503").contains("Service Unavailable");
    assertThat(error.path("type").asText()).isEqualTo("server_error");
  }

  @Test
  void aGarbledUpstreamAnswerIs502(FakeUpstream upstream) throws Exception {
    upstream.respondWith(200, "application/json", "{\"id\": \"chatcmpl-1\", \"choices\": [");

    assertOpenAiError(
        gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "hi", false)),
        502,
        "upstream_invalid_response");
  }

  @Test
  void errorsCarryTheRequestId() {
    HttpResponse<String> response =
        gateway.send(
            gateway
                .request("/v1/embeddings")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("nope"))
                .build());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("X-Loom-Request-Id")).isPresent();
  }

  private static JsonNode assertOpenAiError(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.isObject()).as(response.body()).isTrue();
    assertThat(error.path("code").asText()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.has("type")).isTrue();
    assertThat(error.has("param")).isTrue();
    return error;
  }
}
