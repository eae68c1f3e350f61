package loom.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import loom.auth.Caller;
import org.glassfish.hk2.api.Factory;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Some REST resources in Jersey, in memory, with the JSON and problem mappers of the real API, their services and
 * a caller as {@code AuthFilter} would have put it on the request: resource tests without a container.
 */
final class InMemoryApi {
  /** An answer: status, media type, JSON body (null when empty) and Location header. */
  record Answer(int status, String type, JsonNode json, String location) {}

  private final ApplicationHandler api;

  /**
   * @param services each service instance by the type the resources inject
   * @param caller who makes each call, read at the call
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  InMemoryApi(Map<Class<?>, Object> services, Supplier<Caller> caller, Class<?>... resources) {
    ResourceConfig config = new ResourceConfig(resources);
    config.register(JacksonFeature.withoutExceptionMappers());
    config.register(ApiJson.class);
    config.register(ProblemMappers.Domain.class);
    config.register(ProblemMappers.Json.class);
    config.register(ProblemMappers.Web.class);
    config.register(ProblemMappers.Fallback.class);
    config.register(
        new AbstractBinder() {
          @Override
          protected void configure() {
            services.forEach((type, service) -> bind(service).to((Class) type));
            bindFactory(
                    new Factory<HttpServletRequest>() {
                      @Override
                      public HttpServletRequest provide() {
                        return request(caller.get());
                      }

                      @Override
                      public void dispose(HttpServletRequest instance) {}
                    })
                .to(HttpServletRequest.class);
          }
        });
    this.api = new ApplicationHandler(config);
  }

  Answer call(String method, String path, String json) throws Exception {
    ContainerRequest request =
        new ContainerRequest(
            URI.create("http://gw/api/v1/"),
            URI.create("http://gw/api/v1" + path),
            method,
            null,
            new MapPropertiesDelegate(),
            null);
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.setEntityStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ContainerResponse response = api.apply(request, body).get();
    String text = body.toString(StandardCharsets.UTF_8);
    return new Answer(
        response.getStatus(),
        response.getMediaType() == null ? null : response.getMediaType().toString(),
        text.isEmpty() ? null : ApiJson.MAPPER.readTree(text),
        response.getLocation() == null ? null : response.getLocation().toString());
  }

  /** Asserts a problem document of this status naming exactly these fields in {@code errors}. */
  static void assertProblem(Answer answer, int status, String... fields) {
    assertThat(answer.status()).as(String.valueOf(answer.json())).isEqualTo(status);
    assertThat(answer.type()).startsWith(Problem.MEDIA_TYPE);
    assertThat(answer.json().path("status").asInt()).isEqualTo(status);
    assertThat(answer.json().path("detail").asText()).isNotBlank();
    assertThat(answer.json().path("errors").findValuesAsText("param")).containsExactly(fields);
  }

  private static HttpServletRequest request(Caller caller) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            InMemoryApi.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (self, method, args) ->
                switch (method.getName()) {
                  case "getAttribute" -> Caller.ATTRIBUTE.equals(args[0]) ? caller : null;
                  case "hashCode" -> System.identityHashCode(self);
                  case "equals" -> self == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
