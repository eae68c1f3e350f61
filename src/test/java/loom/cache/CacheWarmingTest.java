package loom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cache warming end to end on the gateway in process: a JSON Lines upload whose one answer is given and whose
 * other is fetched from the fake upstream, a dry run that stores nothing, then the same requests sent live are hits
 * that no provider answers, counted as warmed hits; the fetch is in the request log as the admin's priced, tagged call.
 */
@ExtendWith(InProcessGatewayExtension.class)
class CacheWarmingTest {
  private final GatewayClient gateway = new GatewayClient();
  private final ApiClient admin = ApiClient.admin();

  private static String chat(String prompt) {
    return "{\"model\":\"mock/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + prompt
        + "\"}]}";
  }

  private static final String GIVEN =
      "{\"id\":\"chatcmpl-given\",\"object\":\"chat.completion\",\"created\":1,"
          + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
          + "\"the given answer\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,"
          + "\"total_tokens\":12}}";

  private HttpResponse<String> upload(String jsonl, String query) {
    return gateway.postJson(
        "/api/v1/cache/warm" + query, jsonl, "Content-Type", "application/x-ndjson");
  }

  @Test
  void warmedEntriesAnswerTheFirstLiveRequestsAndADryRunStoresNothing(FakeUpstream upstream)
      throws Exception {
    String given = "given " + UUID.randomUUID();
    String fetched = "fetched " + UUID.randomUUID();
    String jsonl =
        "{\"endpoint\":\"/chat/completions\",\"body\":"
            + chat(given)
            + ",\"response\":"
            + GIVEN
            + "}\n"
            + "{\"endpoint\":\"/v1/chat/completions\",\"body\":"
            + chat(fetched)
            + "}\n"
            + "{\"endpoint\":\"/chat/completions\",\"body\":{\"messages\":[]}}\n";
    long warmedHitsBefore =
        ApiClient.json(admin.get("/cache/stats"), 200).path("warmed_hits").asLong();

    JsonNode dry = ApiClient.json(upload(jsonl, "?dry_run=true"), 200);
    assertThat(dry.path("state").asText()).isEqualTo("done");
    assertThat(dry.path("total").asLong()).isEqualTo(3);
    assertThat(dry.path("stored").asLong()).isZero();
    assertThat(dry.path("failed").asLong()).isEqualTo(1);
    assertThat(dry.at("/errors/0/item").asText()).isEqualTo("line 3");
    assertThat(dry.at("/estimate/fetches").asLong()).isEqualTo(1);
    assertThat(dry.at("/estimate/given").asLong()).isEqualTo(1);
    assertThat(dry.at("/estimate/cost_usd").decimalValue()).isPositive();
    assertThat(upstream.requestCount()).isZero();
    assertThat(
            ApiClient.json(admin.post("/cache/explain", chat(given)), 200)
                .path("cached")
                .asBoolean())
        .isFalse();

    HttpResponse<String> accepted = upload(jsonl, "?ttl=2h");
    JsonNode started = ApiClient.json(accepted, 202);
    assertThat(accepted.headers().firstValue("Location"))
        .hasValueSatisfying(
            location ->
                assertThat(location).endsWith("/cache/warm/" + started.path("id").asText()));
    JsonNode done = awaitEnd(started.path("id").asText());
    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.path("stored").asLong()).isEqualTo(2);
    assertThat(done.path("actual_cost_usd").decimalValue()).isPositive();
    assertThat(upstream.requestCount()).as("the fetched line asked the provider once").isEqualTo(1);

