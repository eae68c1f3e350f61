package loom.api;

import static loom.testing.ApiClient.json;
import static loom.testing.ApiClient.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import loom.testing.ApiClient;
import loom.testing.GatewayClient;
import loom.testing.InProcessGatewayExtension;
import loom.testing.LoggedRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /api/v1/prices} against the gateway in process: a model nothing prices runs unpriced and is listed so; an admin
 * prices it at run time (a name with a '/', addressed by query parameters), the next call is priced at once,
 * repricing the earlier call changes exactly it, and the price is in the effective list until it is deleted.
 */
@ExtendWith(InProcessGatewayExtension.class)
class PricesApiTest {
  private static final ApiClient ADMIN = ApiClient.admin();
  private final GatewayClient gateway = new GatewayClient();

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void anUnpricedModelIsPricedAtRunTimeAndItsEarlierCallsRepriced() throws Exception {
    String model = "acme/price-it-" + UUID.randomUUID().toString().substring(0, 8);
    Instant start = Instant.now().minusSeconds(60);
    HttpResponse<String> first =
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("mock/" + model, "unpriced", false));
    assertThat(first.statusCode()).isEqualTo(200);
    Map<String, Object> firstRow =
        LoggedRows.await(first.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    assertThat(((Number) firstRow.get("cost_nanos")).longValue()).isZero();
    assertThat(firstRow.get("metadata")).asString().contains("\"unpriced\":true");

    JsonNode unpriced =
        json(
            ADMIN.get(
                "/prices/unpriced?provider_id=mock&limit=1000&start_time="
                    + encode(start.toString())),
            200);
    JsonNode listed = find(unpriced.path("unpriced"), model);
    assertThat(listed.path("calls").asLong()).isEqualTo(1);
    // The fake upstream reports 11 prompt and 2 completion tokens.
    assertThat(listed.path("input_tokens").asLong()).isEqualTo(11);
    assertThat(listed.path("output_tokens").asLong()).isEqualTo(2);
    assertThat(listed.path("first_seen").asText())
        .isEqualTo(listed.path("last_seen").asText())
        .isNotBlank();

    String address = "/prices/override?provider_id=mock&model=" + encode(model);
    JsonNode price = json(ADMIN.put(address, "{\"input\":1000,\"output\":2000}"), 201);
    assertThat(price.path("model").asText()).isEqualTo(model);
    assertThat(price.path("effective_from").isNull()).isTrue();

    // Priced at once: 11 × $1,000 + 2 × $2,000 per 1M tokens = $0.015.
    HttpResponse<String> second =
        gateway.postJson(
            "/v1/chat/completions", GatewayClient.chatBody("mock/" + model, "priced", false));
    Map<String, Object> secondRow =
        LoggedRows.await(second.headers().firstValue("X-Loom-Request-Id").orElseThrow());
    assertThat(((Number) secondRow.get("cost_nanos")).longValue()).isEqualTo(15_000_000);

    JsonNode repriced =
        json(
            ADMIN.post(
                "/prices/reprice",
                "{\"provider_id\":\"mock\",\"model\":\""
                    + model
                    + "\","
                    + "\"start_time\":\""
                    + start
                    + "\",\"end_time\":\""
                    + Instant.now().plusSeconds(60)
                    + "\"}"),
            200);
    assertThat(repriced.path("updated").asLong()).isEqualTo(1);
    assertThat(repriced.path("cost_delta_usd").decimalValue()).isEqualByComparingTo("0.015");
    assertThat(repriced.path("price_version").asText()).isEqualTo(secondRow.get("price_version"));
    JsonNode after = json(ADMIN.get("/analytics/logs/" + firstRow.get("id")), 200);
    assertThat(after.path("cost_usd").decimalValue()).isEqualByComparingTo("0.015");
    JsonNode stillUnpriced =
        json(
            ADMIN.get(
                "/prices/unpriced?provider_id=mock&limit=1000&start_time="
                    + encode(start.toString())),
            200);
    assertThat(stillUnpriced.path("unpriced").findValuesAsText("model")).doesNotContain(model);

    JsonNode effective = json(ADMIN.get("/prices?provider_id=mock&limit=1000"), 200);
    assertThat(find(effective.path("prices"), model).path("source").asText()).isEqualTo("override");
    assertThat(json(ADMIN.get(address), 200).path("input").decimalValue())
        .isEqualByComparingTo("1000");

    assertThat(ADMIN.delete(address).statusCode()).isEqualTo(204);
    problem(ADMIN.get(address), 404);
    assertThat(
            find(json(ADMIN.get("/prices?provider_id=mock&limit=1000"), 200).path("prices"), model)
                .path("priced")
                .asBoolean())
        .isFalse();
  }

  @Test
  void badInputAndNonAdminsGetProblems() {
    JsonNode bad =
        problem(ADMIN.put("/prices/override?provider_id=nowhere&model=m", "{\"input\":-1}"), 400);
    assertThat(bad.path("errors").findValuesAsText("param"))
        .containsExactly("provider_id", "input", "output");
    problem(ADMIN.get("/prices/unpriced?start_time=yesterday"), 400);
    JsonNode user = ADMIN.newUserWithKey("prices", "user");
    ApiClient asUser = ApiClient.withKey(user.path("key").asText());
    problem(asUser.get("/prices"), 403);
    problem(
        asUser.put("/prices/override?provider_id=mock&model=m", "{\"input\":1,\"output\":1}"), 403);
  }

  @Test
  void theOpenApiDocumentDescribesThePrices() {
    JsonNode document = json(new ApiClient(GatewayClient.anonymous()).get("/openapi.json"), 200);

    assertThat(document.path("paths").has("/prices")).isTrue();
    assertThat(document.path("paths").has("/prices/override")).isTrue();
    assertThat(document.path("paths").path("/prices/override").has("put")).isTrue();
    assertThat(document.path("paths").has("/prices/unpriced")).isTrue();
    assertThat(document.path("paths").has("/prices/reprice")).isTrue();
  }

  private static JsonNode find(JsonNode rows, String model) {
    for (JsonNode row : rows) {
      if (row.path("model").asText().equals(model)) {
        return row;
      }
    }
    throw new AssertionError(model + " is not in " + rows);
  }
}
