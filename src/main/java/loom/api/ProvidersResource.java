package loom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import loom.analytics.AnalyticsModule;
import loom.proxy.ProxyModule;

/** {@code GET /providers}: ids, types, models and prices of the configured providers (unpriced models named); never their keys. */
@Path("/providers")
@Produces(MediaType.APPLICATION_JSON)
public final class ProvidersResource {
  private final ProxyModule proxy;
  private final AnalyticsModule analytics;
  private final Clock clock;

  @Inject
  public ProvidersResource(ProxyModule proxy, AnalyticsModule analytics, Clock clock) {
    this.proxy = proxy;
    this.analytics = analytics;
    this.clock = clock;
  }

  @GET
  public Dtos.ProviderList providers() {
    return new Dtos.ProviderList(
        proxy.describeProviders().stream()
            .map(provider -> Dtos.ProviderView.from(provider, analytics.prices(), clock.instant()))
            .toList());
  }
}
