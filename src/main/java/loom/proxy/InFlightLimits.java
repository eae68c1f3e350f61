package loom.proxy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every provider's {@link InFlightLimit}, and their Prometheus meters: {@code loom_upstream_in_flight} and
 * {@code loom_upstream_max_in_flight} (gauges) and {@code loom_upstream_rejections_total}, each by
 * {@code provider}. Thread-safe (the map is fixed at deploy).
 */
final class InFlightLimits {
  /** What a refused client is told to wait before it tries again. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final Map<String, InFlightLimit> byProvider;

  InFlightLimits(List<Provider> providers, MeterRegistry registry) {
    Map<String, InFlightLimit> limits = new HashMap<>();
    for (Provider provider : providers) {
      InFlightLimit limit = new InFlightLimit(provider.config().maxInFlight());
      limits.put(provider.id(), limit);
      Gauge.builder("loom_upstream_in_flight", limit, InFlightLimit::inFlight)
          .strongReference(true)
          .description("Calls to the provider in flight: sent and not yet completely relayed")
          .tag("provider", provider.id())
          .register(registry);
      Gauge.builder("loom_upstream_max_in_flight", limit, InFlightLimit::max)
          .strongReference(true)
          .description("The provider's bound on calls in flight (providers[].max_in_flight)")
          .tag("provider", provider.id())
          .register(registry);
      FunctionCounter.builder("loom_upstream_rejections", limit, InFlightLimit::rejected)
          .description(
              "Requests refused with 429 provider_overloaded because the provider was at its bound")
          .tag("provider", provider.id())
          .register(registry);
    }
    this.byProvider = Map.copyOf(limits);
  }

  /**
   * A permit for a call to the route's provider.
   *
   * @throws ProxyException 429 {@code provider_overloaded} when the provider is at its bound
   */
  InFlightLimit.Permit acquire(Route route) {
    InFlightLimit limit = byProvider.get(route.provider().id());
    return limit
        .tryAcquire()
        .orElseThrow(
            () ->
                new ProxyException(
                    OpenAiError.providerOverloaded(
                        route.provider().id(), limit.max(), RETRY_AFTER_SECONDS)));
  }

  /** Calls in flight to a provider now (0 for an unknown id). */
  int inFlight(String providerId) {
    InFlightLimit limit = byProvider.get(providerId);
    return limit == null ? 0 : limit.inFlight();
  }
}
