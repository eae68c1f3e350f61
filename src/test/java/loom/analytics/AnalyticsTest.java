package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.FakeUpstream;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.LoggedRows;
import loom.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every request through the proxy (the gateway in process) is logged, priced and stored, as its store shows. */
@ExtendWith(InProcessGatewayExtension.class)
class AnalyticsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GatewayClient gateway = new GatewayClient();

  @Test
  void everyProxiedRequestIsRecordedOnceWhateverItsOutcome(FakeUpstream upstream) throws Exception {
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      responses.add(
          gateway.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody("mock/gpt-4o-mini", "n" + i, i % 4 == 0)));
    }
    for (int i = 0; i < 10; i++) {
      responses.add(
          gateway.postJson(
              "/v1/embeddings", "{\"model\":\"demo/demo-embedding\",\"input\":\"e" + i + "\"}"));
      responses.add(gateway.postJson("/v1/chat/completions", "{\"model\": "));
      responses.add(
          GatewayClient.anonymous()
              .postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "x", false)));
      responses.add(
          gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("down/m", "x", false)));
      responses.add(gateway.get("/v1/models"));
    }

    Map<String, Map<String, Object>> rows = LoggedRows.await(LoggedRows.ids(responses));

    assertThat(rows).hasSize(responses.size());
    for (HttpResponse<String> response : responses) {
      Map<String, Object> row =
          rows.get(response.headers().firstValue("X-Loom-Request-Id").orElseThrow());
      assertThat(((Number) row.get("status_code")).intValue()).isEqualTo(response.statusCode());
    }
  }

  @Test
  void aRowSaysWhoCalledWhatItCostAndHowLongItTook() throws Exception {
    String endUser = "end-user-" + UUID.randomUUID();
    HttpResponse<String> response =
        gateway.postJson(
            "/v1/chat/completions",
            "{\"model\":\"mock/gpt-4o-mini\","
                + "\"user\":\""
                + endUser
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"mail me at jane@example.com\"}]}");

    Map<String, Object> row =
        LoggedRows.await(response.headers().firstValue("X-Loom-Request-Id").orElseThrow());

    String me = JSON.readTree(gateway.get("/api/v1/me").body()).path("id").asText();
    assertThat(row.get("user_id")).isEqualTo(me);
    assertThat(row.get("api_key_id")).asString().startsWith("key_");
    assertThat(row.get("end_user")).isEqualTo(endUser);
    assertThat(row.get("method")).isEqualTo("POST");
    assertThat(row.get("path")).isEqualTo("/v1/chat/completions");
    assertThat(row.get("provider_id")).isEqualTo("mock");
    assertThat(row.get("model_name")).isEqualTo("gpt-4o-mini");
    assertThat(((Number) row.get("prompt_tokens")).longValue()).isEqualTo(11);
    assertThat(((Number) row.get("completion_tokens")).longValue()).isEqualTo(2);
    assertThat(((Number) row.get("total_tokens")).longValue()).isEqualTo(13);
    // gpt-4o-mini at 0.15 / 0.60 USD per 1M tokens: 11 × 0.15 + 2 × 0.60 = 2.85 µUSD = 2,850
    // nano-dollars.
    assertThat(((Number) row.get("cost_nanos")).longValue()).isEqualTo(2850);
    assertThat(row.get("price_version")).asString().isNotBlank();
    assertThat(((Number) row.get("latency_ms")).longValue()).isNotNegative();
    assertThat(row.get("time_to_first_byte_ms")).isNotNull();
    assertThat(row.get("cache_status")).isEqualTo("MISS");
    assertThat(row.get("request_body")).as("bodies are not stored by default").isNull();
    assertThat(row.get("response_body")).isNull();
  }

  @Test
  void aStreamsTokensComeFromTheUsageChunkTheClientNeverSaw() throws Exception {
    HttpResponse<String> response =
        gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("mock/gpt-4o", "s", true));

    Map<String, Object> row =
        LoggedRows.await(response.headers().firstValue("X-Loom-Request-Id").orElseThrow());

    assertThat(response.body()).doesNotContain("\"usage\":{");
    assertThat(((Number) row.get("total_tokens")).longValue()).isEqualTo(14);
    assertThat(((Number) row.get("completion_tokens")).longValue()).isEqualTo(3);
    assertThat(row.get("stream")).isIn(1, true, 1L);
  }

  @Test
  void rejectionsAndUpstreamFailuresAreRecordedWithTheirError() throws Exception {
    HttpResponse<String> unauthorized =
        GatewayClient.anonymous()
            .postJson("/v1/chat/completions", GatewayClient.chatBody("mock/m", "x", false));
    HttpResponse<String> unavailable =
        gateway.postJson("/v1/chat/completions", GatewayClient.chatBody("down/m", "x", false));

    Map<String, Map<String, Object>> rows =
        LoggedRows.await(LoggedRows.ids(List.of(unauthorized, unavailable)));

    Map<String, Object> rejected =
        rows.get(unauthorized.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    Map<String, Object> failed =
        rows.get(unavailable.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    assertThat(rejected.get("user_id")).isNull();
    assertThat(((Number) rejected.get("status_code")).intValue()).isEqualTo(401);
    assertThat(((Number) failed.get("status_code")).intValue()).isEqualTo(502);
    assertThat(failed.get("provider_id")).isEqualTo("down");
    assertThat(failed.get("error_message")).asString().contains("unavailable");
    assertThat(((Number) failed.get("cost_nanos")).longValue()).isZero();
  }

  @Test
  void erasureRemovesEverythingLoggedAboutAUserAndOnlyAnAdminMayAskForIt() throws Exception {
    ApiClient admin = ApiClient.admin();
    JsonNode alice = admin.newUserWithKey("erased", "user");
    GatewayClient asAlice = new GatewayClient(alice.path("key").asText());
    List<HttpResponse<String>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(
          asAlice.postJson(
              "/v1/chat/completions",
              GatewayClient.chatBody("demo/demo-chat", "forget me " + i, false)));
    }
    LoggedRows.await(LoggedRows.ids(calls));

    ApiClient.problem(
        ApiClient.withKey(alice.path("key").asText())
            .delete("/analytics/users/" + alice.path("id").asText() + "/data"),
        403);
    JsonNode erased =
        ApiClient.json(
            admin.delete("/analytics/users/" + alice.path("id").asText() + "/data"), 200);

    assertThat(erased.path("logs_deleted").asLong()).isEqualTo(3);
    assertThat(erased.path("rollup_rows_deleted").asLong()).isPositive();
    assertThat(LoggedRows.countFor(alice.path("id").asText())).isZero();
  }

  @Test
  void repricingIsForAdminsWithAValidRange() throws Exception {
    ApiClient admin = ApiClient.admin();
    JsonNode user = admin.newUserWithKey("reprice", "user");
    HttpResponse<String> call =
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("demo/demo-chat", "r", false));
    LoggedRows.await(call.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    String range =
        "{\"start_time\":\"2020-01-01T00:00:00Z\",\"end_time\":\"2100-01-01T00:00:00Z\"}";

    JsonNode repriced = ApiClient.json(admin.post("/analytics/reprice", range), 200);

    assertThat(repriced.path("price_version").asText()).isNotBlank();
    assertThat(repriced.path("updated").asLong()).isNotNegative();
    ApiClient.problem(
        ApiClient.withKey(user.path("key").asText()).post("/analytics/reprice", range), 403);
    assertThat(
            ApiClient.problem(
                    admin.post(
                        "/analytics/reprice",
                        "{\"start_time\":\"yesterday\",\"end_time\":"
                            + "\"2100-01-01T00:00:00Z\"}"),
                    400)
                .at("/errors/0/param")
                .asText())
        .isEqualTo("start_time");
    assertThat(
            ApiClient.problem(
                    admin.post(
                        "/analytics/reprice",
                        "{\"start_time\":\"2100-01-01T00:00:00Z\","
                            + "\"end_time\":\"2020-01-01T00:00:00Z\"}"),
                    400)
                .at("/errors/0/param")
                .asText())
        .isEqualTo("start_time");
    assertThat(ApiClient.problem(admin.post("/analytics/reprice", "{}"), 400).path("errors"))
        .hasSize(2);
  }

  @Test
  void metricsNeedAnAdminKeyAndCountRequests() throws Exception {
    gateway.postJson(
        "/v1/chat/completions", GatewayClient.chatBody("demo/demo-chat", "count me", false));
    JsonNode user = ApiClient.admin().newUserWithKey("metrics", "user");

    HttpResponse<String> metrics = gateway.get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("loom_requests_total{")
        .contains("provider=\"demo\"")
        .contains("loom_request_latency_seconds_bucket")
        .contains("loom_log_writer_queue_depth")
        .contains("loom_tokens_total{")
        .contains("loom_analytics_record_failures_total 0.0")
        .containsPattern("loom_analytics_record_seconds\\{quantile=\"0.99\"} [0-9.E-]+")
        .containsPattern("loom_analytics_record_seconds_count [1-9]");
    assertThat(GatewayClient.anonymous().get("/metrics").statusCode()).isEqualTo(401);
    HttpResponse<String> notAnAdmin = new GatewayClient(user.path("key").asText()).get("/metrics");
    assertThat(notAnAdmin.statusCode()).isEqualTo(403);
    assertThat(notAnAdmin.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(JSON.readTree(notAnAdmin.body()).path("detail").asText())
        .isEqualTo("Your key may not use /metrics.");
  }

  @Test
  void aClientThatHangsUpIsRecordedAndFlagged(FakeUpstream upstream) throws Exception {
    upstream.streamSlowly(200, Duration.ofMillis(50));
    String requestId;
    try (RawHttp raw = RawHttp.connect()) {
      raw.post("/v1/chat/completions", GatewayClient.chatBody("mock/m", "bye", true));
      String head = raw.readUntil("data: ");
      requestId =
          head.lines()
              .filter(line -> line.toLowerCase().startsWith("x-loom-request-id:"))
              .map(line -> line.substring(line.indexOf(':') + 1).trim())
              .findFirst()
              .orElseThrow();
    }

    Map<String, Object> row = LoggedRows.await(requestId);

    assertThat(row.get("metadata")).asString().contains("client_disconnected");
  }
}
