package loom.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import loom.api.Problems;
import loom.config.ConfigLoader;
import loom.config.GatewayConfig;
import loom.proxy.ProxyModule;
import loom.proxy.StoredResponses;
import loom.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AuthFilter} with a real key service and the real responders: a key past its expiry is refused with a 401
 * that says when it expired, in OpenAI's shape on the OpenAI paths, Anthropic's on {@code /v1/messages} and problem
 * JSON on {@code /api/v1}; the chain does not go on. (A fake servlet request and response, no container.)
 */
class AuthFilterExpiryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXPIRED_MESSAGE =
      "This API key expired at 2026-01-21T13:00:00Z; ask for a new key or a later expiry.";

  @RegisterExtension final TestStores stores = new TestStores();
  private Identity id;
  private ProxyModule proxy;
  private String secret;

  @BeforeEach
  void start() {
    id = new Identity(stores.open(stores.sqlite()));
    GatewayConfig config =
        new ConfigLoader(name -> null, name -> null)
            .parse(
                """
        providers:
          - { id: demo, type: demo }
        routing: { default_provider: demo }
        """,
                stores.folder(),
                "test");
    proxy = ProxyModule.create(config, id.clock, new SimpleMeterRegistry(), StoredResponses.none());
    secret =
        id.keys
            .issue(
                id.admin,
                null,
                "short-lived",
                null,
                new KeyPolicy(null, Identity.START.plus(Duration.ofHours(1)), null))
            .secret();
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void aKeyBeforeItsExpiryPasses() throws Exception {
    Exchange exchange =
        filter(proxyFilter(), "/chat/completions", "Authorization", "Bearer " + secret);

    assertThat(exchange.continued).isTrue();
    assertThat(exchange.attributes.get(Caller.ATTRIBUTE)).isInstanceOf(Caller.class);
  }

  @Test
  void anExpiredKeyGetsAnOpenAiShaped401OnTheOpenAiPaths() throws Exception {
    id.clock.advance(Duration.ofHours(1));

    Exchange exchange =
        filter(proxyFilter(), "/chat/completions", "Authorization", "Bearer " + secret);

    assertThat(exchange.continued).isFalse();
    assertThat(exchange.status).isEqualTo(401);
    JsonNode error = JSON.readTree(exchange.body.toByteArray()).path("error");
    assertThat(error.path("message").asText()).isEqualTo(EXPIRED_MESSAGE);
    assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(exchange.attributes).doesNotContainKey(Caller.ATTRIBUTE);
  }

  @Test
  void anExpiredKeyGetsAnAnthropicShaped401OnMessages() throws Exception {
    id.clock.advance(Duration.ofHours(2));

    Exchange exchange = filter(proxyFilter(), "/messages", AuthFilter.X_API_KEY, secret);

    assertThat(exchange.continued).isFalse();
    assertThat(exchange.status).isEqualTo(401);
    JsonNode body = JSON.readTree(exchange.body.toByteArray());
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("authentication_error");
    assertThat(body.at("/error/message").asText()).isEqualTo(EXPIRED_MESSAGE);
  }

  @Test
  void anExpiredKeyGetsProblemJsonOnTheApi() throws Exception {
    id.clock.advance(Duration.ofHours(1));
    AuthFilter api = new AuthFilter(id.keys, Problems.unauthorized(), request -> false);

    Exchange exchange = filter(api, "/me", "Authorization", "Bearer " + secret);

    assertThat(exchange.status).isEqualTo(401);
    assertThat(exchange.contentType).startsWith("application/problem+json");
    assertThat(JSON.readTree(exchange.body.toByteArray()).path("detail").asText())
        .isEqualTo(EXPIRED_MESSAGE);
  }

  private AuthFilter proxyFilter() {
    return new AuthFilter(
        id.keys,
        proxy.unauthorizedResponder(),
        request -> false,
        request -> request.getPathInfo().startsWith("/messages"));
  }

  /** What the filter did with one request. */
  private static final class Exchange {
    final Map<String, Object> attributes = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status = 200;
    String contentType;
    boolean continued;
  }

  private static Exchange filter(AuthFilter filter, String pathInfo, String header, String value)
      throws Exception {
    Exchange exchange = new Exchange();
    HttpServletRequest request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                AuthFilterExpiryTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (self, method, args) ->
                    switch (method.getName()) {
                      case "getHeader" -> header.equalsIgnoreCase((String) args[0]) ? value : null;
                      case "getPathInfo" -> pathInfo;
                      case "getRequestURI" -> "/loom" + pathInfo;
                      case "getAttribute" -> exchange.attributes.get((String) args[0]);
                      case "setAttribute" -> exchange.attributes.put((String) args[0], args[1]);
                      case "hashCode" -> System.identityHashCode(self);
                      case "equals" -> self == args[0];
                      default -> null;
                    });
    ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}

          @Override
          public void write(int b) {
            exchange.body.write(b);
          }
        };
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                AuthFilterExpiryTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (self, method, args) ->
                    switch (method.getName()) {
                      case "setStatus" -> {
                        exchange.status = (Integer) args[0];
                        yield null;
                      }
                      case "setContentType" -> {
                        exchange.contentType = (String) args[0];
                        yield null;
                      }
                      case "getOutputStream" -> out;
                      case "hashCode" -> System.identityHashCode(self);
                      case "equals" -> self == args[0];
                      default -> null;
                    });
    filter.doFilter(request, response, (req, res) -> exchange.continued = true);
    return exchange;
  }
}
