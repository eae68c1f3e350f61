package loom.cache.warming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import loom.cache.CacheKey;
import loom.cache.warming.WarmingProgress.State;
import loom.proxy.Attribution;
import loom.proxy.DirectAnswer;
import loom.proxy.DirectRequest;
import loom.proxy.Endpoint;
import loom.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays of the request logs on a real SQLite store: a call whose bodies were kept is stored from its logged answer
 * (no provider asked), one whose bodies were not cannot be replayed; and with {@code scope: user} the entries go to
 * the admin's partition unless another user is named.
 */
class ReplayWarmingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT =
      "{\"model\":\"demo-chat\",\"temperature\":0,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"%s\"}]%s}";

  @RegisterExtension final TestStores stores = new TestStores();

  private static String yaml(boolean keepBodies, String scope) {
    return """
        providers: [{ id: demo, type: demo }]
        routing: { default_provider: demo }
        privacy: { log_request_bodies: %s, log_response_bodies: %s }
        cache: { scope: %s }
        """
        .formatted(keepBodies, keepBodies, scope);
  }

  /** A call made and logged as a client's would be (a user's, so it is not the admin's own partition). */
  private static void call(WarmingFixture gateway, String prompt, boolean stream) {
    String body = CHAT.formatted(prompt, stream ? ",\"stream\":true" : "");
    DirectAnswer answer =
        gateway.proxy.call(
            new DirectRequest(
                Endpoint.CHAT_COMPLETIONS,
                body.getBytes(StandardCharsets.UTF_8),
                null,
                new loom.auth.Caller("u-bob", "bob", loom.auth.Role.USER, "k-bob"),
                Attribution.NONE,
                1_000_000));
    assertThat(answer.status()).isEqualTo(200);
    gateway.analytics.record(answer);
  }

  private static WarmingRequest replay(String userId, boolean dryRun) {
    Instant now = Instant.now();
    return new WarmingRequest(
        new WarmingSource.Replay(
            now.minus(Duration.ofHours(1)), now.plusSeconds(60), null, null, null, 100),
        null,
        userId,
        null,
        dryRun,
        null);
  }

  private static CacheKey key(WarmingFixture gateway, String prompt, boolean stream, String userId)
      throws Exception {
    ObjectNode body =
        (ObjectNode) JSON.readTree(CHAT.formatted(prompt, stream ? ",\"stream\":true" : ""));
    return gateway.cache.keyFor(
        "demo", "demo-chat", body, null, userId, Endpoint.CHAT_COMPLETIONS, stream);
  }

  @Test
  void loggedAnswersWhoseBodiesWereKeptAreStoredWithoutAskingTheProvider() throws Exception {
    try (WarmingFixture gateway = new WarmingFixture(stores, yaml(true, "shared"))) {
      call(gateway, "json answer", false);
      call(gateway, "streamed answer", true);
      gateway.calls =
          request -> {
            throw new AssertionError("a replay asks no provider");
          };

      WarmingProgress dry = gateway.warmer.start(WarmingFixture.ADMIN, replay(null, true));
      assertThat(dry.total()).isEqualTo(2);
      assertThat(dry.estimate().given()).isEqualTo(2);
      assertThat(dry.estimate().fetches()).isZero();

      WarmingProgress started = gateway.warmer.start(WarmingFixture.ADMIN, replay(null, false));
      gateway.worker.runAll();

      WarmingProgress done = gateway.warmer.find(WarmingFixture.ADMIN, started.id());
      assertThat(done.state()).isEqualTo(State.DONE);
      assertThat(done.stored()).as(done.toString()).isEqualTo(2);
      assertThat(done.failed()).isZero();
      assertThat(gateway.cache.isCached(key(gateway, "json answer", false, null).value())).isTrue();
      assertThat(gateway.cache.isCached(key(gateway, "streamed answer", true, null).value()))
          .isTrue();
      assertThat(gateway.recorded).isEmpty();
    }
  }

  @Test
  void logsWithoutTheirBodiesAreNotReplayed() {
    try (WarmingFixture gateway = new WarmingFixture(stores, yaml(false, "shared"))) {
      call(gateway, "not kept", false);

      WarmingProgress dry = gateway.warmer.start(WarmingFixture.ADMIN, replay(null, true));

      assertThat(dry.total()).isZero();
      assertThat(dry.stored()).isZero();
    }
  }

  @Test
  void withUserScopeEntriesGoToTheAdminsPartitionUnlessAUserIsNamed() throws Exception {
    try (WarmingFixture gateway = new WarmingFixture(stores, yaml(true, "user"))) {
      call(gateway, "partitioned", false);

      gateway.warmer.start(WarmingFixture.ADMIN, replay(null, false));
      gateway.worker.runAll();
      gateway.warmer.start(WarmingFixture.ADMIN, replay("u-bob", false));
      gateway.worker.runAll();

      assertThat(gateway.cache.isCached(key(gateway, "partitioned", false, "u-admin").value()))
          .isTrue();
      assertThat(gateway.cache.isCached(key(gateway, "partitioned", false, "u-bob").value()))
          .isTrue();
      assertThat(gateway.cache.isCached(key(gateway, "partitioned", false, "u-carol").value()))
          .isFalse();
    }
  }
}
