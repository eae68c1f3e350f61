package loom.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import loom.analytics.AnalyticsModule;
import loom.analytics.Money;
import loom.analytics.PriceService;
import loom.auth.Caller;
import loom.auth.Role;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.store.Store;
import loom.testing.TestStores;
import org.glassfish.hk2.api.Factory;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
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
  private ApplicationHandler api;
  private Caller caller = ADMIN;

  /** A response: status, content type and body as JSON. */
  record Answer(int status, String type, JsonNode json, String location) {}

  @BeforeEach
  void start() throws Exception {
    Store store = stores.open(stores.sqlite());
    GatewayConfig config = new ConfigLoader(name -> null, name -> null).parse("""
        providers:
          - { id: openai, type: openai, base_url: "https://api.openai.com/v1", api_key: "x" }
          - { id: demo, type: demo }
        routing: { default_provider: demo }
        """, stores.folder(), "test");
    analytics = AnalyticsModule.start(config, store, Clock.fixed(NOW, ZoneOffset.UTC));
    ResourceConfig resources = new ResourceConfig(PricesResource.class);
    resources.register(JacksonFeature.withoutExceptionMappers());
    resources.register(ApiJson.class);
    resources.register(ProblemMappers.Domain.class);
    resources.register(ProblemMappers.Json.class);
    resources.register(ProblemMappers.Web.class);
    resources.register(ProblemMappers.Fallback.class);
    resources.register(new AbstractBinder() {
      @Override
      protected void configure() {
        bind(analytics.priceService()).to(PriceService.class);
        bind(Clock.fixed(NOW, ZoneOffset.UTC)).to(Clock.class);
        bindFactory(new Factory<HttpServletRequest>() {
          @Override
          public HttpServletRequest provide() {
            return request(caller);
          }

          @Override
          public void dispose(HttpServletRequest instance) {
          }
        }).to(HttpServletRequest.class);
      }
    });
    api = new ApplicationHandler(resources);
  }

  @AfterEach
  void stop() {
    analytics.close();
  }

  private static HttpServletRequest request(Caller caller) {
    return (HttpServletRequest) Proxy.newProxyInstance(PricesResourceTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (self, method, args) -> switch (method.getName()) {
          case "getAttribute" -> Caller.ATTRIBUTE.equals(args[0]) ? caller : null;
          case "hashCode" -> System.identityHashCode(self);
          case "equals" -> self == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private Answer call(String method, String path, String json) throws Exception {
    ContainerRequest request = new ContainerRequest(URI.create("http://gw/api/v1/"),
        URI.create("http://gw/api/v1" + path), method, null, new MapPropertiesDelegate(), null);
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.setEntityStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ContainerResponse response = api.apply(request, body).get();
    String text = body.toString(StandardCharsets.UTF_8);
    return new Answer(response.getStatus(), response.getMediaType() == null ? null : response.getMediaType().toString(),
        text.isEmpty() ? null : ApiJson.MAPPER.readTree(text),
        response.getLocation() == null ? null : response.getLocation().toString());
  }

  private static void assertProblem(Answer answer, int status, String... fields) {
    assertThat(answer.status()).as(String.valueOf(answer.json())).isEqualTo(status);
    assertThat(answer.type()).startsWith(Problem.MEDIA_TYPE);
    assertThat(answer.json().path("status").asInt()).isEqualTo(status);
    assertThat(answer.json().path("detail").asText()).isNotBlank();
    assertThat(answer.json().path("errors").findValuesAsText("param")).containsExactly(fields);
  }

  @Test
  void aRunTimePriceIsPutReadListedAndDeletedByItsQueryAddress() throws Exception {
    String address = "/prices/override?provider_id=openai&model=ft%3Agpt-4o%3Aacme%2Fv2";

    Answer created = call("PUT", address, "{\"input\":2.5,\"output\":10,\"cache_read\":1.25}");

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

    Answer replaced = call("PUT", address, "{\"input\":3,\"output\":12}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(call("GET", address, null).json().path("input").decimalValue()).isEqualByComparingTo("3");
    Answer later = call("PUT", address + "&effective_from=2026-09-01T00:00:00Z", "{\"input\":4,\"output\":16}");
    assertThat(later.status()).isEqualTo(201);
    assertThat(later.json().path("effective_from").asText()).isEqualTo("2026-09-01T00:00:00Z");
    JsonNode list = call("GET", "/prices/overrides?provider_id=openai", null).json();
    assertThat(list.path("total").asLong()).isEqualTo(2);
    assertThat(list.path("limit").asInt()).isEqualTo(100);
    assertThat(list.path("overrides").findValuesAsText("effective_from")).hasSize(2);
    // Priced at once: the effective list says so.
    JsonNode effective = call("GET", "/prices?provider_id=openai", null).json();
    assertThat(effective.path("prices").get(0).path("model").asText()).isEqualTo("ft:gpt-4o:acme/v2");
    assertThat(effective.path("prices").get(0).path("source").asText()).isEqualTo("override");
    assertThat(effective.path("prices").get(0).path("cache_read").decimalValue()).isEqualByComparingTo("3");
    assertThat(effective.path("at").asText()).isEqualTo("2026-08-21T12:00:00Z");

    assertThat(call("DELETE", address, null).status()).isEqualTo(204);
    assertProblem(call("DELETE", address, null), 404);
    assertProblem(call("GET", address, null), 404);
    assertThat(call("GET", address + "&effective_from=2026-09-01T00:00:00Z", null).status()).isEqualTo(200);
  }

  @Test
  void badInputIsAProblemNamingEachField() throws Exception {
    assertProblem(call("PUT", "/prices/override?provider_id=nope&model=gpt-4o",
        "{\"input\":-1,\"cache_read\":0.0000000001}"), 400, "provider_id", "input", "output", "cache_read");
    assertProblem(call("PUT", "/prices/override?provider_id=openai&model=gpt-4o", "{\"input\":1,\"output\":1,"
        + "\"effective_from\":\"2026-01-01T00:00:00Z\"}"), 400, "effective_from");
    assertProblem(call("PUT", "/prices/override?provider_id=openai&model=gpt-4o", "{\"input\":\"cheap\"}"), 400,
        "input");
    assertProblem(call("PUT", "/prices/override?provider_id=openai&model=gpt-4o&effective_from=soon",
        "{\"input\":1,\"output\":1}"), 400, "effective_from");
    assertProblem(call("GET", "/prices/override?provider_id=openai", null), 400, "model");
    assertProblem(call("GET", "/prices/unpriced?start_time=2026-08-21T00:00:00Z&end_time=2026-08-20T00:00:00Z",
        null), 400, "start_time");
    assertProblem(call("GET", "/prices?limit=0&colour=red", null), 400, "colour", "limit");
    assertProblem(call("POST", "/prices/reprice", "{\"provider_id\":\"openai\"}"), 400, "model", "start_time",
        "end_time");
    assertThat(call("GET", "/prices/overrides", null).json().path("total").asLong()).isZero();
  }

  @Test
  void theUnpricedListAndRepricingAnswerInTheirShapes() throws Exception {
    JsonNode unpriced = call("GET", "/prices/unpriced", null).json();
    assertThat(unpriced.path("unpriced").isArray()).isTrue();
    assertThat(unpriced.path("total").asLong()).isZero();
    assertThat(unpriced.path("time_range").path("start").asText()).isEqualTo("2026-08-20T12:00:00Z");
    assertThat(unpriced.path("time_range").path("end").asText()).isEqualTo("2026-08-21T12:00:00Z");

    Answer repriced = call("POST", "/prices/reprice", "{\"provider_id\":\"openai\",\"model\":\"gpt-4o\","
        + "\"start_time\":\"2026-08-20T00:00:00Z\",\"end_time\":\"2026-08-21T00:00:00Z\"}");

    assertThat(repriced.status()).isEqualTo(200);
    assertThat(repriced.json().path("updated").asLong()).isZero();
    assertThat(repriced.json().path("cost_delta_usd").decimalValue()).isEqualByComparingTo(Money.plain(0));
    assertThat(repriced.json().path("price_version").asText()).isEqualTo(analytics.prices().version());
  }

  @Test
  void onlyAnAdminGetsAnswers() throws Exception {
    caller = USER;

    assertProblem(call("GET", "/prices", null), 403);
    assertProblem(call("GET", "/prices/unpriced", null), 403);
    assertProblem(call("GET", "/prices/overrides", null), 403);
    assertProblem(call("PUT", "/prices/override?provider_id=openai&model=gpt-4o", "{\"input\":1,\"output\":1}"), 403);
    assertProblem(call("DELETE", "/prices/override?provider_id=openai&model=gpt-4o", null), 403);
    assertProblem(call("POST", "/prices/reprice", "{\"provider_id\":\"openai\",\"model\":\"gpt-4o\","
        + "\"start_time\":\"2026-08-20T00:00:00Z\",\"end_time\":\"2026-08-21T00:00:00Z\"}"), 403);
    caller = ADMIN;
    assertThat(call("GET", "/prices/overrides", null).json().path("total").asLong()).isZero();
    // Nothing was set: gpt-4o keeps its list price.
    assertThat(analytics.prices().find("openai", "gpt-4o", NOW).orElseThrow().input().base())
        .isEqualByComparingTo(new BigDecimal("2.5"));
  }
}
