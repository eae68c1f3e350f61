package loom.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(WAIT)
          .build();
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
    var response = client.send(
        post("/chat/completions", "{\"model\":\"gpt-x\",\"stream\":true}"),
        HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    var events = readAllEvents(response.body());
    assertThat(events).hasSize(5).last().isEqualTo("[DONE]");
    var chunks = events.subList(0, 4).stream().map(FakeUpstreamTest::json).toList();
    assertThat(chunks).allSatisfy(chunk -> {
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
    var response = client.send(
        post("/chat/completions",
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

    assertThat(List.of(first, second)).allSatisfy(response -> {
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
    var pending = client.sendAsync(
        request("/models").timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(upstream.awaitRequestCount(1, WAIT)).isTrue();

    upstream.close();

    assertThat(pending).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IOException.class);
  }

  @Test
  void heldStreamSendsItsFirstEventBeforeReleaseAndTheRestAfter() throws Exception {
    var gate = upstream.holdStreamAfterFirstChunk();
    var response = client.send(
        post("/chat/completions", "{\"stream\":true}"), HttpResponse.BodyHandlers.ofInputStream());

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
    var response = client.send(
        post("/chat/completions", "{\"stream\":true}"), HttpResponse.BodyHandlers.ofInputStream());

    try (var reader = reader(response.body())) {
      assertThat(nextEvent(reader)).contains("piece 1 ");
    }

    assertThat(upstream.awaitStreamAborted(WAIT)).isTrue();
    assertThat(upstream.lastStreamCompleted()).isFalse();
  }

  @Test
  void recordsEveryRequestWithMethodPathHeadersAndBody() throws Exception {
    send(request("/models").GET().build());
    send(request("/chat/completions")
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
    var pending = client.sendAsync(post("/chat/completions", "{\"model\":\"m\"}"),
        HttpResponse.BodyHandlers.ofString());

    assertThat(gate.awaitHolding(WAIT)).isTrue();
    assertThat(pending).isNotDone();
    gate.release();
    assertThat(pending.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  private HttpRequest post(String path, String body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
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
