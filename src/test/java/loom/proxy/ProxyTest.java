package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.RawHttp;
import loom.testing.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy path end to end, on the gateway in process and a fake upstream. (How each container passes a stream on
 * and notices a client hanging up is {@link ProxyStreamingIT}'s.)
 */
@ExtendWith(InProcessGatewayExtension.class)
class ProxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GatewayClient gateway = new GatewayClient();

  @Test
  void chatCompletionIsForwardedWithTheProvidersKeyAndTheGatewayHeaders(FakeUpstream upstream)
      throws Exception {
    HttpResponse<String> response =
        gateway.postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody("mock/gpt-4o-mini", "hello", false),
            "X-Custom",
            "kept");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).at("/choices/0/message/content").asText())
        .isEqualTo("fake answer");
    assertThat(response.headers().firstValue("X-Loom-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
    assertThat(response.headers().firstValue("X-Loom-Provider")).hasValue("mock");

    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/chat/completions");
    assertThat(sent.header("authorization")).isEqualTo("Bearer sk-upstream-test-key");
    assertThat(sent.header("x-custom")).isEqualTo("kept");
    assertThat(sent.header("x-provider-extra")).isEqualTo("extra-value");
    assertThat(sent.bodyAsJson().path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.bodyAsJson().path("messages").get(0).path("content").asText())
        .isEqualTo("hello");
  }

  @Test
  void hopByHopHeadersAndClientCredentialsAreNotForwarded(FakeUpstream upstream) throws Exception {
    try (RawHttp raw = RawHttp.connect()) {
      raw.post(
          "/v1/chat/completions",
          GatewayClient.chatBody("mock/m", "hi", false),
          "Connection: close, X-Hop-Secret",
          "X-Hop-Secret: not-for-upstream",
          "Keep-Alive: timeout=5",
          "TE: trailers",
          "Proxy-Authorization: Basic Zm9vOmJhcg==",
          "Cookie: session=abc",
          "X-Forwarded-For: 10.1.2.3",
          "X-Loom-Cache-TTL: 60",
          "X-End-To-End: yes");
      assertThat(raw.readUntil("fake answer")).startsWith("HTTP/1.1 200");
    }

    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.header("x-end-to-end")).isEqualTo("yes");
    assertThat(sent.header("authorization")).isEqualTo("Bearer sk-upstream-test-key");
    for (String dropped :
        List.of(
            "x-hop-secret",
            "keep-alive",
            "te",
            "proxy-authorization",
            "cookie",
            "x-forwarded-for",
            "x-loom-cache-ttl")) {
      assertThat(sent.hasHeader(dropped)).as(dropped).isFalse();
    }
    assertThat(sent.header("connection")).isNotEqualTo("close, X-Hop-Secret");
  }

  @Test
  void legacyCompletionsAndEmbeddingsAreForwarded(FakeUpstream upstream) throws Exception {
    HttpResponse<String> completion =
        gateway.postJson("/v1/completions", "{\"model\":\"mock/davinci\",\"prompt\":\"Say hi\"}");
    HttpResponse<String> embeddings =
        gateway.postJson(
            "/v1/embeddings",
            "{\"model\":\"mock/text-embedding-3-small\",\"input\":[\"a\",\"b\"]}");

    assertThat(completion.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(completion.body()).at("/choices/0/text").asText())
        .isEqualTo("fake answer");
    assertThat(embeddings.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(embeddings.body()).path("data")).hasSize(2);
    assertThat(upstream.requests())
        .extracting(RecordedRequest::path)
        .containsExactly("/v1/completions", "/v1/embeddings");
  }

  @Test
  void routesByHeaderByAllowListAndByDefault(FakeUpstream upstream) throws Exception {
    HttpResponse<String> byHeader =
        gateway.postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody("gpt-4o", "hi", false),
            "X-Loom-Provider",
            "demo");
    HttpResponse<String> byList =
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("listed-model", "hi", false));
    HttpResponse<String> byDefault =
        gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("anything", "hi", false));

    assertThat(byHeader.headers().firstValue("X-Loom-Provider")).hasValue("demo");
    assertThat(JSON.readTree(byHeader.body()).at("/choices/0/message/content").asText())
        .startsWith("Demo reply to");
    assertThat(byList.headers().firstValue("X-Loom-Provider")).hasValue("listed");
    assertThat(byDefault.headers().firstValue("X-Loom-Provider")).hasValue("mock");
    assertThat(upstream.requestCount()).isEqualTo(2);
  }

  @Test
  void modelsListsEveryProvidersModelsWithTheirPrefix() throws Exception {
    HttpResponse<String> response = gateway.get("/v1/models");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode models = JSON.readTree(response.body());
    assertThat(models.path("object").asText()).isEqualTo("list");
    List<String> ids = new ArrayList<>();
    models.path("data").forEach(model -> ids.add(model.path("id").asText()));
    assertThat(ids)
        .contains(
            "mock/fake-model-a",
            "mock/fake-model-b",
            "listed/listed-model",
            "demo/demo-chat",
            "demo/demo-embedding");
    assertThat(ids).noneMatch(id -> id.startsWith("down/"));
  }

  @Test
  void aModelIsRetrievedByItsListedIdOrByTheNameACallWouldRoute() throws Exception {
    for (String id :
        List.of("demo/demo-chat", "listed-model", "listed/listed-model", "mock/fake-model-a")) {
      HttpResponse<String> response = gateway.get("/v1/models/" + id);

      assertThat(response.statusCode()).as(id).isEqualTo(200);
      JsonNode model = JSON.readTree(response.body());
      assertThat(model.path("id").asText()).isEqualTo(id);
      assertThat(model.path("object").asText()).isEqualTo("model");
    }
    assertThat(
            JSON.readTree(gateway.get("/v1/models/listed-model").body()).path("owned_by").asText())
        .isEqualTo("listed");
  }

  @Test
  void anUnknownModelIsAnOpenAiShaped404AndOtherMethodsA405() throws Exception {
    for (String id : List.of("demo/nope", "listed/other", "nope/x/y")) {
      HttpResponse<String> response = gateway.get("/v1/models/" + id);

      assertThat(response.statusCode()).as(id).isEqualTo(404);
      assertThat(JSON.readTree(response.body()).at("/error/code").asText())
          .isEqualTo("model_not_found");
    }
    HttpResponse<String> deleted = gateway.delete("/v1/models/demo/demo-chat");
    assertThat(deleted.statusCode()).isEqualTo(405);
    assertThat(deleted.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void streamsPassThroughAndTheUsageChunkIsDroppedWhenNotAskedFor(FakeUpstream upstream)
      throws Exception {
    List<String> events = streamEvents(GatewayClient.chatBody("mock/m", "hi", true));

    assertThat(upstream.lastRequest().bodyAsJson().at("/stream_options/include_usage").asBoolean())
        .isTrue();
    assertThat(events).last().isEqualTo("data: [DONE]");
    assertThat(events).noneMatch(event -> event.contains("\"usage\":{"));
    assertThat(String.join("", contents(events))).isEqualTo("fake answer streamed");
  }

  @Test
  void theUsageChunkIsKeptWhenTheClientAskedForIt() throws Exception {
    String body =
        "{\"model\":\"mock/m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    List<String> events = streamEvents(body);

    assertThat(events)
        .anyMatch(
            event -> event.contains("\"choices\":[]") && event.contains("\"total_tokens\":14"));
  }

  @Test
  void wholeAnswersTellTheGatewaysOwnTimeWithoutTheProvidersAndStreamsDoNot(FakeUpstream upstream)
      throws Exception {
    upstream.delayBeforeHeaders(Duration.ofSeconds(1));
    long start = System.nanoTime();
    HttpResponse<String> slow =
        gateway.postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody("mock/m", "how long do you take?", false));
    double elapsedMs = (System.nanoTime() - start) / 1e6;
    upstream.reset();
    HttpResponse<String> streamed =
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("mock/m", "stream it", true));
    HttpResponse<String> refused =
        gateway.postJson("/v1/chat/completions", "{\"model\":\"mock/m\"}");

    assertThat(slow.statusCode()).isEqualTo(200);
    double overheadMs =
        Double.parseDouble(slow.headers().firstValue("X-Loom-Overhead-Ms").orElseThrow());
    // The provider's second is left out: what the client waited, less that second, bounds the
    // gateway's part.
    assertThat(overheadMs).isBetween(0.0, elapsedMs - 1000);
    assertThat(streamed.headers().firstValue("X-Loom-Overhead-Ms")).isEmpty();
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("X-Loom-Overhead-Ms"))
        .hasValueSatisfying(value -> assertThat(Double.parseDouble(value)).isNotNegative());
    assertThat(gateway.get("/metrics").body())
        .contains("loom_gateway_overhead_seconds_bucket{le=")
        .containsPattern("(?m)^loom_gateway_overhead_seconds_count [1-9]");
  }

  @Test
  void theDemoProviderAnswersChatStreamsAndEmbeddingsWithoutNetwork(FakeUpstream upstream)
      throws Exception {
    HttpResponse<String> chat =
        gateway.postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody("demo/demo-chat", "What is Loom?", false));
    List<String> events =
        streamEvents(GatewayClient.chatBody("demo/demo-chat", "What is Loom?", true));
    HttpResponse<String> embeddings =
        gateway.postJson(
            "/v1/embeddings", "{\"model\":\"demo/demo-embedding\",\"input\":\"What is Loom?\"}");

    JsonNode answer = JSON.readTree(chat.body());
    assertThat(answer.at("/choices/0/message/content").asText())
        .startsWith("Demo reply to \"What is Loom?\"");
    assertThat(answer.at("/usage/total_tokens").asInt()).isPositive();
    assertThat(String.join("", contents(events)))
        .isEqualTo(answer.at("/choices/0/message/content").asText());
    assertThat(JSON.readTree(embeddings.body()).at("/data/0/embedding")).hasSize(1536);
    assertThat(upstream.requestCount()).isZero();
  }

  private List<String> streamEvents(String body) throws Exception {
    HttpResponse<String> response = gateway.postJson("/v1/chat/completions", body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    List<String> events = new ArrayList<>();
    for (String event : response.body().split("\n\n")) {
      if (!event.isBlank()) {
        events.add(event.strip());
      }
    }
    return events;
  }

  private static List<String> contents(List<String> events) throws Exception {
    List<String> contents = new ArrayList<>();
    for (String event : events) {
      if (event.startsWith("data: {")) {
        JsonNode chunk = JSON.readTree(event.substring(6));
        JsonNode content = chunk.at("/choices/0/delta/content");
        if (content.isTextual()) {
          contents.add(content.asText());
        }
      }
    }
    return contents;
  }

  @Test
  void aMultipartUploadToAPathWithoutAnEndpointIsPassedThroughRoutedByItsModelAndLogged(
      FakeUpstream upstream) throws Exception {
    String boundary = "loom-it-boundary";
    String upload =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hello.wav\"\r\n"
            + "Content-Type: audio/wav\r\n\r\nRIFF fake audio bytes\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nmock/whisper-1\r\n"
            + "--"
            + boundary
            + "--\r\n";
    HttpResponse<String> response =
        gateway.send(
            gateway
                .request("/v1/audio/transcriptions?timestamp_granularities=word")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(upload))
                .build());

    // The fake upstream has no transcriptions: its own 404 comes back, through the provider the
    // model named.
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("X-Loom-Provider")).hasValue("mock");
    RecordedRequest sent = upstream.lastRequest();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/audio/transcriptions");
    assertThat(sent.query()).isEqualTo("timestamp_granularities=word");
    assertThat(sent.header("content-type")).isEqualTo("multipart/form-data; boundary=" + boundary);
    assertThat(sent.header("authorization")).isEqualTo("Bearer sk-upstream-test-key");
    assertThat(sent.body()).isEqualTo(upload.replace("mock/whisper-1", "whisper-1"));
    java.util.Map<String, Object> row =
        loom.testing.LoggedRows.await(
            response.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    assertThat(row.get("provider_id")).isEqualTo("mock");
    assertThat(row.get("model_name")).isEqualTo("whisper-1");
    assertThat(row.get("endpoint")).isEqualTo("audio/transcriptions");
    assertThat(((Number) row.get("status_code")).intValue()).isEqualTo(404);
  }

  @Test
  void aPassedThroughUploadOverTheBodyLimitIs413AndNeverReachesTheProvider(FakeUpstream upstream) {
    HttpResponse<String> response =
        gateway.send(
            gateway
                .request("/v1/audio/transcriptions")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(70 * 1024)))
                .build());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"code\":\"request_too_large\"");
    assertThat(upstream.requestCount()).isZero();
  }
}
