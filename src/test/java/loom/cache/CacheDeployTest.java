package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import loom.testing.GatewayClient;
import loom.testing.InProcessGateway;
import loom.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache settings that need gateways of their own (in-process, see {@link InProcessGateway}): on
 * Redis (a real redis-server this test starts, stops and restarts) gateways share entries, and Redis down
 * at deploy or dying mid-run fails no request (the cache falls back to memory) and is re-attached once
 * back; with {@code scope: user} entries are per user and erased with the user's data.
 */
class CacheDeployTest {
  private static final String KEY = "lk-redis-cache-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private String yaml(String name, RedisServer redis) {
    return "storage: { url: 'jdbc:sqlite:"
        + dir.resolve(name + ".db")
        + "' }\n"
        + "providers: [ { id: demo, type: demo } ]\n"
        + "cache: { backend: redis, redis_url: '"
        + redis.url()
        + "', redis_timeout: 300ms, probe_period: 1s }\n"
        + "auth: { bootstrap_admin_key: "
        + KEY
        + " }\n";
  }

  private static String ask(InProcessGateway gateway, String body) {
    return ask(gateway, KEY, body);
  }

  private static String ask(InProcessGateway gateway, String key, String body) {
    HttpResponse<String> response = gateway.client(key).postJson("/v1/chat/completions", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("X-Loom-Cache").orElseThrow();
  }

  private static String cacheState(InProcessGateway gateway) throws Exception {
    return JSON.readTree(gateway.client(null).get("/api/v1/health").body()).path("cache").asText();
  }

  private static void awaitCacheState(InProcessGateway gateway, String state) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!cacheState(gateway).equals(state) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(cacheState(gateway)).isEqualTo(state);
  }

  private static void awaitCached(InProcessGateway gateway, String body) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    boolean cached;
    do {
      HttpResponse<String> explained = gateway.client(KEY).postJson("/api/v1/cache/explain", body);
      assertThat(explained.statusCode()).as(explained.body()).isEqualTo(200);
      cached = JSON.readTree(explained.body()).path("cached").asBoolean();
      if (!cached) {
        Thread.sleep(50);
      }
    } while (!cached && Instant.now().isBefore(deadline));
    assertThat(cached).as("stored in the cache within 10 s").isTrue();
  }

  @Test
  void twoGatewaysOnOneRedisShareTheirEntries() throws Exception {
    try (RedisServer redis = RedisServer.onFreePort();
        InProcessGateway a = InProcessGateway.start(yaml("a", redis));
        InProcessGateway b = InProcessGateway.start(yaml("b", redis))) {
      assertThat(cacheState(a)).isEqualTo("redis");
      String body = GatewayClient.chatBody("demo-chat", "shared " + UUID.randomUUID(), false);

      assertThat(ask(a, body)).isEqualTo("MISS");
      // A stores its answer once the response is complete, so its client can be faster than the
      // store.
      awaitCached(a, body);
      assertThat(ask(b, body)).isEqualTo("HIT");
      assertThat(ask(a, body)).isEqualTo("HIT");
    }
  }

  @Test
  void redisDownAtDeployOrMidRunFailsNoRequestAndIsReattachedWhenBack() throws Exception {
    try (RedisServer redis = RedisServer.onFreePort()) {
      redis.stop();
      // The gateway starts (start throws otherwise), its cache on the memory fallback.
      try (InProcessGateway gateway = InProcessGateway.start(yaml("down", redis))) {
        assertThat(cacheState(gateway)).isEqualTo("memory-fallback");
        String body = GatewayClient.chatBody("demo-chat", "fallback " + UUID.randomUUID(), false);
        assertThat(ask(gateway, body)).isEqualTo("MISS");
        assertThat(ask(gateway, body)).isEqualTo("HIT");

        redis.start();
        awaitCacheState(gateway, "redis");
        String onRedis =
            GatewayClient.chatBody("demo-chat", "on redis " + UUID.randomUUID(), false);
        assertThat(ask(gateway, onRedis)).isEqualTo("MISS");
        assertThat(ask(gateway, onRedis)).isEqualTo("HIT");

        redis.stop();
        for (int i = 0; i < 10; i++) {
          ask(
              gateway,
              GatewayClient.chatBody(
                  "demo-chat", "while down " + i + " " + UUID.randomUUID(), i % 2 == 0));
        }
        assertThat(cacheState(gateway)).isEqualTo("memory-fallback");

        redis.start();
        awaitCacheState(gateway, "redis");
        assertThat(
                ask(
                    gateway,
                    GatewayClient.chatBody("demo-chat", "back " + UUID.randomUUID(), false)))
            .isEqualTo("MISS");
      }
    }
  }

  @Test
  void withUserScopeEntriesArePerUserAndErasedWithTheUsersData() throws Exception {
    String yaml =
        "storage: { url: 'jdbc:sqlite:"
            + dir.resolve("scoped.db")
            + "' }\n"
            + "providers: [ { id: demo, type: demo } ]\n"
            + "cache: { scope: user }\n"
            + "auth: { bootstrap_admin_key: "
            + KEY
            + " }\n";
    try (InProcessGateway gateway = InProcessGateway.start(yaml)) {
      GatewayClient admin = gateway.client(KEY);
      String userId =
          JSON.readTree(
                  admin.postJson("/api/v1/users", "{\"name\":\"scoped\",\"role\":\"user\"}").body())
              .path("id")
              .asText();
      String userKey =
          JSON.readTree(
                  admin
                      .postJson(
                          "/api/v1/keys",
                          "{\"name\":\"scoped-key\",\"user_id\":\"" + userId + "\"}")
                      .body())
              .path("key")
              .asText();
      String body = GatewayClient.chatBody("demo-chat", "mine " + UUID.randomUUID(), false);

      assertThat(ask(gateway, KEY, body)).isEqualTo("MISS");
      assertThat(ask(gateway, KEY, body)).isEqualTo("HIT");
      assertThat(ask(gateway, userKey, body)).isEqualTo("MISS");
      HttpResponse<String> hit = gateway.client(userKey).postJson("/v1/chat/completions", body);
      assertThat(hit.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
      assertThat(hit.headers().firstValue("X-Loom-Cache-Key").orElseThrow())
          .matches("v1:u-[0-9a-f]{16}:demo:.*")
          .doesNotContain(userId);

      HttpResponse<String> erased = admin.delete("/api/v1/analytics/users/" + userId + "/data");
      assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
      assertThat(JSON.readTree(erased.body()).path("cache_entries_deleted").asLong()).isEqualTo(1);
      assertThat(ask(gateway, userKey, body)).isEqualTo("MISS");
      assertThat(ask(gateway, KEY, body)).isEqualTo("HIT");
    }
  }
}
