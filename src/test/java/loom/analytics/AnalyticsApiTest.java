package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.LoggedRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analytics API of the gateway in process, over HTTP: exact field names, a user's rows and sums being theirs
 * only, every bad parameter a 400 naming it, exports as downloads that the audit trail records, and the
 * per-user rate limits. Each run makes users of its own, so the other suites' traffic in the same store does
 * not matter.
 */
@ExtendWith(InProcessGatewayExtension.class)
class AnalyticsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ApiClient ADMIN = ApiClient.admin();
  private static JsonNode alice;
  private static JsonNode bob;
  private static List<String> aliceRequests;
  private static String since;

  /** Alice makes 6 calls: 5 answered (one body twice, so 4 upstream answers and 1 cache hit), 1 to a provider that is down. */
  @BeforeAll
  static void traffic() throws Exception {
    since = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toString();
    alice = ADMIN.newUserWithKey("alice", "user");
    bob = ADMIN.newUserWithKey("bob", "user");
    GatewayClient asAlice = new GatewayClient(alice.path("key").asText());
    String repeated =
        GatewayClient.chatBody("mock/gpt-4o-mini", "repeat " + UUID.randomUUID(), false);
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      responses.add(
          asAlice.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody(
                  "mock/gpt-4o-mini", "n" + i + " " + UUID.randomUUID(), false)));
    }
    responses.add(asAlice.postJson("/v1/chat/completions", repeated));
    responses.add(asAlice.postJson("/v1/chat/completions", repeated));
    responses.add(
        asAlice.postJson("/v1/chat/completions", GatewayClient.chatBody("down/m", "x", false)));
    aliceRequests = LoggedRows.ids(responses);
    LoggedRows.await(aliceRequests);
    new GatewayClient(bob.path("key").asText())
        .postJson(
            "/v1/chat/completions",
            GatewayClient.chatBody("mock/gpt-4o-mini", "bob " + UUID.randomUUID(), false));
  }

  private static ApiClient as(JsonNode user) {
    return ApiClient.withKey(user.path("key").asText());
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void aUserSeesTheirOwnLogsNewestFirstWithEveryField() {
    JsonNode page = ApiClient.json(as(alice).get("/analytics/logs?start_time=" + q(since)), 200);

    assertThat(page.path("total").asLong()).isEqualTo(6);
    assertThat(page.path("limit").asInt()).isEqualTo(100);
    assertThat(page.path("offset").asInt()).isZero();
    assertThat(page.path("next_cursor").isNull()).isTrue();
    Set<String> ids = new HashSet<>();
    Instant previous = Instant.MAX;
    for (JsonNode log : page.path("logs")) {
      assertThat(log.path("user_id").asText()).isEqualTo(alice.path("id").asText());
      Instant at = Instant.parse(log.path("timestamp").asText());
      assertThat(at).isBeforeOrEqualTo(previous);
      previous = at;
      ids.add(log.path("request_id").asText());
      assertThat(log.fieldNames())
          .toIterable()
          .contains(
              "id",
              "request_id",
              "timestamp",
              "user_id",
              "api_key_id",
              "end_user",
              "method",
              "path",
              "endpoint",
              "provider_id",
              "model_name",
              "prompt_tokens",
              "completion_tokens",
              "total_tokens",
              "cached_tokens",
              "cache_write_tokens",
              "cache_write_1h_tokens",
              "latency_ms",
              "time_to_first_byte_ms",
              "status_code",
              "cost_usd",
              "cost_saved_usd",
              "cache_status",
              "stream");
      assertThat(log.path("endpoint").asText()).isEqualTo("chat.completions");
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(aliceRequests);
  }

  @Test
  void cursorPagesWalkEveryRowOnce() {
    Set<String> seen = new HashSet<>();
    String url = "/analytics/logs?limit=2&start_time=" + q(since);
    for (int pages = 0; pages < 10 && url != null; pages++) {
      JsonNode page = ApiClient.json(as(alice).get(url), 200);
      page.path("logs").forEach(log -> assertThat(seen.add(log.path("id").asText())).isTrue());
      String next = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
      url =
          next == null
              ? null
              : "/analytics/logs?limit=2&start_time=" + q(since) + "&cursor=" + next;
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(aliceRequests);
  }

  @Test
  void filtersNarrowTheLogs() {
    JsonNode errors =
        ApiClient.json(as(alice).get("/analytics/logs?status=error&start_time=" + q(since)), 200);
    assertThat(errors.path("total").asLong()).isEqualTo(1);
    assertThat(errors.path("logs").get(0).path("provider_id").asText()).isEqualTo("down");

    JsonNode hits =
        ApiClient.json(
            as(alice).get("/analytics/logs?cache_status=HIT&start_time=" + q(since)), 200);
    assertThat(hits.path("total").asLong()).isEqualTo(1);
    assertThat(hits.path("logs").get(0).path("cost_usd").decimalValue()).isZero();
    assertThat(hits.path("logs").get(0).path("cost_saved_usd").decimalValue()).isPositive();

    JsonNode mock =
        ApiClient.json(as(alice).get("/analytics/logs?provider_id=mock&model=gpt-4o-mini"), 200);
    assertThat(mock.path("total").asLong()).isEqualTo(5);

    JsonNode chat =
        ApiClient.json(
            as(alice).get("/analytics/logs?endpoint=chat.completions&start_time=" + q(since)), 200);
    assertThat(chat.path("total").asLong()).isEqualTo(6);
    JsonNode messages =
        ApiClient.json(
            as(alice).get("/analytics/logs?endpoint=messages&start_time=" + q(since)), 200);
    assertThat(messages.path("total").asLong()).isZero();
    JsonNode stats =
        ApiClient.json(
            as(alice).get("/analytics/stats?endpoint=messages&start_time=" + q(since)), 200);
    assertThat(stats.path("total_requests").asLong()).isZero();
  }

  @Test
  void anotherUsersDataIsForbiddenOrNotFoundButAdminsSeeIt() {
    String aliceId = alice.path("id").asText();
    String rowId =
        ApiClient.json(as(alice).get("/analytics/logs?limit=1"), 200)
            .path("logs")
            .get(0)
            .path("id")
            .asText();
    for (String path :
        List.of(
            "/analytics/logs",
            "/analytics/stats",
            "/analytics/costs",
            "/analytics/timeseries",
            "/analytics/export?format=csv",
            "/analytics/export-stats?format=json")) {
      String url = path + (path.contains("?") ? "&" : "?") + "user_id=" + aliceId;
      HttpResponse<String> refused = as(bob).get(url);
      assertThat(refused.statusCode()).as(url).isEqualTo(403);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(ADMIN.get(url).statusCode()).as(url).isEqualTo(200);
    }
    assertThat(as(bob).get("/analytics/logs/" + rowId).statusCode()).isEqualTo(404);
    assertThat(ApiClient.json(ADMIN.get("/analytics/logs/" + rowId), 200).path("user_id").asText())
        .isEqualTo(aliceId);
    assertThat(ApiClient.json(as(alice).get("/analytics/logs/" + rowId), 200).path("id").asText())
        .isEqualTo(rowId);
    JsonNode bobsOwn = ApiClient.json(as(bob).get("/analytics/logs?start_time=" + q(since)), 200);
    assertThat(bobsOwn.path("total").asLong()).isEqualTo(1);
    assertThat(as(bob).get("/analytics/exports").statusCode()).isEqualTo(403);
    assertThat(
            as(bob).post("/analytics/purge", "{\"before\":\"2000-01-01T00:00:00Z\"}").statusCode())
        .isEqualTo(403);
  }

  @Test
  void statsAndCostsSumTheUsersRequests() {
    JsonNode stats = ApiClient.json(as(alice).get("/analytics/stats?start_time=" + q(since)), 200);

    assertThat(stats.fieldNames())
        .toIterable()
        .contains(
            "total_requests",
            "total_tokens",
            "total_cost_usd",
            "avg_latency_ms",
            "p50_latency_ms",
            "p95_latency_ms",
            "error_rate",
            "cache_hit_rate",
            "cost_saved_usd",
            "requests_by_user",
            "requests_by_provider",
            "requests_by_model",
            "cost_by_provider",
            "cost_by_user",
            "cost_by_model",
            "tokens_by_provider",
            "tokens_by_user",
            "latency_by_provider",
            "requests_by_endpoint",
            "cost_by_endpoint",
            "tokens_by_endpoint",
            "latency_by_endpoint");
    assertThat(stats.path("requests_by_endpoint").path("chat.completions").asLong()).isEqualTo(6);
    assertThat(stats.path("total_requests").asLong()).isEqualTo(6);
    // 5 answers of 11 + 2 tokens, one of them from the cache (its tokens still count as served).
    assertThat(stats.path("total_tokens").asLong()).isEqualTo(5 * 13);
    // Four priced upstream answers of gpt-4o-mini: 4 × 2,850 nano-dollars; the hit cost nothing and
    // saved one.
    assertThat(stats.path("total_cost_usd").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.0000114"));
    assertThat(stats.path("cost_saved_usd").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.00000285"));
    assertThat(stats.path("error_rate").asDouble()).isEqualTo(Math.round(10_000.0 / 6) / 10_000.0);
    assertThat(stats.path("requests_by_provider").path("mock").asLong()).isEqualTo(5);
    assertThat(stats.path("requests_by_provider").path("down").asLong()).isEqualTo(1);
    assertThat(stats.path("requests_by_user").path(alice.path("id").asText()).asLong())
        .isEqualTo(6);
    assertThat(stats.path("requests_by_user").size()).isEqualTo(1);

    JsonNode costs = ApiClient.json(as(alice).get("/analytics/costs?start_time=" + q(since)), 200);
    assertThat(costs.fieldNames())
        .toIterable()
        .contains(
            "total_cost_usd",
            "total_requests",
            "total_tokens",
            "cost_per_request",
            "cost_per_1k_tokens",
            "cost_by_provider",
            "cost_by_user",
            "cost_by_model",
            "cost_by_endpoint",
            "time_range");
    assertThat(costs.path("cost_by_endpoint").path("chat.completions").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.0000114"));
    assertThat(costs.path("total_cost_usd").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.0000114"));
    assertThat(costs.path("cost_by_model").path("gpt-4o-mini").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.0000114"));
    assertThat(costs.path("cost_per_request").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.0000019"));
    assertThat(costs.path("time_range").path("start").asText()).isEqualTo(since);
  }

  @Test
  void timeseriesHasEveryBucketAndSumsToTheStats() {
    String end = Instant.parse(since).plus(2, ChronoUnit.HOURS).toString();
    JsonNode series =
        ApiClient.json(
            as(alice)
                .get(
                    "/analytics/timeseries?metric=requests&group_by=provider"
                        + "&start_time="
                        + q(since)
                        + "&end_time="
                        + q(end)),
            200);

    assertThat(series.path("bucket").asText()).isEqualTo("minute");
    long total = 0;
    for (JsonNode one : series.path("series")) {
      assertThat(one.path("points").size()).isEqualTo(120);
      for (JsonNode point : one.path("points")) {
        Instant.parse(point.get(0).asText());
        total += point.get(1).asLong();
      }
    }
    assertThat(total).isEqualTo(6);
    assertThat(series.path("series"))
        .extracting(node -> node.path("key").asText())
        .containsExactly("down", "mock");
    JsonNode byEndpoint =
        ApiClient.json(
            as(alice)
                .get(
                    "/analytics/timeseries?metric=requests&group_by=endpoint"
                        + "&start_time="
                        + q(since)
                        + "&end_time="
                        + q(end)),
            200);
    assertThat(byEndpoint.path("group_by").asText()).isEqualTo("endpoint");
    assertThat(byEndpoint.path("series"))
        .extracting(node -> node.path("key").asText())
        .containsExactly("chat.completions");

    JsonNode daily =
        ApiClient.json(
            as(alice)
                .get(
                    "/analytics/timeseries?bucket=day&metric=cost"
                        + "&start_time="
                        + q(Instant.parse(since).minus(3, ChronoUnit.DAYS).toString())),
            200);
    assertThat(daily.path("series")).hasSize(1);
    assertThat(daily.path("series").get(0).path("key").asText()).isEqualTo("all");
    assertThat(daily.path("series").get(0).path("points").size()).isBetween(4, 5);
  }

  @ParameterizedTest(name = "{0}?{1} → 400 naming {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "logs|start_time=yesterday|start_time",
        "logs|start_time=2026-01-21T12:00:00|start_time",
        "stats|start_time=2026-02-01T00:00:00Z&end_time=2026-01-01T00:00:00Z|start_time",
        "logs|limit=0|limit",
        "logs|limit=1001|limit",
        "logs|limit=ten|limit",
        "logs|offset=-1|offset",
        "logs|cursor=not-a-cursor|cursor",
        "logs|cursor=MTpx&offset=5|cursor",
        "logs|status=ok|status",
        "costs|cache_status=maybe|cache_status",
        "stats|user=bob|user",
        "stats|model=a&model=b|model",
        "stats|endpoint=messages&endpoint=responses|endpoint",
        "timeseries|metric=dollars|metric",
        "timeseries|bucket=week|bucket",
        "timeseries|group_by=customer|group_by",
        "breakdown||group_by",
        "breakdown|group_by=customer|group_by",
        "breakdown|group_by=team&limit=0|limit",
        "breakdown|group_by=team&tag=a&tag=b|tag",
        "timeseries|bucket=minute&start_time=2026-01-01T00:00:00Z&end_time=2026-01-31T00:00:00Z|bucket",
        "export|format=xml|format",
        "export||format",
        "export-stats|format=ndjson|format"
      })
  void badParametersAreNamedIn400s(String endpoint, String query, String param) throws Exception {
    HttpResponse<String> response =
        ADMIN.get("/analytics/" + endpoint + (query == null ? "" : "?" + query));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("errors"))
        .extracting(error -> error.path("param").asText())
        .contains(param);
  }

  @Test
  void aBreakdownByClientToolCountsTheCallsOfEachToolAndUsersSeeOnlyTheirOwn() throws Exception {
    JsonNode mine =
        ApiClient.json(
            as(alice).get("/analytics/breakdown?group_by=client_tool&start_time=" + q(since)), 200);
    JsonNode everyone =
        ApiClient.json(
            ADMIN.get("/analytics/breakdown?group_by=user&start_time=" + q(since) + "&limit=1000"),
            200);

    assertThat(mine.path("group_by").asText()).isEqualTo("client_tool");
    long aliceTotal = mine.path("total").path("requests").asLong();
    assertThat(aliceTotal).isPositive();
    long summed = 0;
    for (JsonNode group : mine.path("groups")) {
      summed += group.path("requests").asLong();
    }
    assertThat(summed + mine.path("other").path("requests").asLong()).isEqualTo(aliceTotal);
    assertThat(everyone.path("total").path("requests").asLong()).isGreaterThan(aliceTotal);
  }

  @Test
  void exportsAreDownloadsOfEveryMatchingRowAndAreAudited() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    HttpResponse<String> csv = as(alice).get("/analytics/export?format=csv&start_time=" + q(since));
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"loom-logs-" + today + ".csv\"");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0])
        .isEqualTo(
            "Timestamp,Request ID,User ID,Method,Path,Provider ID,Model,Prompt Tokens,"
                + "Completion Tokens,Total Tokens,Latency (ms),Status Code,Cost (USD),Cache Status,Error Message,Endpoint,"
                + "Cache Write Tokens,API Key ID,End User,Team ID,Session ID,Client Tool,Tags,Cached Tokens,"
                + "Prompt Cache Saved (USD),Cache Saved (USD),Cache Hit,Cache Similarity");
    assertThat(lines).hasSize(1 + 6);

    HttpResponse<String> ndjson =
        as(alice).get("/analytics/export?format=ndjson&start_time=" + q(since));
    assertThat(ndjson.headers().firstValue("Content-Disposition").orElseThrow())
        .endsWith(".ndjson\"");
    List<String> requestIds = new ArrayList<>();
    for (String line : ndjson.body().split("\n")) {
      requestIds.add(JSON.readTree(line).path("request_id").asText());
    }
    assertThat(requestIds).containsExactlyInAnyOrderElementsOf(aliceRequests);

    JsonNode array =
        JSON.readTree(as(alice).get("/analytics/export?format=json&start_time=" + q(since)).body());
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(6);

    HttpResponse<String> focus =
        as(alice).get("/analytics/export?format=focus&start_time=" + q(since));
    assertThat(focus.body().split("\r\n")[0])
        .contains(
            "BilledCost",
            "EffectiveCost",
            "ChargePeriodStart",
            "ResourceId",
            "x_UserId",
            "x_Endpoint",
            "x_CacheWriteTokens");

    JsonNode audit = ApiClient.json(ADMIN.get("/analytics/exports?limit=50"), 200);
    JsonNode mine = null;
    for (JsonNode entry : audit.path("exports")) {
      if (entry.path("user_id").asText().equals(alice.path("id").asText())
          && entry.path("format").asText().equals("csv")
          && entry.path("kind").asText().equals("logs")) {
        mine = entry;
        break;
      }
    }
    assertThat(mine).as(audit.toString()).isNotNull();
    assertThat(mine.path("rows").asLong()).isEqualTo(6);
    assertThat(mine.path("completed").asBoolean()).isTrue();
    assertThat(mine.path("filter").asText()).startsWith("start_time=");
    assertThat(audit.path("total").asLong()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void statsExportsComeAsJsonOrCsvSections() throws Exception {
    HttpResponse<String> json =
        as(alice).get("/analytics/export-stats?format=json&start_time=" + q(since));
    assertThat(json.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("loom-stats-")
        .endsWith(".json\"");
    JsonNode document = JSON.readTree(json.body());
    assertThat(document.path("summary").path("total_requests").asLong()).isEqualTo(6);
    assertThat(document.fieldNames())
        .toIterable()
        .contains(
            "exported_at",
            "time_range",
            "summary",
            "cost_by_provider",
            "cost_by_user",
            "requests_by_provider",
            "requests_by_user",
            "cost_by_endpoint",
            "requests_by_endpoint");

    String csv = as(alice).get("/analytics/export-stats?format=csv&start_time=" + q(since)).body();
    assertThat(csv)
        .contains(
            "Summary\r\n",
            "\r\nCost by Provider\r\n",
            "\r\nCost by User\r\n",
            "\r\nCost by Endpoint\r\n",
            "Total Requests,6");
  }

  @Test
  void purgeIsForAdminsAndChecksItsBody() throws Exception {
    JsonNode none =
        ApiClient.json(
            ADMIN.post("/analytics/purge", "{\"before\":\"2000-01-01T00:00:00Z\"}"), 200);
    assertThat(none.path("deleted").asLong()).isZero();
    assertThat(ADMIN.post("/analytics/purge", "{}").statusCode()).isEqualTo(400);
    assertThat(ADMIN.post("/analytics/purge", "{\"before\":\"last week\"}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void queriesAndExportsAreRateLimitedPerUserWithRetryAfter() {
    ApiClient carol = as(ADMIN.newUserWithKey("carol", "user"));
    int allowed = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 400 && refused == null; i++) {
      HttpResponse<String> response = carol.get("/analytics/costs");
      if (response.statusCode() == 429) {
        refused = response;
      } else {
        assertThat(response.statusCode()).isEqualTo(200);
        allowed++;
      }
    }
    // The IT configuration allows 300 a minute; a few may refill while the loop runs.
    assertThat(refused).isNotNull();
    assertThat(allowed).isBetween(300, 330);
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong))
        .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 60L));
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    // Another user is not affected.
    assertThat(as(bob).get("/analytics/costs").statusCode()).isEqualTo(200);

    ApiClient dave = as(ADMIN.newUserWithKey("dave", "user"));
    int exports = 0;
    while (exports < 30 && dave.get("/analytics/export?format=ndjson").statusCode() == 200) {
      exports++;
    }
    // 20 a minute in the IT configuration; one more may have refilled meanwhile.
    assertThat(exports).isBetween(20, 21);
  }
}
