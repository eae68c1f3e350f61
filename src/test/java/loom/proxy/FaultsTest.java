package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Faults of providers and clients, and overload, against provider {@code narrow} of loom-it.yaml (at most
 * {@value #NARROW} calls in flight; provider {@code slow} for read timeouts). After every test: every request it sent is logged
 * (nothing lost), no call is left in flight, and {@code narrow} takes exactly its {@value #NARROW} calls
 * again, no fewer (a leaked permit) and no more (a permit freed twice).
 */
@ExtendWith(InProcessGatewayExtension.class)
class FaultsTest {
  /** providers[narrow].max_in_flight in loom-it.yaml. */
  private static final int NARROW = 3;

  private static final long MAX_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger PROMPTS = new AtomicInteger();

  private final GatewayClient gateway = new GatewayClient();
  private final HttpClient concurrent =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The request ids of every request the test sent. */
  private final List<String> sent = new ArrayList<>();

  @AfterEach
  void nothingLostAndFullCapacityAgain(FakeUpstream upstream) throws Exception {
    upstream.reset();
    Map<String, Map<String, Object>> rows = LoggedRows.await(sent);
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(sent);
    awaitNoCallInFlight();
    assertNarrowTakesExactlyItsBound(upstream);
  }

  // Overload ---

  @Test
  void nonStreamedCallsBeyondInlineCallsWaitOnWorkersAndAllAreAnswered(FakeUpstream upstream)
      throws Exception {
    // loom-it.yaml: inline_calls 2, so of four held calls two hold request threads and two wait on
    // workers.
    double onRequestThreads = metric("loom_proxy_calls_total", "thread", "request");
    double onWorkers = metric("loom_proxy_calls_total", "thread", "worker");
    StreamGate gate = upstream.holdBeforeHeaders();
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(sendAsync(chat("mock/m", false)));
    }
    assertThat(upstream.awaitRequestCount(4, Duration.ofSeconds(10))).isTrue();
    gate.release();
    for (CompletableFuture<HttpResponse<String>> call : held) {
      HttpResponse<String> response = record(call.get(30, TimeUnit.SECONDS));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).path("choices").isArray()).isTrue();
    }

    assertThat(metric("loom_proxy_calls_total", "thread", "request") - onRequestThreads)
        .isEqualTo(2);
    assertThat(metric("loom_proxy_calls_total", "thread", "worker") - onWorkers).isEqualTo(2);
  }

  @Test
  void overloadRefusesExactlyTheExcessAt429WithRetryAfterAndTheRestSucceed(FakeUpstream upstream)
      throws Exception {
    int excess = 2;
    double rejectedBefore = metric("loom_upstream_rejections_total", "provider", "narrow");
    StreamGate gate = upstream.holdBeforeHeaders();
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (int i = 0; i < NARROW; i++) {
      held.add(sendAsync(chat("narrow/m", false)));
    }
    assertThat(upstream.awaitRequestCount(NARROW, Duration.ofSeconds(10))).isTrue();
    assertThat(metric("loom_upstream_in_flight", "provider", "narrow")).isEqualTo(NARROW);

    List<HttpResponse<String>> refused = new ArrayList<>();
    for (int i = 0; i < excess; i++) {
      refused.add(record(gateway.postJson("/v1/chat/completions", chat("narrow/m", i % 2 == 0))));
    }
    gate.release();
    List<HttpResponse<String>> served = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> call : held) {
      served.add(record(call.get(30, TimeUnit.SECONDS)));
    }

    for (HttpResponse<String> response : refused) {
      JsonNode error = assertOpenAiError(response, 429, "provider_overloaded");
      assertThat(error.path("type").asText()).isEqualTo("rate_limit_exceeded");
      assertThat(error.path("message").asText())
          .contains("'narrow'")
          .contains("maximum of " + NARROW);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }
    assertThat(served).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
    assertThat(upstream.requestCount()).isEqualTo(NARROW);
    assertThat(metric("loom_upstream_rejections_total", "provider", "narrow") - rejectedBefore)
        .isEqualTo(excess);
    Map<String, Map<String, Object>> rows = LoggedRows.await(LoggedRows.ids(refused));
    assertThat(rows.values())
        .allSatisfy(
            row -> {
              assertThat(((Number) row.get("status_code")).intValue()).isEqualTo(429);
              assertThat(row.get("provider_id")).isEqualTo("narrow");
              assertThat(row.get("error_message")).asString().contains("maximum of " + NARROW);
            });
  }

  @Test
  void clientsThatHangUpMidStreamFreeTheirPlaces(FakeUpstream upstream) throws Exception {
    upstream.streamSlowly(200, Duration.ofMillis(50));
    for (int i = 0; i < NARROW; i++) {
      try (RawHttp raw = RawHttp.connect()) {
        raw.post("/v1/chat/completions", chat("narrow/m", true));
        String head = raw.readUntil("data: ");
        assertThat(head).startsWith("HTTP/1.1 200");
        sent.add(requestIdIn(head));
      }
    }

    assertThat(upstream.awaitStreamAborted(Duration.ofSeconds(10))).isTrue();
    awaitNoCallInFlight();
    assertThat(LoggedRows.await(sent).values())
        .allSatisfy(
            row -> assertThat(row.get("metadata")).asString().contains("client_disconnected"));
  }

  // Provider faults: more calls than narrow's bound, so a leaked permit turns the last into a 429
  // ---

  @Test
  void anUpstreamThatDropsTheConnectionIs502(FakeUpstream upstream) throws Exception {
    upstream.failWith(FakeUpstream.Fault.DROP_CONNECTION);

    for (int i = 0; i <= NARROW; i++) {
      assertOpenAiError(
          record(gateway.postJson("/v1/chat/completions", chat("narrow/m", false))),
          502,
          "upstream_invalid_response");
    }
  }

  @Test
  void anUpstreamBodyCutShortIs502(FakeUpstream upstream) throws Exception {
    upstream.failWith(FakeUpstream.Fault.TRUNCATE_BODY);

    for (int i = 0; i <= NARROW; i++) {
      JsonNode error =
          assertOpenAiError(
              record(gateway.postJson("/v1/chat/completions", chat("narrow/m", false))),
              502,
              "upstream_invalid_response");
      assertThat(error.path("message").asText()).contains("mid-response");
    }
  }

  @Test
  void anUpstreamBodyThatStallsPastTheReadTimeoutIs504(FakeUpstream upstream) throws Exception {
    upstream.failWith(FakeUpstream.Fault.STALL_MID_BODY);

    // Provider slow has a 1 s read timeout; its in-flight gauge must be back at 0 afterwards too.
    assertOpenAiError(
        record(gateway.postJson("/v1/chat/completions", chat("slow/m", false))),
        504,
        "upstream_timeout");
  }

  @Test
  void anUpstreamAnswerThatIsNotJsonIs502(FakeUpstream upstream) throws Exception {
    upstream.respondWith(200, "application/json", "<html><body>Gateway says hello</body></html>");
    for (int i = 0; i <= NARROW; i++) {
      assertOpenAiError(
          record(gateway.postJson("/v1/chat/completions", chat("narrow/m", false))),
          502,
          "upstream_invalid_response");
    }
  }

  @Test
  void upstream500sKeepTheirStatusAndFreeTheirPlaces(FakeUpstream upstream) throws Exception {
    String openAiShaped =
        "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\","
            + "\"param\":null,\"code\":null}}";
    upstream.respondWith(500, "application/json", openAiShaped);
    for (int i = 0; i <= NARROW; i++) {
      HttpResponse<String> response =
          record(gateway.postJson("/v1/chat/completions", chat("narrow/m", false)));
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(openAiShaped));
    }
    upstream.respondWith(500, null, "");
    assertOpenAiError(
        record(gateway.postJson("/v1/chat/completions", chat("narrow/m", false))),
        500,
        "upstream_error");
  }

  // Bad input ---

  @Test
  void aBodyOfExactlyMaxBodyPassesAndOneByteMoreIs413(FakeUpstream upstream) throws Exception {
    String atLimit = chatOfSize(MAX_BODY);
    assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize((int) MAX_BODY);

    HttpResponse<String> passed = record(gateway.postJson("/v1/chat/completions", atLimit));
    HttpResponse<String> over =
        record(gateway.postJson("/v1/chat/completions", chatOfSize(MAX_BODY + 1)));

    assertThat(passed.statusCode()).as(passed.body()).isEqualTo(200);
    assertOpenAiError(over, 413, "request_too_large");
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void malformedUtf8InTheJsonBodyIs400(FakeUpstream upstream) throws Exception {
    byte[] body =
        chat("narrow/m", false).replace("prompt", "prompt\u00e9").getBytes(StandardCharsets.UTF_8);
    int accent = indexOf(body, (byte) 0xC3);
    body[accent + 1] =
        '('; // the lead byte of a two-byte sequence, followed by no continuation byte

    JsonNode error =
        assertOpenAiError(
            record(
                gateway.send(
                    gateway
                        .request("/v1/chat/completions")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build())),
            400,
            "invalid_json");
    assertThat(error.path("message").asText()).containsIgnoringCase("UTF-8");
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void deeplyNestedJsonIs400AndTheGatewayStillAnswers(FakeUpstream upstream) throws Exception {
    // As deep as max_body allows (64 KB): 32,000 arrays. ProxyRequestReaderTest goes to 100,000.
    String nested =
        "{\"model\":\"narrow/m\",\"messages\":" + "[".repeat(32_000) + "]".repeat(32_000) + "}";

    assertOpenAiError(
        record(gateway.postJson("/v1/chat/completions", nested)), 400, "invalid_json");
    assertThat(
            record(gateway.postJson("/v1/chat/completions", chat("narrow/m", false))).statusCode())
        .isEqualTo(200);
    assertThat(upstream.requestCount()).isEqualTo(1);
  }

  // Helpers ---

  /** narrow answers exactly NARROW held calls at once: one more is refused; released, all succeed. */
  private void assertNarrowTakesExactlyItsBound(FakeUpstream upstream) throws Exception {
    StreamGate gate = upstream.holdBeforeHeaders();
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    try {
      for (int i = 0; i < NARROW; i++) {
        held.add(sendAsync(chat("narrow/m", false)));
      }
      assertThat(upstream.awaitRequestCount(NARROW, Duration.ofSeconds(10)))
          .as("calls reaching narrow")
          .isTrue();
      assertThat(gateway.postJson("/v1/chat/completions", chat("narrow/m", false)).statusCode())
          .as("a call beyond narrow's bound")
          .isEqualTo(429);
    } finally {
      gate.release();
    }
    for (CompletableFuture<HttpResponse<String>> call : held) {
      assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    upstream.reset();
  }

  private void awaitNoCallInFlight() throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    String metrics = gateway.get("/metrics").body();
    while (inFlightTotal(metrics) > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      metrics = gateway.get("/metrics").body();
    }
    assertThat(inFlightTotal(metrics)).as(metrics).isZero();
  }

  private static double inFlightTotal(String metrics) {
    Matcher matcher =
        Pattern.compile("(?m)^loom_upstream_in_flight\\{[^}]*} (\\S+)$").matcher(metrics);
    double total = 0;
    int providers = 0;
    while (matcher.find()) {
      total += Double.parseDouble(matcher.group(1));
      providers++;
    }
    assertThat(providers).as("providers with an in-flight gauge").isPositive();
    return total;
  }

  private double metric(String name, String label, String value) {
    String metrics = gateway.get("/metrics").body();
    Matcher matcher =
        Pattern.compile("(?m)^" + name + "\\{" + label + "=\"" + value + "\",?} (\\S+)$")
            .matcher(metrics);
    assertThat(matcher.find()).as(name + " of " + label + " " + value + " in\n" + metrics).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String body) {
    return concurrent.sendAsync(
        gateway
            .request("/v1/chat/completions")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> record(HttpResponse<String> response) {
    sent.add(response.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    return response;
  }

  /** A chat request with a prompt no other request of the run has, so the response cache never answers it. */
  private static String chat(String model, boolean stream) {
    return GatewayClient.chatBody(model, "prompt " + PROMPTS.incrementAndGet(), stream);
  }

  /** A chat request of exactly {@code size} bytes. */
  private static String chatOfSize(long size) {
    String empty = GatewayClient.chatBody("narrow/m", "", false);
    String unique = " " + PROMPTS.incrementAndGet();
    return GatewayClient.chatBody(
        "narrow/m", "x".repeat((int) (size - empty.length() - unique.length())) + unique, false);
  }

  private static String requestIdIn(String head) {
    Matcher matcher = Pattern.compile("(?im)^X-Loom-Request-Id: *(\\S+)").matcher(head);
    assertThat(matcher.find()).as(head).isTrue();
    return matcher.group(1);
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    throw new AssertionError("byte not found");
  }

  private static JsonNode assertOpenAiError(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).as(response.body()).isEqualTo(code);
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.has("type")).isTrue();
    assertThat(error.has("param")).isTrue();
    return error;
  }
}
