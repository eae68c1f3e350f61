package loom.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loom.auth.Caller;
import loom.auth.Role;
import loom.config.PrivacyConfig;
import loom.proxy.CacheStatus;
import loom.proxy.ProxyOutcome;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestRecorderTest {
  private static final Caller ADA = new Caller("usr_ada", "ada", Role.USER, "key_ada");

  private final List<RequestLog> recorded = new ArrayList<>();
  private final RequestRecorder recorder = new RequestRecorder(PriceTable.load(List.of(), List.of()),
      new BodyPrivacy(PrivacyConfig.defaults(), new Redactor(PrivacyConfig.defaults())), recorded::add,
      new AnalyticsMetrics(new SimpleMeterRegistry()));

  @ParameterizedTest(name = "{0} {1} with a key → {2}, without → {3}")
  @CsvSource({
      "POST, /loom/v1/messages, messages, messages",
      "GET, /loom/v1/responses/resp_1, responses.retrieve, responses.retrieve",
      "POST, /loom/v1/images/generations, images/generations, other",
      "GET, /loom/v1/made/up/path, made/up/path, other"})
  void theEndpointIsNamedFromMethodAndPathAndOnlyCallersWithAKeyNameOtherPaths(String method, String uri,
                                                                               String withKey, String withoutKey) {
    recorder.accept(completed(request(method, uri, ADA, null), 200));
    recorder.accept(completed(request(method, uri, null, null), 401));

    assertThat(recorded).extracting(RequestLog::path).containsOnly(uri.substring("/loom".length()));
    assertThat(recorded).extracting(RequestLog::endpoint).containsExactly(withKey, withoutKey);
  }

  @Test
  void theCacheWritesOfTheUsageAreKept() {
    ProxyOutcome outcome = outcomeOf(new Usage(1_000, 50, 1_050, 100, 0, 600, 200, true));

    recorder.accept(completed(request("POST", "/loom/v1/messages", ADA, outcome), 200));

    RequestLog log = recorded.get(0);
    assertThat(log.cacheStatus()).isEqualTo(CacheStatus.HIT);
    assertThat(log.cachedTokens()).isEqualTo(100);
    assertThat(log.cacheWriteTokens()).isEqualTo(600);
    assertThat(log.cacheWrite1hTokens()).isEqualTo(200);
  }

  /** An outcome as the cache leaves it on a hit (the proxy's own setters are its package's). */
  private static ProxyOutcome outcomeOf(Usage usage) {
    ProxyOutcome outcome = new ProxyOutcome();
    outcome.servedFromCache(usage);
    return outcome;
  }

  private static CompletedRequest completed(HttpServletRequest request, int status) {
    HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
        RequestRecorderTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
        (self, method, args) -> method.getName().equals("getStatus") ? status : null);
    return new CompletedRequest(request, response, Instant.parse("2026-03-01T10:00:00Z"), Duration.ofMillis(12));
  }

  private static HttpServletRequest request(String method, String uri, Caller caller, ProxyOutcome outcome) {
    Map<String, Object> attributes = new HashMap<>();
    if (caller != null) {
      attributes.put(Caller.ATTRIBUTE, caller);
    }
    if (outcome != null) {
      // The attribute ProxyOutcome.find reads.
      attributes.put(ProxyOutcome.class.getName(), outcome);
    }
    return request(method, uri, attributes);
  }

  private static HttpServletRequest request(String method, String uri, Map<String, Object> attributes) {
    return (HttpServletRequest) Proxy.newProxyInstance(RequestRecorderTest.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (self, m, args) -> switch (m.getName()) {
          case "getMethod" -> method;
          case "getRequestURI" -> uri;
          case "getContextPath" -> "/loom";
          case "getAttribute" -> attributes.get((String) args[0]);
          case "setAttribute" -> attributes.put((String) args[0], args[1]);
          default -> null;
        });
  }
}