    HttpResponse<String> givenLive = gateway.postJson("/v1/chat/completions", chat(given));
    HttpResponse<String> fetchedLive = gateway.postJson("/v1/chat/completions", chat(fetched));
    assertThat(givenLive.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    assertThat(givenLive.body()).contains("the given answer");
    assertThat(fetchedLive.headers().firstValue("X-Loom-Cache")).hasValue("HIT");
    assertThat(fetchedLive.body()).contains("fake answer");
    assertThat(upstream.requestCount()).as("no provider answered the live requests").isEqualTo(1);
    JsonNode stats = ApiClient.json(admin.get("/cache/stats"), 200);
    assertThat(stats.path("warmed_hits").asLong() - warmedHitsBefore).isEqualTo(2);
    assertThat(stats.path("warmed_cost_saved_usd").decimalValue()).isPositive();

    JsonNode logs = awaitLogs("loom-warming-run:" + started.path("id").asText(), 1);
    assertThat(logs.path("logs"))
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.path("path").asText()).isEqualTo("/v1/chat/completions");
              assertThat(log.path("provider_id").asText()).isEqualTo("mock");
              assertThat(log.path("cost_usd").decimalValue()).isPositive();
              assertThat(log.path("user_id").asText())
                  .isEqualTo(ApiClient.json(admin.get("/me"), 200).path("id").asText());
            });

    JsonNode list = ApiClient.json(admin.get("/cache/warm"), 200);
    assertThat(list.path("runs").findValuesAsText("id")).contains(started.path("id").asText());
    ApiClient.problem(admin.delete("/cache/warm/" + started.path("id").asText()), 409);
    ApiClient.problem(admin.get("/cache/warm/w-unknown"), 404);
  }

  /**
   * A run spends as its admin's own calls may: an enforced budget of theirs refuses a fetch as it refuses a client's
   * call (logged, 429), and the run then skips every later fetch without asking anyone.
   */
  @Test
  void aRunStopsFetchingWhenTheAdminsEnforcedBudgetRefuses(FakeUpstream upstream) throws Exception {
    JsonNode spender = admin.newUserWithKey("warming-spender", "admin");
    // A mock gpt-4o-mini answer costs 2,850 nano-dollars: 4 fit under 10,000, the 5th is refused.
    JsonNode saved =
        ApiClient.json(
            admin.put(
                "/alerts/config?user_id=" + spender.path("id").asText(),
                "{\"daily_budget_usd\":0.00001,\"enforce\":true}"),
            200);
    assertThat(saved.path("enforce").asBoolean()).isTrue();
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      jsonl
          .append("{\"endpoint\":\"/chat/completions\",\"body\":")
          .append(chat("budgeted " + i + " " + UUID.randomUUID()))
          .append("}\n");
    }
    long upstreamBefore = upstream.requestCount();

    JsonNode started =
        ApiClient.json(
            new GatewayClient(spender.path("key").asText())
                .postJson(
                    "/api/v1/cache/warm", jsonl.toString(), "Content-Type", "application/x-ndjson"),
            202);
    JsonNode done = awaitEnd(started.path("id").asText());

    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.path("stored").asLong()).isEqualTo(4);
    assertThat(done.path("skipped").asLong()).isEqualTo(4);
    assertThat(done.path("failed").asLong()).isZero();
    assertThat(done.path("skipped_reasons").fieldNames())
        .toIterable()
        .singleElement()
        .asString()
        .startsWith("budget: The daily budget of $0.00001 for " + spender.path("name").asText());
    assertThat(upstream.requestCount() - upstreamBefore)
        .as("the refused fetch and those after it asked no provider")
        .isEqualTo(4);
    JsonNode logs = awaitLogs("loom-warming-run:" + started.path("id").asText(), 5);
    assertThat(logs.path("logs").findValuesAsText("status_code"))
        .containsExactlyInAnyOrder("200", "200", "200", "200", "429");
  }

  @Test
  void badRequestsGetProblemJsonAndOnlyAdminsMayWarm() {
    ApiClient.problem(admin.post("/cache/warm", "{\"source\":\"replay\"}"), 400);
    ApiClient.problem(
        admin.post("/cache/warm", "{\"source\":\"jsonl\",\"jsonl\":\"\",\"ttl\":\"soon\"}"), 400);
    ApiClient.problem(admin.post("/cache/warm", "{\"colour\":\"red\"}"), 400);
    JsonNode replay =
        ApiClient.json(
            admin.post(
                "/cache/warm",
                "{\"source\":\"replay\",\"start_time\":"
                    + "\"2026-01-01T00:00:00Z\",\"dry_run\":true}"),
            200);
    assertThat(replay.path("total").asLong()).as("the IT gateway keeps no bodies").isZero();
    JsonNode user = admin.newUserWithKey("warming", "user");
    ApiClient asUser = ApiClient.withKey(user.path("key").asText());
    ApiClient.problem(asUser.get("/cache/warm"), 403);
    ApiClient.problem(
        asUser.post("/cache/warm", "{\"source\":\"jsonl\",\"jsonl\":\"\",\"dry_run\":true}"), 403);
  }

  private JsonNode awaitEnd(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode run = ApiClient.json(admin.get("/cache/warm/" + id), 200);
    while ("running".equals(run.path("state").asText()) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      run = ApiClient.json(admin.get("/cache/warm/" + id), 200);
    }
    return run;
  }

  /** The logs tagged {@code tag}, once there are {@code count} (or 30 s have passed). */
  private JsonNode awaitLogs(String tag, int count) throws InterruptedException {
    String path =
        "/analytics/logs?start_time=2020-01-01T00:00:00Z&tag="
            + URLEncoder.encode(tag, StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode logs = ApiClient.json(admin.get(path), 200);
    while (logs.path("logs").size() < count && System.nanoTime() < deadline) {
      Thread.sleep(200);
      logs = ApiClient.json(admin.get(path), 200);
    }
    return logs;
  }
}
