package loom.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import loom.config.ProviderConfig;
import loom.config.ProviderType;
import loom.config.Secret;
import loom.config.ServerConfig;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {
  @Test
  void refusesBeyondItsBoundAndCountsTheRefusals() {
    InFlightLimit limit = new InFlightLimit(2);

    Optional<InFlightLimit.Permit> first = limit.tryAcquire();
    Optional<InFlightLimit.Permit> second = limit.tryAcquire();
    Optional<InFlightLimit.Permit> third = limit.tryAcquire();

    assertThat(first).isPresent();
    assertThat(second).isPresent();
    assertThat(third).isEmpty();
    assertThat(limit.inFlight()).isEqualTo(2);
    assertThat(limit.rejected()).isEqualTo(1);
  }

  @Test
  void aPermitFreesItsPlaceExactlyOnceHoweverOftenItIsReleased() {
    InFlightLimit limit = new InFlightLimit(2);
    InFlightLimit.Permit held = limit.tryAcquire().orElseThrow();
    InFlightLimit.Permit released = limit.tryAcquire().orElseThrow();

    released.release();
    released.release();
    released.release();

    assertThat(limit.inFlight()).isEqualTo(1);
    assertThat(limit.tryAcquire()).isPresent();
    assertThat(limit.tryAcquire()).isEmpty();
    held.release();
    assertThat(limit.inFlight()).isEqualTo(1);
  }

  @Test
  void manyThreadsNeverHoldMoreThanTheBoundAndGiveEveryPlaceBack() throws Exception {
    InFlightLimit limit = new InFlightLimit(5);
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger mostHeld = new AtomicInteger();
    ConcurrentLinkedQueue<Boolean> outcomes = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < 16; i++) {
      threads.execute(
          () -> {
            awaitQuietly(start);
            for (int call = 0; call < 2_000; call++) {
              Optional<InFlightLimit.Permit> permit = limit.tryAcquire();
              outcomes.add(permit.isPresent());
              permit.ifPresent(
                  held -> {
                    mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    holding.decrementAndGet();
                    held.release();
                    held.release(); // a second release, as a listener racing the exchange would do,
                    // changes nothing
                  });
            }
          });
    }
    start.countDown();
    threads.shutdown();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(mostHeld.get()).isBetween(1, 5);
    assertThat(limit.inFlight()).isZero();
    assertThat(outcomes.stream().filter(accepted -> !accepted).count()).isEqualTo(limit.rejected());
  }

  @Test
  void anOverloadedProviderIsA429WithItsBoundAndTheMetersShowIt() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Provider provider = provider("narrow", 1);
    InFlightLimits limits = new InFlightLimits(List.of(provider), registry);
    Route route = new Route(provider, "m");

    InFlightLimit.Permit permit = limits.acquire(route);

    assertThatThrownBy(() -> limits.acquire(route))
        .isInstanceOfSatisfying(
            ProxyException.class,
            e -> {
              assertThat(e.error().status()).isEqualTo(429);
              assertThat(e.error().code()).isEqualTo("provider_overloaded");
              assertThat(e.error().type()).isEqualTo("rate_limit_exceeded");
              assertThat(e.error().message()).contains("'narrow'").contains("maximum of 1");
              assertThat(e.error().isOverload()).isTrue();
            });
    assertThat(registry.get("loom_upstream_in_flight").tag("provider", "narrow").gauge().value())
        .isEqualTo(1);
    assertThat(
            registry.get("loom_upstream_max_in_flight").tag("provider", "narrow").gauge().value())
        .isEqualTo(1);
    assertThat(
            registry
                .get("loom_upstream_rejections")
                .tag("provider", "narrow")
                .functionCounter()
                .count())
        .isEqualTo(1);
    permit.release();
    assertThat(limits.inFlight("narrow")).isZero();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Provider provider(String id, int maxInFlight) {
    ProviderConfig config =
        new ProviderConfig(
            id,
            ProviderType.OPENAI,
            URI.create("http://127.0.0.1:1/v1"),
            new Secret(""),
            List.of(),
            Map.of(),
            ServerConfig.DEFAULT_UPSTREAM_TIMEOUT,
            ServerConfig.DEFAULT_CONNECT_TIMEOUT,
            maxInFlight,
            maxInFlight,
            null,
            ProviderType.OPENAI.defaultApis());
    return new Provider() {
      @Override
      public ProviderConfig config() {
        return config;
      }

      @Override
      public UpstreamResponse send(UpstreamRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<String> listModels() {
        return new ArrayList<>();
      }

      @Override
      public void close() {}
    };
  }
}
