package loom.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole validated configuration, read once at deploy time from loom.yaml (or the built-in
 * defaults). Nothing else in the gateway reads files, system properties or the environment.
 *
 * @param home the {@code loom.home} folder (default {@code ~/.loom})
 * @param source where the configuration came from, for the log (a file path or "built-in defaults")
 */
public record GatewayConfig(
    Path home,
    String source,
    ServerConfig server,
    List<ProviderConfig> providers,
    RoutingConfig routing,
    StorageConfig storage,
    AuthConfig auth,
    List<PriceConfig> pricing,
    PrivacyConfig privacy,
    AnalyticsConfig analytics,
    MetricsConfig metrics,
    CacheConfig cache,
    AlertsConfig alerts) {
  public GatewayConfig {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(server, "server");
    providers = List.copyOf(providers);
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(auth, "auth");
    pricing = List.copyOf(pricing);
    Objects.requireNonNull(privacy, "privacy");
    Objects.requireNonNull(analytics, "analytics");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(alerts, "alerts");
  }

  public Optional<ProviderConfig> findProvider(String id) {
    return providers.stream().filter(provider -> provider.id().equals(id)).findFirst();
  }
}
