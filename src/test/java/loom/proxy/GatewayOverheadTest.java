package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GatewayOverheadTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayOverhead overhead = new GatewayOverhead(registry, now::get);
  private final Map<String, String> headers = new HashMap<>();

  @Test
  void theOverheadIsTheTimeSinceArrivalWithoutTheWaitForTheProvider() {
    GatewayOverhead.Stopwatch stopwatch = overhead.start(requestArrivedAt(now.get()));
    now.addAndGet(300_000); // 0.3 ms: filters, parsing, routing
    stopwatch.upstreamStarted();
    now.addAndGet(2_000_000_000L); // 2 s: the provider thinks
    stopwatch.upstreamEnded();
    now.addAndGet(125_000); // 0.125 ms: checking the answer

    stopwatch.stamp(response());

    assertThat(headers).containsEntry("X-Loom-Overhead-Ms", "0.425");
    assertThat(registry.get("loom_gateway_overhead").timer().count()).isEqualTo(1);
    assertThat(registry.get("loom_gateway_overhead").timer().totalTime(TimeUnit.NANOSECONDS))
        .isEqualTo(425_000);
  }

  @Test
  void aResponseIsStampedOnceAndAFailedUpstreamCallStillCountsAsWaiting() {
    GatewayOverhead.Stopwatch stopwatch = overhead.start(requestArrivedAt(now.get()));
    stopwatch.upstreamStarted();
    now.addAndGet(5_000_000); // the provider fails after 5 ms; nobody said upstreamEnded

    stopwatch.stamp(response());
    now.addAndGet(1_000_000);
    stopwatch.stamp(response());

    assertThat(headers).containsEntry("X-Loom-Overhead-Ms", "0.000");
    assertThat(registry.get("loom_gateway_overhead").timer().count()).isEqualTo(1);
  }

  @Test
  void theHeaderHasThreeDecimalsRoundedToTheNearestMicrosecond() {
    assertThat(GatewayOverhead.Stopwatch.millis(0)).isEqualTo("0.000");
    assertThat(GatewayOverhead.Stopwatch.millis(499)).isEqualTo("0.000");
    assertThat(GatewayOverhead.Stopwatch.millis(500)).isEqualTo("0.001");
    assertThat(GatewayOverhead.Stopwatch.millis(7_049_600)).isEqualTo("7.050");
    assertThat(GatewayOverhead.Stopwatch.millis(12_345_678_901L)).isEqualTo("12345.679");
  }

  @Test
  void aRequestThatNeverPassedTheFirstFilterIsNotStamped() {
    overhead.start(requestArrivedAt(null)).stamp(response());

    assertThat(headers).isEmpty();
    assertThat(registry.get("loom_gateway_overhead").timer().count()).isZero();
  }

  private static ServletRequest requestArrivedAt(Long arrival) {
    return (ServletRequest)
        Proxy.newProxyInstance(
            ServletRequest.class.getClassLoader(),
            new Class<?>[] {ServletRequest.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getAttribute")) {
                return ((String) args[0]).endsWith(".arrival") ? arrival : null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  /** Only headers and the committed flag are used; a hand-made stand-in instead of a mocking library. */
  private HttpServletResponse response() {
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            HttpServletResponse.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "isCommitted" -> false;
                  case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
