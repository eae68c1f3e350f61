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
import loom.proxy.ProxyOutcomes;
import loom.proxy.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestRecorderTest {
  private static final Caller ADA = new Caller("usr_ada", "ada", Role.USER, "key_ada");

  /** $3 input, $0.30 cache read, $3.75 cache write (five minutes), $15 output per 1M tokens. */
  private static final PriceTable CLAUDE =
      PriceTable.of(
          PriceListTest.read(
              """
      {'header': {}, 'providers': [{'id': 'anthropic', 'api_pattern': 'https://api[.]anthropic[.]com',
        'model_match': {'starts_with': 'claude-'}, 'models': [{'id': 'claude-x', 'match': {'equals': 'claude-x'},
        'prices': [{'input_mtok': 3, 'cache_read_mtok': 0.3, 'cache_write_mtok': 3.75, 'output_mtok': 15}]}]}]}"""),
          List.of(),
          List.of());

  /** 10,000 input tokens: 1,000 uncached, 2,000 read, 3,000 written for five minutes and 4,000 for an hour. */
  private static final Usage CACHING = new Usage(10_000, 500, 10_500, 2_000, 0, 7_000, 4_000, true);

  private final List<RequestLog> recorded = new ArrayList<>();
  private final RequestRecorder recorder =
      new RequestRecorder(
          CLAUDE,
          new BodyPrivacy(PrivacyConfig.defaults(), new Redactor(PrivacyConfig.defaults())),
          recorded::add,
          new AnalyticsMetrics(new SimpleMeterRegistry()));

  @ParameterizedTest(name = "{0} {1} with a key → {2}, without → {3}")
  @CsvSource({
    "POST, /loom/v1/messages, messages, messages",
    "GET, /loom/v1/responses/resp_1, responses.retrieve, responses.retrieve",
    "POST, /loom/v1/images/generations, images/generations, other",
    "GET, /loom/v1/made/up/path, made/up/path, other"
  })
  void theEndpointIsNamedFromMethodAndPathAndOnlyCallersWithAKeyNameOtherPaths(
      String method, String uri, String withKey, String withoutKey) {
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

  @Test
  void aMessageIsChargedForItsCacheWritesTheOneHourOnesAtTwiceInput() {
    ProxyOutcome outcome = ProxyOutcomes.routed("anthropic", "claude-x", CACHING);

    recorder.accept(completed(request("POST", "/loom/v1/messages", ADA, outcome), 200));

    RequestLog log = recorded.get(0);
    // 1,000 × $3 + 2,000 × $0.30 + 3,000 × $3.75 + 4,000 × $6 + 500 × $15, per 1M tokens.
    assertThat(log.costUsd()).isEqualByComparingTo("0.04635");
    assertThat(log.endpoint()).isEqualTo("messages");
    assertThat(log.cacheWriteTokens()).isEqualTo(7_000);
    assertThat(log.cacheWrite1hTokens()).isEqualTo(4_000);
    assertThat(log.metadata()).isNull();
  }

  @Test
  void aRoutedCallWithoutUsageIsFlagged() {
    recorder.accept(
        completed(
            request(
                "POST",
                "/loom/v1/messages",
                ADA,
                ProxyOutcomes.routed("anthropic", "claude-x", Usage.NONE)),
            200));

    assertThat(recorded.get(0).metadata()).isEqualTo("{\"usage_missing\":true}");
  }

  /** An outcome as the cache leaves it on a hit (the proxy's own setters are its package's). */
  private static ProxyOutcome outcomeOf(Usage usage) {
    ProxyOutcome outcome = new ProxyOutcome();
    outcome.servedFromCache(usage);
    return outcome;
  }

  private static CompletedRequest completed(HttpServletRequest request, int status) {
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                RequestRecorderTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (self, method, args) -> method.getName().equals("getStatus") ? status : null);
    return new CompletedRequest(
        request, response, Instant.parse("2026-03-01T10:00:00Z"), Duration.ofMillis(12));
  }

  private static HttpServletRequest request(
      String method, String uri, Caller caller, ProxyOutcome outcome) {
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

  private static HttpServletRequest request(
      String method, String uri, Map<String, Object> attributes) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            RequestRecorderTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (self, m, args) ->
                switch (m.getName()) {
                  case "getMethod" -> method;
                  case "getRequestURI" -> uri;
                  case "getContextPath" -> "/loom";
                  case "getAttribute" -> attributes.get((String) args[0]);
                  case "setAttribute" -> attributes.put((String) args[0], args[1]);
                  default -> null;
                });
  }
}
