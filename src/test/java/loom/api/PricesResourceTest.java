package loom.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import loom.analytics.AnalyticsModule;
import loom.analytics.Money;
import loom.analytics.PriceService;
import loom.auth.Caller;
import loom.auth.Role;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.store.Store;
import loom.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /prices} through Jersey itself, in memory (no container): the JSON shapes, the statuses, problem JSON with
 * field errors, and the admin rule, over a real analytics module on a SQLite file.
 */
class PricesResourceTest {
  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");
  private static final Caller ADMIN = new Caller("usr_admin", "admin", Role.ADMIN, null);
  private static final Caller USER = new Caller("usr_bob", "bob", Role.USER, null);

  @RegisterExtension final TestStores stores = new TestStores();
  private AnalyticsModule analytics;
  private InMemoryApi api;
  private Caller caller = ADMIN;

  /** A response: status, content type and body as JSON. */
  @BeforeEach
  void start() throws Exception {
    Store store = stores.open(stores.sqlite());
    GatewayConfig config =
        new ConfigLoader(name -> null, name -> null)
            .parse(
                """
        providers:
          - { id: openai, type: openai, base_url: "https://api.openai.com/v1", api_key: "x" }
          - { id: demo, type: demo }
        routing: { default_provider: demo }
        """,
                stores.folder(),
                "test");
    analytics = AnalyticsModule.start(config, store, Clock.fixed(NOW, ZoneOffset.UTC));
    api =
        new InMemoryApi(
            Map.of(
                PriceService.class,
                analytics.priceService(),
                Clock.class,
                Clock.fixed(NOW, ZoneOffset.UTC)),
            () -> caller,
            PricesResource.class);
  }

  @AfterEach
  void stop() {
    analytics.close();
  }

