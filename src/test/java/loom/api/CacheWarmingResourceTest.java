package loom.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executors;
import loom.auth.Caller;
import loom.auth.Role;
import loom.cache.CacheModule;
import loom.cache.warming.CacheWarmer;
import loom.config.CacheConfig;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.proxy.ProxyModule;
import loom.proxy.StoredResponses;
import loom.support.InvalidInputException;
import loom.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /cache/warm}: one POST takes a JSON body or the JSON Lines file itself, both dry-run here on the demo
 * provider's real proxy and the memory cache; and the OpenAPI document the gateway serves has every operation.
 */
class CacheWarmingResourceTest {
  private static final String LINE =
      "{\"endpoint\":\"/embeddings\",\"body\":{\"model\":\"demo-embedding\","
          + "\"input\":\"x\"}}\n";

  @RegisterExtension final TestStores stores = new TestStores();

  @Test
  void aJsonBodyAndAJsonLinesUploadStartTheSameDryRun() throws Exception {
    GatewayConfig config =
        new ConfigLoader(name -> null, name -> null)
            .parse("providers: [{ id: demo, type: demo }]\n", stores.folder(), "test");
    Clock clock = Clock.systemUTC();
    try (ProxyModule proxy =
            ProxyModule.create(config, clock, new SimpleMeterRegistry(), StoredResponses.none());
        CacheModule cache =
            CacheModule.start(
                CacheConfig.defaults(),
                proxy,
                (p, m, u) -> BigDecimal.ZERO,
                answer -> {},
                getClass().getClassLoader(),
                "warming-resource-test",
                clock);
        CacheWarmer warmer =
            new CacheWarmer(
                cache,
                proxy::destinationOf,
                proxy::call,
                answer -> {},
                (p, m, u) -> BigDecimal.ZERO,
                (caller, replay, sink) -> {},
                clock,
                () -> "w-1",
                Executors.newSingleThreadExecutor())) {
      CacheWarmingResource resource = new CacheWarmingResource(warmer);
      HttpServletRequest admin = request(new Caller("u-1", "admin", Role.ADMIN, "k-1"));

      Response upload =
          resource.warm(
              admin,
              null,
              "application/x-ndjson",
              true,
              null,
              null,
              null,
              null,
              body(LINE + LINE.replace("\"x\"", "\"y\"")));
      Response json =
          resource.warm(
              admin,
              null,
              "application/json; charset=utf-8",
              null,
              null,
              null,
              null,
              null,
              body(
                  "{\"source\":\"jsonl\",\"jsonl\":"
                      + ApiJson.MAPPER.writeValueAsString(LINE)
                      + ",\"dry_run\":true}"));

      assertThat(upload.getStatus()).isEqualTo(200);
      assertThat(((Dtos.WarmingView) upload.getEntity()).total()).isEqualTo(2);
      assertThat(((Dtos.WarmingView) json.getEntity()).state()).isEqualTo("done");
      assertThat(((Dtos.WarmingView) json.getEntity()).estimate().fetches()).isEqualTo(1);
      assertThatThrownBy(
              () ->
                  resource.warm(
                      admin,
                      null,
                      "application/json",
                      null,
                      null,
                      null,
                      null,
                      null,
                      body("{\"source\":\"replay\"}")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("start_time");
      assertThatThrownBy(
              () ->
                  resource.warm(
                      admin,
                      null,
                      "application/x-ndjson",
                      true,
                      null,
                      null,
                      "soon",
                      null,
                      body(LINE)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("ttl");
    }
  }

  @Test
  void theOpenApiDocumentDescribesEveryWarmingOperation() {
    OpenAPI document =
        new Reader(ApiApplication.openApi()).read(Set.of(CacheWarmingResource.class));

    PathItem runs = document.getPaths().get("/cache/warm");
    PathItem run = document.getPaths().get("/cache/warm/{id}");
    assertThat(runs.getPost().getRequestBody().getContent())
        .containsKeys("application/json", CacheWarmingResource.NDJSON);
    assertThat(runs.getGet()).isNotNull();
    assertThat(run.getGet()).isNotNull();
    assertThat(run.getDelete()).isNotNull();
    assertThat(ApiApplication.RESOURCES).contains(CacheWarmingResource.class);
  }

  private static ByteArrayInputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Just the caller attribute the auth filter sets: all the resource reads of the servlet request. */
  private static HttpServletRequest request(Caller caller) {
    return (HttpServletRequest)
        java.lang.reflect.Proxy.newProxyInstance(
            CacheWarmingResourceTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (self, method, args) ->
                switch (method.getName()) {
                  case "getAttribute" -> Caller.ATTRIBUTE.equals(args[0]) ? caller : null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
