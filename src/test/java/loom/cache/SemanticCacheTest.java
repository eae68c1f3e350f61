package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import loom.testing.GatewayClient;
import loom.testing.InProcessGateway;
import loom.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic cache in a whole gateway (the in-process one: real filter chain, servlets and API in an embedded Tomcat,
 * with {@code cache.semantic} on): a paraphrase of a cached question is answered from the cache with {@code X-Loom-Cache: SEMANTIC_HIT}, the
 * similarity and the matched key, in chat, Responses and Messages, as a stream too (the same events an exact hit
 * replays); a look-alike is not; the request header turns it off or on; the hit is logged and counted apart;
 * {@code scope: user} keeps users apart and a namespace keeps its own. On Redis, a second gateway answers a paraphrase
 * of what the first one stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SemanticCacheTest {
  private static final String KEY = "lk-semantic-cache-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private Gateway gateway;

  /** An in-process gateway of its own, asked with one key or another. */
  private record Gateway(InProcessGateway gateway) implements AutoCloseable {
    static Gateway deploy(String name, String yaml, Path scratch) {
      return new Gateway(InProcessGateway.start(yaml));
    }

    HttpResponse<String> get(String path, String key) {
      return gateway.client(key).get(path);
    }

    HttpResponse<String> postJson(String path, String key, String json, String... headers) {
      return gateway.client(key).postJson(path, json, headers);
    }

    @Override
    public void close() {
      // The known lingering thread of the built-in model's native code (see
      // CacheFilterSemanticTest).
      gateway.closeAllowing("JNA Cleaner");
    }
  }

  @BeforeAll
  void deploy() throws Exception {
    gateway =
        Gateway.deploy(
            "loom-semantic", yaml("semantic", "{ enabled: true }", ", scope: user"), dir);
  }

  @AfterAll
  void undeploy() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private String yaml(String name, String semantic, String more) {
    return "storage: { url: 'jdbc:sqlite:"
        + dir.resolve(name + ".db")
        + "' }\n"
        + "providers: [ { id: demo, type: demo } ]\n"
        + "cache: { semantic: "
        + semantic
        + more
        + " }\n"
        + "auth: { bootstrap_admin_key: "
        + KEY
        + " }\n";
  }

  private static String chat(String question, boolean stream) {
    return GatewayClient.chatBody("demo-chat", question, stream);
  }

  private static HttpResponse<String> ask(
      Gateway to, String key, String path, String body, String... headers) {
    HttpResponse<String> response = to.postJson(path, key, body, headers);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private static String status(HttpResponse<String> response) {
    return response.headers().firstValue("X-Loom-Cache").orElseThrow();
  }

  /**
   * Asks, then waits until the answer is stored and its question remembered (both happen once the response is
   * complete, the question just after the answer); returns the first answer.
   */
  private static HttpResponse<String> store(Gateway to, String key, String path, String body)
      throws Exception {
    long remembered = rememberedQuestions(to);
    HttpResponse<String> first = ask(to, key, path, body);
    assertThat(status(first)).isEqualTo("MISS");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (rememberedQuestions(to) > remembered) {
        assertThat(status(ask(to, key, path, body))).isEqualTo("HIT");
        return first;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not remembered within 10 s: " + body);
  }

  private static long rememberedQuestions(Gateway gateway) throws Exception {
    return JSON.readTree(gateway.get("/api/v1/cache/stats", KEY).body())
        .path("semantic")
        .path("entries")
        .asLong();
  }

  @Test
  void aParaphraseIsAnsweredFromTheCacheWithItsSimilarityAndMatchAndALookAlikeIsNot()
      throws Exception {
    String topic = "invoice " + (1000 + new java.util.Random().nextInt(9000));
    HttpResponse<String> original =
        store(
            gateway,
            KEY,
            "/v1/chat/completions",
            chat("How do I download " + topic + " as a PDF?", false));

    HttpResponse<String> paraphrase =
        ask(
            gateway,
            KEY,
            "/v1/chat/completions",
            chat("How can I download " + topic + " as a PDF?", false));
    HttpResponse<String> lookAlike =
        ask(
            gateway,
            KEY,
            "/v1/chat/completions",
            chat("How do I download " + topic + " as a CSV?", false));

    assertThat(status(paraphrase)).isEqualTo("SEMANTIC_HIT");
    assertThat(
            Double.parseDouble(
                paraphrase.headers().firstValue("X-Loom-Cache-Similarity").orElseThrow()))
        .isBetween(0.85, 1.0);
    assertThat(paraphrase.headers().firstValue("X-Loom-Cache-Match"))
        .isEqualTo(original.headers().firstValue("X-Loom-Cache-Key"));
    assertThat(JSON.readTree(paraphrase.body()).at("/choices/0/message/content"))
        .isEqualTo(JSON.readTree(original.body()).at("/choices/0/message/content"));
    assertThat(status(lookAlike)).isEqualTo("MISS");

    JsonNode logged =
        awaitLogged(paraphrase.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    assertThat(logged.path("cache_status").asText()).isEqualTo("HIT");
    JsonNode metadata = logged.path("metadata");
    assertThat(metadata.path("semantic_similarity").asDouble()).isBetween(0.85, 1.0);
    assertThat(metadata.path("semantic_match").asText())
        .isEqualTo(original.headers().firstValue("X-Loom-Cache-Key").orElseThrow());
    JsonNode stats = JSON.readTree(gateway.get("/api/v1/cache/stats", KEY).body());
    assertThat(stats.path("semantic").path("hits").asLong()).isPositive();
    assertThat(stats.path("exact_hits").asLong()).isPositive();
    assertThat(stats.path("hits").asLong())
        .isEqualTo(
            stats.path("exact_hits").asLong() + stats.path("semantic").path("hits").asLong());
  }

  @Test
  void theRequestHeaderTurnsTheLookupOffAndABadValueIsAnOpenAiError() throws Exception {
    String topic = "project " + UUID.randomUUID().toString().substring(0, 6);
    store(
        gateway,
        KEY,
        "/v1/chat/completions",
        chat("How do I archive the " + topic + " board?", false));

    HttpResponse<String> off =
        ask(
            gateway,
            KEY,
            "/v1/chat/completions",
            chat("How can I archive the " + topic + " board?", false),
            "X-Loom-Cache-Semantic",
            "off");
    HttpResponse<String> on =
        ask(
            gateway,
            KEY,
            "/v1/chat/completions",
            chat("How can I archive the " + topic + " board?", false),
            "X-Loom-Cache-Semantic",
            "on");
    HttpResponse<String> bad =
        gateway.postJson(
            "/v1/chat/completions",
            KEY,
            chat("How can I archive the " + topic + " board?", false),
            "X-Loom-Cache-Semantic",
            "maybe");

    assertThat(status(off)).isEqualTo("MISS");
    assertThat(status(on))
        .as("the off request stored its own answer under its own exact key")
        .isIn("HIT", "SEMANTIC_HIT");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).at("/error/message").asText())
        .contains("X-Loom-Cache-Semantic");
  }

  @Test
  void aStreamedParaphraseReplaysTheSameEventsAnExactHitWould() throws Exception {
    String topic = "ticket " + UUID.randomUUID().toString().substring(0, 6);
    String question = "How do I reopen the closed " + topic + "?";
    store(gateway, KEY, "/v1/chat/completions", chat(question, false));

    HttpResponse<String> exact = ask(gateway, KEY, "/v1/chat/completions", chat(question, true));
    HttpResponse<String> semantic =
        ask(
            gateway,
            KEY,
            "/v1/chat/completions",
            chat("How can I reopen the closed " + topic + "?", true));

    assertThat(status(exact)).isEqualTo("HIT");
    assertThat(status(semantic)).isEqualTo("SEMANTIC_HIT");
    assertThat(semantic.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/event-stream");
    assertThat(semantic.body()).isEqualTo(exact.body()).endsWith("data: [DONE]\n\n");
  }

  @Test
  void responsesAndMessagesRequestsAreComparedByTheirFinalUserText() throws Exception {
    String topic = "workspace " + UUID.randomUUID().toString().substring(0, 6);
    String responses = "{\"model\":\"demo-chat\",\"input\":\"%s\"}";
    store(gateway, KEY, "/v1/responses", responses.formatted("How do I rename the " + topic + "?"));
    assertThat(
            status(
                ask(
                    gateway,
                    KEY,
                    "/v1/responses",
                    responses.formatted("How can I rename the " + topic + "?"))))
        .isEqualTo("SEMANTIC_HIT");

    String messages =
        "{\"model\":\"demo-chat\",\"max_tokens\":64,\"system\":\"Be brief.\",\"messages\":[{\"role\":"
            + "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"%s\"}]}]}";
    store(gateway, KEY, "/v1/messages", messages.formatted("How do I delete the " + topic + "?"));
    assertThat(
            status(
                ask(
                    gateway,
                    KEY,
                    "/v1/messages",
                    messages.formatted("How can I delete the " + topic + "?"))))
        .isEqualTo("SEMANTIC_HIT");
    assertThat(
            status(
                ask(
                    gateway,
                    KEY,
                    "/v1/messages",
                    messages
                        .replace("Be brief.", "Be thorough.")
                        .formatted("How can I delete the " + topic + "?"))))
        .as("another system prompt is another partition")
        .isEqualTo("MISS");
  }

  @Test
  void usersAndNamespacesAreNeverServedEachOthersAnswers() throws Exception {
    String topic = "laptop " + UUID.randomUUID().toString().substring(0, 6);
    store(
        gateway,
        KEY,
        "/v1/chat/completions",
        chat("How do I enroll the " + topic + " in device management?", false));
    String userId =
        JSON.readTree(
                gateway
                    .postJson(
                        "/api/v1/users",
                        KEY,
                        "{\"name\":\"other-" + topic.substring(7) + "\",\"role\":\"user\"}")
                    .body())
            .path("id")
            .asText();
    String userKey =
        JSON.readTree(
                gateway
                    .postJson(
                        "/api/v1/keys",
                        KEY,
                        "{\"name\":\"other-key\",\"user_id\":\"" + userId + "\"}")
                    .body())
            .path("key")
            .asText();
    String paraphrase = chat("How can I enroll the " + topic + " in device management?", false);

    assertThat(status(ask(gateway, userKey, "/v1/chat/completions", paraphrase)))
        .as("another user")
        .isEqualTo("MISS");
    assertThat(
            status(
                ask(
                    gateway,
                    KEY,
                    "/v1/chat/completions",
                    paraphrase,
                    "X-Loom-Cache-Namespace",
                    "elsewhere")))
        .as("another namespace")
        .isEqualTo("MISS");
    assertThat(status(ask(gateway, KEY, "/v1/chat/completions", paraphrase)))
        .as("the same user")
        .isEqualTo("SEMANTIC_HIT");
  }

  @Test
  void onRedisASecondGatewayAnswersAParaphraseOfWhatTheFirstStored() throws Exception {
    String redisCache = ", backend: redis, redis_timeout: 500ms, redis_url: '%s'";
    try (RedisServer redis = RedisServer.onFreePort();
        Gateway a =
            Gateway.deploy(
                "loom-semantic-a",
                yaml("semantic-a", "{ enabled: true }", redisCache.formatted(redis.url())),
                dir);
        Gateway b =
            Gateway.deploy(
                "loom-semantic-b",
                yaml("semantic-b", "{ enabled: true }", redisCache.formatted(redis.url())),
                dir)) {
      String topic = "router " + UUID.randomUUID().toString().substring(0, 6);
      store(
          a, KEY, "/v1/chat/completions", chat("How do I factory reset the " + topic + "?", false));

      HttpResponse<String> fromB =
          ask(
              b,
              KEY,
              "/v1/chat/completions",
              chat("How can I factory reset the " + topic + "?", false));

      assertThat(status(fromB)).isEqualTo("SEMANTIC_HIT");
      assertThat(rememberedQuestions(b)).as("read from Redis into B's index").isPositive();
    }
  }

  private JsonNode awaitLogged(String requestId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      JsonNode logs =
          JSON.readTree(gateway.get("/api/v1/analytics/logs?limit=50", KEY).body()).path("logs");
      for (JsonNode log : logs) {
        if (requestId.equals(log.path("request_id").asText())) {
          return log;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("request " + requestId + " not logged within 10 s");
  }
}