  @Test
  void aRunTimePriceIsPutReadListedAndDeletedByItsQueryAddress() throws Exception {
    String address = "/prices/override?provider_id=openai&model=ft%3Agpt-4o%3Aacme%2Fv2";

    InMemoryApi.Answer created =
        api.call("PUT", address, "{\"input\":2.5,\"output\":10,\"cache_read\":1.25}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.location()).endsWith(address);
    JsonNode price = created.json();
    assertThat(price.path("provider_id").asText()).isEqualTo("openai");
    assertThat(price.path("model").asText()).isEqualTo("ft:gpt-4o:acme/v2");
    assertThat(price.path("effective_from").isNull()).isTrue();
    assertThat(price.path("input").decimalValue()).isEqualByComparingTo("2.5");
    assertThat(price.path("output").decimalValue()).isEqualByComparingTo("10");
    assertThat(price.path("cache_read").decimalValue()).isEqualByComparingTo("1.25");
    assertThat(price.path("cache_write").isNull()).isTrue();
    assertThat(price.path("changed_by").asText()).isEqualTo("usr_admin");
    assertThat(price.path("changed_by_name").asText()).isEqualTo("admin");
    assertThat(price.path("changed_at").asText()).isEqualTo("2026-08-21T12:00:00Z");

    InMemoryApi.Answer replaced = api.call("PUT", address, "{\"input\":3,\"output\":12}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(api.call("GET", address, null).json().path("input").decimalValue())
        .isEqualByComparingTo("3");
    InMemoryApi.Answer later =
        api.call(
            "PUT", address + "&effective_from=2026-09-01T00:00:00Z", "{\"input\":4,\"output\":16}");
    assertThat(later.status()).isEqualTo(201);
    assertThat(later.json().path("effective_from").asText()).isEqualTo("2026-09-01T00:00:00Z");
    JsonNode list = api.call("GET", "/prices/overrides?provider_id=openai", null).json();
    assertThat(list.path("total").asLong()).isEqualTo(2);
    assertThat(list.path("limit").asInt()).isEqualTo(100);
    assertThat(list.path("overrides").findValuesAsText("effective_from")).hasSize(2);
    // Priced at once: the effective list says so.
    JsonNode effective = api.call("GET", "/prices?provider_id=openai", null).json();
    assertThat(effective.path("prices").get(0).path("model").asText())
        .isEqualTo("ft:gpt-4o:acme/v2");
    assertThat(effective.path("prices").get(0).path("source").asText()).isEqualTo("override");
    assertThat(effective.path("prices").get(0).path("cache_read").decimalValue())
        .isEqualByComparingTo("3");
    assertThat(effective.path("at").asText()).isEqualTo("2026-08-21T12:00:00Z");

    assertThat(api.call("DELETE", address, null).status()).isEqualTo(204);
    InMemoryApi.assertProblem(api.call("DELETE", address, null), 404);
    InMemoryApi.assertProblem(api.call("GET", address, null), 404);
    assertThat(api.call("GET", address + "&effective_from=2026-09-01T00:00:00Z", null).status())
        .isEqualTo(200);
  }

  @Test
  void badInputIsAProblemNamingEachField() throws Exception {
    InMemoryApi.assertProblem(
        api.call(
            "PUT",
            "/prices/override?provider_id=nope&model=gpt-4o",
            "{\"input\":-1,\"cache_read\":0.0000000001}"),
        400,
        "provider_id",
        "input",
        "output",
        "cache_read");
    InMemoryApi.assertProblem(
        api.call(
            "PUT",
            "/prices/override?provider_id=openai&model=gpt-4o",
            "{\"input\":1,\"output\":1," + "\"effective_from\":\"2026-01-01T00:00:00Z\"}"),
        400,
        "effective_from");
    InMemoryApi.assertProblem(
        api.call(
            "PUT", "/prices/override?provider_id=openai&model=gpt-4o", "{\"input\":\"cheap\"}"),
        400,
        "input");
    InMemoryApi.assertProblem(
        api.call(
            "PUT",
            "/prices/override?provider_id=openai&model=gpt-4o&effective_from=soon",
            "{\"input\":1,\"output\":1}"),
        400,
        "effective_from");
    InMemoryApi.assertProblem(
        api.call("GET", "/prices/override?provider_id=openai", null), 400, "model");
    InMemoryApi.assertProblem(
        api.call(
            "GET",
            "/prices/unpriced?start_time=2026-08-21T00:00:00Z&end_time=2026-08-20T00:00:00Z",
            null),
        400,
        "start_time");
    InMemoryApi.assertProblem(
        api.call("GET", "/prices?limit=0&colour=red", null), 400, "colour", "limit");
    InMemoryApi.assertProblem(
        api.call("POST", "/prices/reprice", "{\"provider_id\":\"openai\"}"),
        400,
        "model",
        "start_time",
        "end_time");
    assertThat(api.call("GET", "/prices/overrides", null).json().path("total").asLong()).isZero();
  }

  @Test
  void theUnpricedListAndRepricingAnswerInTheirShapes() throws Exception {
    JsonNode unpriced = api.call("GET", "/prices/unpriced", null).json();
    assertThat(unpriced.path("unpriced").isArray()).isTrue();
    assertThat(unpriced.path("total").asLong()).isZero();
    assertThat(unpriced.path("time_range").path("start").asText())
        .isEqualTo("2026-08-20T12:00:00Z");
    assertThat(unpriced.path("time_range").path("end").asText()).isEqualTo("2026-08-21T12:00:00Z");

    InMemoryApi.Answer repriced =
        api.call(
            "POST",
            "/prices/reprice",
            "{\"provider_id\":\"openai\",\"model\":\"gpt-4o\","
                + "\"start_time\":\"2026-08-20T00:00:00Z\",\"end_time\":\"2026-08-21T00:00:00Z\"}");

    assertThat(repriced.status()).isEqualTo(200);
    assertThat(repriced.json().path("updated").asLong()).isZero();
    assertThat(repriced.json().path("cost_delta_usd").decimalValue())
        .isEqualByComparingTo(Money.plain(0));
    assertThat(repriced.json().path("price_version").asText())
        .isEqualTo(analytics.prices().version());
  }

  @Test
  void onlyAnAdminGetsAnswers() throws Exception {
    caller = USER;

    InMemoryApi.assertProblem(api.call("GET", "/prices", null), 403);
    InMemoryApi.assertProblem(api.call("GET", "/prices/unpriced", null), 403);
    InMemoryApi.assertProblem(api.call("GET", "/prices/overrides", null), 403);
    InMemoryApi.assertProblem(
        api.call(
            "PUT",
            "/prices/override?provider_id=openai&model=gpt-4o",
            "{\"input\":1,\"output\":1}"),
        403);
    InMemoryApi.assertProblem(
        api.call("DELETE", "/prices/override?provider_id=openai&model=gpt-4o", null), 403);
    InMemoryApi.assertProblem(
        api.call(
            "POST",
            "/prices/reprice",
            "{\"provider_id\":\"openai\",\"model\":\"gpt-4o\","
                + "\"start_time\":\"2026-08-20T00:00:00Z\",\"end_time\":\"2026-08-21T00:00:00Z\"}"),
        403);
    caller = ADMIN;
    assertThat(api.call("GET", "/prices/overrides", null).json().path("total").asLong()).isZero();
    // Nothing was set: gpt-4o keeps its list price.
    assertThat(analytics.prices().find("openai", "gpt-4o", NOW).orElseThrow().input().base())
        .isEqualByComparingTo(new BigDecimal("2.5"));
  }
}
