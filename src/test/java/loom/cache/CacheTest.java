package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import loom.testing.ApiClient;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.LoggedRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The response cache end to end on the gateway in process (memory backend), against the fake upstream
 * whose request counter tells whether a provider was asked. Each test starts with an empty cache.
 */
@ExtendWith(InProcessGatewayExtension.class)
class CacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GatewayClient gateway = new GatewayClient();

  private static String chat(String prompt, boolean stream) {
    return GatewayClient.chatBody("mock/gpt-4o-mini", prompt, stream);
  }

  private static String unique(String what) {
    return what + " " + UUID.randomUUID();
  }

  @Test
  void aRepeatedRequestIsAnsweredFromTheCacheWithoutAskingTheProvider(FakeUpstream upstream)
      throws Exception {
    String prompt = unique("repeat me");
    HttpResponse<String> first = gateway.postJson("/v1/chat/completions", chat(prompt, false));
    HttpResponse<String> second =
        gateway.postJson(
            "/v1/chat/completions",
            "{ \"messages\": [{\"content\": \""
                + prompt
                + "\", \"role\": \"user\"}], \"model\": \"mock/gpt-4o-mini\" }");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Loom-Cache")).hasValue("MISS");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    assertThat(second.headers().firstValue("X-Loom-Cache-Key"))
        .isEqualTo(first.headers().firstValue("X-Loom-Cache-Key"))
        .hasValueSatisfying(key -> assertThat(key).matches("v1:mock:gpt-4o-mini:[0-9a-f]{64}"));
    assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree(first.body()));
    assertThat(upstream.requestCount()).isEqualTo(1);

    JsonNode hit =
        JSON.valueToTree(
            LoggedRows.await(second.headers().firstValue("X-Loom-Request-Id").orElseThrow()));
    assertThat(hit.path("cache_status").asText()).isEqualTo("HIT");
    assertThat(hit.path("cost_nanos").asLong()).isZero();
    assertThat(hit.path("cost_saved_nanos").asLong()).isPositive();
    assertThat(hit.path("prompt_tokens").asLong()).isEqualTo(11);
    JsonNode miss =
        JSON.valueToTree(
            LoggedRows.await(first.headers().firstValue("X-Loom-Request-Id").orElseThrow()));
    assertThat(miss.path("cache_status").asText()).isEqualTo("MISS");
    assertThat(miss.path("cost_nanos").asLong()).isEqualTo(hit.path("cost_saved_nanos").asLong());
  }

  @Test
  void aStreamIsStoredAsItsEventsAndReplayedInEveryShape(FakeUpstream upstream) throws Exception {
    String prompt = unique("stream me");
    List<String> original = events(gateway.postJson("/v1/chat/completions", chat(prompt, true)));
    HttpResponse<String> replayed = gateway.postJson("/v1/chat/completions", chat(prompt, true));
    HttpResponse<String> assembled = gateway.postJson("/v1/chat/completions", chat(prompt, false));
    HttpResponse<String> withUsage =
        gateway.postJson(
            "/v1/chat/completions",
            chat(prompt, true)
                .replace(
                    "\"stream\":true",
                    "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(replayed.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    assertThat(events(replayed)).isEqualTo(original).last().isEqualTo("data: [DONE]");
    assertThat(original).noneMatch(event -> event.contains("\"usage\""));
    StringBuilder streamed = new StringBuilder();
    for (String event : original) {
      if (!event.equals("data: [DONE]")) {
        streamed.append(
            JSON.readTree(event.substring(6)).at("/choices/0/delta/content").asText(""));
      }
    }
    JsonNode json = JSON.readTree(assembled.body());
    assertThat(assembled.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    assertThat(json.path("object").asText()).isEqualTo("chat.completion");
    assertThat(json.at("/choices/0/message/content").asText())
        .isEqualTo(streamed.toString())
        .isNotEmpty();
    assertThat(json.at("/usage/prompt_tokens").asInt()).isEqualTo(11);
    List<String> usageEvents = events(withUsage);
    assertThat(usageEvents.get(usageEvents.size() - 2))
        .contains("\"usage\"")
        .contains("\"choices\":[]");
    assertThat(usageEvents.subList(0, usageEvents.size() - 2))
        .isEqualTo(original.subList(0, original.size() - 1));
  }

  @Test
  void aJsonAnswerIsReplayedAsAValidStream(FakeUpstream upstream) throws Exception {
    String prompt = unique("json first");
    gateway.postJson("/v1/chat/completions", chat(prompt, false));
    List<String> events = events(gateway.postJson("/v1/chat/completions", chat(prompt, true)));

    assertThat(upstream.requestCount()).isEqualTo(1);
    assertThat(events).last().isEqualTo("data: [DONE]");
    StringBuilder content = new StringBuilder();
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode chunk = JSON.readTree(event.substring(6));
      assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
      content.append(chunk.at("/choices/0/delta/content").asText(""));
    }
    assertThat(content.toString()).isEqualTo("fake answer");
  }

  @Test
  void concurrentIdenticalMissesMakeOneUpstreamCall(FakeUpstream upstream) throws Exception {
    upstream.delayBeforeHeaders(Duration.ofMillis(600));
    String body = chat(unique("all at once"), false);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(clients.submit(() -> gateway.postJson("/v1/chat/completions", body)));
      }
      List<String> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).isEqualTo(200);
        statuses.add(response.headers().firstValue("X-Loom-Cache").orElseThrow());
      }
      assertThat(upstream.requestCount()).isEqualTo(1);
      assertThat(statuses).containsOnlyOnce("MISS").containsOnly("MISS", "HIT");
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void clientsControlTheCacheWithCacheControlTtlAndNamespace(FakeUpstream upstream)
      throws Exception {
    String body = chat(unique("controls"), false);
    assertThat(status(gateway.postJson("/v1/chat/completions", body, "Cache-Control", "no-store")))
        .isEqualTo("MISS");
    assertThat(status(gateway.postJson("/v1/chat/completions", body))).isEqualTo("MISS");
    assertThat(status(gateway.postJson("/v1/chat/completions", body))).isEqualTo("HIT");
    assertThat(status(gateway.postJson("/v1/chat/completions", body, "Cache-Control", "no-cache")))
        .isEqualTo("MISS");
    assertThat(
            status(
                gateway.postJson("/v1/chat/completions", body, "X-Loom-Cache-Namespace", "team-a")))
        .isEqualTo("MISS");
    assertThat(
            status(
                gateway.postJson(
                    "/v1/chat/completions", body, "Cache-Control", "no-cache, no-store")))
        .isEqualTo("BYPASS");
    assertThat(upstream.requestCount()).isEqualTo(5);

    String shortLived = chat(unique("short"), false);
    gateway.postJson("/v1/chat/completions", shortLived, "X-Loom-Cache-TTL", "1");
    assertThat(status(gateway.postJson("/v1/chat/completions", shortLived))).isEqualTo("HIT");
    Thread.sleep(1_100);
    assertThat(status(gateway.postJson("/v1/chat/completions", shortLived))).isEqualTo("MISS");
  }

  @Test
  void badCacheHeadersAreRefusedInOpenAisErrorShape() throws Exception {
    HttpResponse<String> ttl =
        gateway.postJson("/v1/chat/completions", chat("x", false), "X-Loom-Cache-TTL", "soon");
    HttpResponse<String> namespace =
        gateway.postJson(
            "/v1/chat/completions", chat("x", false), "X-Loom-Cache-Namespace", "no spaces please");

    assertThat(ttl.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(ttl.body()).at("/error/param").asText()).isEqualTo("X-Loom-Cache-TTL");
    assertThat(namespace.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(namespace.body()).at("/error/param").asText())
        .isEqualTo("X-Loom-Cache-Namespace");
  }

  @Test
  void errorsAndModelListingsAreNeverCached(FakeUpstream upstream) throws Exception {
    // Listed first: the gateway keeps providers' model listings a while, so it must not see a
    // failing one.
    assertThat(gateway.get("/v1/models").headers().firstValue("X-Loom-Cache")).hasValue("BYPASS");
    upstream.respondWith(
        500, "application/json", "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
    String body = chat(unique("failing"), false);
    assertThat(gateway.postJson("/v1/chat/completions", body).statusCode()).isEqualTo(500);
    assertThat(gateway.postJson("/v1/chat/completions", body).statusCode()).isEqualTo(500);
    assertThat(upstream.requests())
        .filteredOn(request -> request.path().equals("/v1/chat/completions"))
        .hasSize(2);
  }

  @Test
  void theAdminApiReportsInvalidatesExplainsAndClears(FakeUpstream upstream) throws Exception {
    ApiClient admin = ApiClient.admin();
    String body = chat(unique("admin"), false);
    String key =
        gateway
            .postJson("/v1/chat/completions", body)
            .headers()
            .firstValue("X-Loom-Cache-Key")
            .orElseThrow();
    gateway.postJson("/v1/chat/completions", body);
    gateway.postJson(
        "/v1/embeddings",
        "{\"model\":\"mock/text-embedding-3-small\",\"input\":\"" + unique("e") + "\"}");

    // A response is stored once the gateway has completed it, which may be just after the client
    // has it all.
    JsonNode stats = awaitEntries(admin, 2);
    assertThat(stats.path("hits").asLong()).isPositive();
    assertThat(stats.path("total_entries").asLong()).isEqualTo(2);
    assertThat(stats.path("backend").asText()).isEqualTo("memory");
    assertThat(stats.path("cost_saved_usd").decimalValue()).isPositive();

    JsonNode explained = ApiClient.json(admin.post("/cache/explain", body), 200);
    assertThat(explained.path("key").asText()).isEqualTo(key);
    assertThat(explained.path("cached").asBoolean()).isTrue();
    assertThat(explained.path("canonical").asText()).startsWith("{\"messages\":[");

    JsonNode dryRun =
        ApiClient.json(
            admin.post(
                "/cache/invalidate",
                "{\"type\":\"pattern\",\"value\":\"v1:mock:gpt-4o-mini:*\",\"dry_run\":true}"),
            200);
    assertThat(dryRun.path("removed").asLong()).isEqualTo(1);
    assertThat(ApiClient.json(admin.get("/cache/stats"), 200).path("total_entries").asLong())
        .isEqualTo(2);
    JsonNode byModel =
        ApiClient.json(
            admin.post("/cache/invalidate", "{\"type\":\"model\",\"value\":\"gpt-4o-mini\"}"), 200);
    assertThat(byModel.path("removed").asLong()).isEqualTo(1);
    assertThat(byModel.path("type").asText()).isEqualTo("model: gpt-4o-mini");
    assertThat(
            ApiClient.json(
                    admin.post("/cache/invalidate", "{\"type\":\"age\",\"value\":\"1h\"}"), 200)
                .path("removed")
                .asLong())
        .isZero();
    assertThat(ApiClient.json(admin.post("/cache/clear", "{}"), 200).path("removed").asLong())
        .isEqualTo(1);
    assertThat(status(gateway.postJson("/v1/chat/completions", body))).isEqualTo("MISS");

    assertThat(
            ApiClient.problem(
                    admin.post("/cache/invalidate", "{\"type\":\"colour\",\"value\":\"x\"}"), 400)
                .toString())
        .contains("type");
    assertThat(
            ApiClient.problem(
                    admin.post("/cache/invalidate", "{\"type\":\"age\",\"value\":\"soon\"}"), 400)
                .toString())
        .contains("value");
    JsonNode user = admin.newUserWithKey("cache", "user");
    ApiClient asUser = ApiClient.withKey(user.path("key").asText());
    assertThat(asUser.get("/cache/stats").statusCode()).isEqualTo(200);
    assertThat(asUser.get("/cache/config").statusCode()).isEqualTo(403);
    assertThat(asUser.post("/cache/clear", "{}").statusCode()).isEqualTo(403);
    assertThat(
            asUser.post("/cache/invalidate", "{\"type\":\"model\",\"value\":\"x\"}").statusCode())
        .isEqualTo(403);
    assertThat(ApiClient.json(admin.get("/cache/config"), 200).path("default_ttl").asLong())
        .isEqualTo(3600);
  }

  /** The cache stats once they count {@code entries} entries, or as they are after 10 s. */
  private static JsonNode awaitEntries(ApiClient admin, long entries) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode stats = ApiClient.json(admin.get("/cache/stats"), 200);
    while (stats.path("total_entries").asLong() < entries && System.nanoTime() < deadline) {
      Thread.sleep(50);
      stats = ApiClient.json(admin.get("/cache/stats"), 200);
    }
    return stats;
  }

  private static String status(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("X-Loom-Cache").orElseThrow();
  }

  /** The events of an SSE answer, each without its blank line. */
  private static List<String> events(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    List<String> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new java.io.ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))) {
      StringBuilder event = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) {
          if (event.length() > 0) {
            events.add(event.toString());
            event.setLength(0);
          }
        } else {
          event.append(event.length() > 0 ? "\n" : "").append(line);
        }
      }
    }
    return events;
  }
}
