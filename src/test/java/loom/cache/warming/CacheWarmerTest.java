package loom.cache.warming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import loom.analytics.UsageEstimate;
import loom.cache.CacheKey;
import loom.cache.warming.WarmingProgress.State;
import loom.proxy.Endpoint;
import loom.support.ConflictException;
import loom.support.InvalidInputException;
import loom.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Warming runs from a file on the real proxy (demo provider) and memory cache: plan, estimate, store, cancel. */
class CacheWarmerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT =
      "{\"model\":\"demo-chat\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"%s\"}]}";
  private static final String GIVEN =
      "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"given\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";

  @RegisterExtension final TestStores stores = new TestStores();
  private WarmingFixture gateway;

  @BeforeEach
  void start() {
    gateway =
        new WarmingFixture(
            stores,
            """
        providers: [{ id: demo, type: demo }]
        routing: { default_provider: demo }
        """);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private static String line(String prompt) {
    return "{\"endpoint\":\"/chat/completions\",\"body\":" + CHAT.formatted(prompt) + "}";
  }

  private static String givenLine(String prompt) {
    return "{\"endpoint\":\"/chat/completions\",\"body\":"
        + CHAT.formatted(prompt)
        + ",\"response\":"
        + GIVEN
        + "}";
  }

  private static WarmingRequest file(String text, boolean dryRun) {
    return new WarmingRequest(
        new WarmingSource.File(text, "upload"), null, null, null, dryRun, null);
  }

  private CacheKey liveKey(String prompt) throws Exception {
    return gateway.cache.keyFor(
        "demo",
        "demo-chat",
        (ObjectNode) JSON.readTree(CHAT.formatted(prompt)),
        null,
        WarmingFixture.ADMIN.userId(),
        Endpoint.CHAT_COMPLETIONS,
        false);
  }

  @Test
  void aDryRunChecksKeysCountsWhatIsCachedAndEstimatesWithoutFetchingOrStoring() throws Exception {
    gateway.warmer.start(WarmingFixture.ADMIN, file(givenLine("cached"), false));
    gateway.worker.runAll();

    WarmingProgress dry =
        gateway.warmer.start(
            WarmingFixture.ADMIN,
            file(
                String.join(
                    "\n",
                    line("one"),
                    line("two"),
                    line("one"),
                    givenLine("cached"),
                    givenLine("new"),
                    "{broken"),
                true));

    assertThat(dry.state()).isEqualTo(State.DONE);
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.total()).isEqualTo(6);
    assertThat(dry.done()).isEqualTo(6);
    assertThat(dry.stored()).isZero();
    assertThat(dry.alreadyCached()).isEqualTo(1);
    assertThat(dry.skippedReasons())
        .containsEntry("already cached", 1L)
        .containsEntry("repeated in the source", 1L);
    assertThat(dry.failed()).isEqualTo(1);
    assertThat(dry.errors())
        .singleElement()
        .satisfies(error -> assertThat(error.item()).isEqualTo("line 6"));
    long input =
        UsageEstimate.of(Endpoint.CHAT_COMPLETIONS, JSON.readTree(CHAT.formatted("one")))
            .promptTokens();
    assertThat(dry.estimate().fetches()).isEqualTo(2);
    assertThat(dry.estimate().given()).isEqualTo(1);
    assertThat(dry.estimate().inputTokens()).isEqualTo(2 * input);
    assertThat(dry.estimate().outputTokens()).as("max_tokens of each").isEqualTo(100);
    assertThat(dry.estimate().costUsd())
        .isEqualByComparingTo(
            WarmingFixture.PER_TOKEN.multiply(BigDecimal.valueOf(2 * input + 100)));
    assertThat(gateway.worker.isTerminated()).isFalse();
    assertThat(gateway.recorded).isEmpty();
    assertThat(gateway.cache.isCached(liveKey("one").value())).isFalse();
    assertThat(gateway.cache.isCached(liveKey("new").value())).isFalse();
    assertThat(gateway.cache.stats().warmedStores()).isEqualTo(1);
  }

  @Test
  void aRunStoresGivenAnswersAsTheyAreAndFetchesTheOthersOnceAsTheAdminsTaggedCalls()
      throws Exception {
    WarmingProgress started =
        gateway.warmer.start(
            WarmingFixture.ADMIN,
            new WarmingRequest(
                new WarmingSource.File(
                    String.join("\n", line("fetch me"), givenLine("given")), "upload"),
                null,
                null,
                Duration.ofMinutes(10),
                false,
                null));

    assertThat(started.state()).isEqualTo(State.RUNNING);
    assertThat(started.estimate().fetches()).isEqualTo(1);
    assertThat(started.done()).isZero();
    gateway.worker.runAll();

    WarmingProgress done = gateway.warmer.find(WarmingFixture.ADMIN, started.id());
    assertThat(done.state()).isEqualTo(State.DONE);
    assertThat(done.stored()).isEqualTo(2);
    assertThat(done.done()).isEqualTo(2);
    assertThat(done.actualCostUsd()).isPositive();
    assertThat(gateway.recorded)
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.status()).isEqualTo(200);
              assertThat(answer.caller()).isEqualTo(WarmingFixture.ADMIN);
              assertThat(answer.path()).isEqualTo("/v1/chat/completions");
              assertThat(answer.attribution().tags())
                  .containsExactly("loom-warming", "loom-warming-run:" + started.id());
            });
    assertThat(gateway.cache.isCached(liveKey("fetch me").value())).isTrue();
    assertThat(gateway.cache.isCached(liveKey("given").value())).isTrue();
    assertThat(gateway.cache.stats().warmedStores()).isEqualTo(2);
    assertThat(gateway.warmer.list(WarmingFixture.ADMIN))
        .extracting(WarmingProgress::id)
        .containsExactly(started.id());

    WarmingProgress again =
        gateway.warmer.start(WarmingFixture.ADMIN, file(line("fetch me"), false));
    gateway.worker.runAll();
    assertThat(gateway.warmer.find(WarmingFixture.ADMIN, again.id()).alreadyCached()).isEqualTo(1);
    assertThat(gateway.recorded).as("a cached request is not fetched again").hasSize(1);
  }

  @Test
  void aFailedFetchIsAnErrorOfItsLineAndTheRunGoesOn() {
    WarmingProgress started =
        gateway.warmer.start(
            WarmingFixture.ADMIN,
            file(
                String.join(
                    "\n",
                    "{\"endpoint\":\"/chat/completions\",\"body\":{\"model\":\"demo-chat\",\"messages\":\"not a list\"}}",
                    line("fine")),
                false));
    gateway.worker.runAll();

    WarmingProgress done = gateway.warmer.find(WarmingFixture.ADMIN, started.id());
    assertThat(done.state()).isEqualTo(State.DONE);
    assertThat(done.stored()).isEqualTo(1);
    assertThat(done.failed()).isEqualTo(1);
    assertThat(done.errors())
        .singleElement()
        .satisfies(error -> assertThat(error.item()).isEqualTo("line 1"));
    assertThat(gateway.recorded).hasSize(2);
  }

  @Test
  void aCancelledRunStopsAfterTheRequestItIsOn() {
    WarmingProgress started =
        gateway.warmer.start(
            WarmingFixture.ADMIN, file(String.join("\n", line("a"), line("b"), line("c")), false));
    CacheWarmer.Calls real = gateway.calls;
    gateway.calls =
        request -> {
          var answer = real.call(request);
          gateway.warmer.cancel(WarmingFixture.ADMIN, started.id());
          return answer;
        };

    gateway.worker.runAll();

    WarmingProgress cancelled = gateway.warmer.find(WarmingFixture.ADMIN, started.id());
    assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
    assertThat(cancelled.stored()).isEqualTo(1);
    assertThat(cancelled.done()).isEqualTo(1);
    assertThat(cancelled.total()).isEqualTo(3);
    assertThatThrownBy(() -> gateway.warmer.cancel(WarmingFixture.ADMIN, started.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("ended already");
  }

  @Test
  void onlyOneRunAtATimeButDryRunsAlways() {
    WarmingProgress first = gateway.warmer.start(WarmingFixture.ADMIN, file(line("x"), false));

    assertThatThrownBy(() -> gateway.warmer.start(WarmingFixture.ADMIN, file(line("y"), false)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(first.id() + " is still running");
    assertThat(gateway.warmer.start(WarmingFixture.ADMIN, file(line("y"), true)).state())
        .isEqualTo(State.DONE);
    gateway.worker.runAll();
    assertThat(gateway.warmer.start(WarmingFixture.ADMIN, file(line("y"), false)).state())
        .isEqualTo(State.RUNNING);
  }

  @Test
  void maxCostStopsTheFetchesOnceSpent() {
    WarmingProgress started =
        gateway.warmer.start(
            WarmingFixture.ADMIN,
            new WarmingRequest(
                new WarmingSource.File(
                    String.join("\n", line("a"), line("b"), givenLine("c")), "upload"),
                null,
                null,
                null,
                false,
                new BigDecimal("0.000000001")));
    gateway.worker.runAll();

    WarmingProgress done = gateway.warmer.find(WarmingFixture.ADMIN, started.id());
    assertThat(done.stored()).isEqualTo(2);
    assertThat(done.skippedReasons()).containsEntry("max_cost_usd reached", 1L);
  }

  @Test
  void badRequestsAreRefusedBeforeAnythingRuns() {
    assertThatThrownBy(
            () ->
                gateway.warmer.start(
                    WarmingFixture.ADMIN,
                    new WarmingRequest(
                        new WarmingSource.File(line("a"), "upload"),
                        null,
                        null,
                        Duration.ofDays(30),
                        false,
                        null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("max_ttl");
    assertThatThrownBy(
            () ->
                gateway.warmer.start(
                    WarmingFixture.ADMIN,
                    new WarmingRequest(
                        new WarmingSource.File(line("a"), "upload"),
                        "bad:namespace",
                        null,
                        null,
                        false,
                        null)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                gateway.warmer.start(
                    new loom.auth.Caller("u-1", "user", loom.auth.Role.USER, "k"),
                    file(line("a"), true)))
        .isInstanceOf(loom.support.AccessDeniedException.class);
    assertThatThrownBy(
            () ->
                gateway.warmer.start(
                    WarmingFixture.ADMIN,
                    file((line("a") + "\n").repeat(WarmingLines.MAX_LINES + 1), false)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 10000 lines");
    assertThat(gateway.warmer.list(WarmingFixture.ADMIN)).isEmpty();
    assertThat(gateway.warmer.isRunning()).isFalse();
  }
}
