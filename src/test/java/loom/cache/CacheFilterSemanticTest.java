package loom.cache;

import static loom.testing.ChainProbe.Outcome.ANSWERED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.ChainProbe;
import loom.testing.GatewayClient;
import loom.testing.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CacheFilter}'s hit by meaning, on a gateway in process with {@code cache.semantic} on and the demo provider:
 * a question asked in other words after an exact miss is answered by the filter itself as a {@code SEMANTIC_HIT}.
 * (Guards, scopes, streams and Redis are {@code SemanticCacheTest}'s.)
 */
class CacheFilterSemanticTest {
  private static final ChainProbe PROBE = new ChainProbe();
  private static InProcessGateway gateway;

  @BeforeAll
  static void start() {
    gateway =
        InProcessGateway.start(
            "providers: [ { id: demo, type: demo } ]\n"
                + "cache: { semantic: { enabled: true } }\n"
                + "auth: { bootstrap_admin_key: "
                + GatewayClient.ADMIN_KEY
                + " }\n",
            PROBE);
  }

  @AfterAll
  static void stop() {
    // Known and not mended: loading the built-in model's tokenizer, DJL probes for CUDA through
    // JNA, whose cleaner thread (one per JVM, started with the class loader of the first gateway
    // that loads the model) outlives that gateway until JNA's objects are collected, and 30 s more
    // (JNA's linger time); until then it holds the class loader.
    gateway.closeAllowing("JNA Cleaner");
    PROBE.assertKept();
  }

  @Test
  void aQuestionInOtherWordsIsAnsweredByTheCacheItself() throws Exception {
    GatewayClient client = gateway.client();
    String topic = "invoice " + UUID.randomUUID().toString().substring(0, 4);
    HttpResponse<String> original =
        client.postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody(
                "demo-chat", "How do I download " + topic + " as a PDF?", false));
    assertThat(original.headers().firstValue("X-Loom-Cache")).hasValue("MISS");
    awaitRememberedQuestions(1);
    PROBE.forgetOutcomes();

    HttpResponse<String> paraphrase =
        client.postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody(
                "demo-chat", "How can I download " + topic + " as a PDF?", false));

    assertThat(paraphrase.statusCode()).isEqualTo(200);
    assertThat(paraphrase.headers().firstValue("X-Loom-Cache")).hasValue("SEMANTIC_HIT");
    assertThat(paraphrase.headers().firstValue("X-Loom-Cache-Match"))
        .isEqualTo(original.headers().firstValue("X-Loom-Cache-Key"));
    assertThat(paraphrase.body()).isEqualTo(original.body());
    assertThat(PROBE.outcomes().get("loom-cache")).isEqualTo(Set.of(ANSWERED));
    assertThat(PROBE.outcomes()).doesNotContainKey("loom-budget");
  }

  /** The question is remembered just after its answer is stored, once the response is complete. */
  private static void awaitRememberedQuestions(long count) throws InterruptedException {
    ApiClient admin = new ApiClient(gateway.client());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (ApiClient.json(admin.get("/cache/stats"), 200).at("/semantic/entries").asLong()
        < count) {
      assertThat(Instant.now()).as("the question is remembered within 10 s").isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
