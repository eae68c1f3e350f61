package loom.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of {@code providers}.
 *
 * @param baseUrl the API root that endpoint paths are appended to (e.g. {@code https://api.openai.com/v1});
 *     null for the demo provider
 * @param models the allow-list of model names; empty means every model is allowed
 * @param headers extra headers sent with every upstream request (e.g. {@code OpenAI-Organization})
 * @param upstreamTimeout longest wait for the next byte from this provider
 * @param connectTimeout longest wait for a connection to this provider
 * @param maxConnections size of this provider's connection pool
 * @param maxInFlight calls to this provider in flight at once (sent and not yet fully relayed); more are
 *     refused at once with 429, never queued. At most {@code maxConnections}
 * @param pricingProvider the price list provider whose list prices this provider charges (e.g.
 *     {@code anthropic}); null to derive it from {@code baseUrl}. Checked against the price list by analytics
 * @param apis the client-facing APIs this provider serves; a request for another one is refused with a 4xx
 */
public record ProviderConfig(
    String id,
    ProviderType type,
    URI baseUrl,
    Secret apiKey,
    List<String> models,
    Map<String, String> headers,
    Duration upstreamTimeout,
    Duration connectTimeout,
    int maxConnections,
    int maxInFlight,
    String pricingProvider,
    Set<WireApi> apis) {
  public static final String DEMO_ID = "demo";
  public static final int DEFAULT_MAX_CONNECTIONS = 200;

  /**
   * Without {@code max_in_flight}, a provider takes as many calls as its pool has connections: this many
   * with the default pool, {@code max_connections} with another.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = DEFAULT_MAX_CONNECTIONS;

  public ProviderConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(apiKey, "apiKey");
    models = List.copyOf(models);
    headers = Map.copyOf(headers);
    Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    apis = apis.isEmpty() ? Set.of() : Set.copyOf(java.util.EnumSet.copyOf(apis));
    if (maxInFlight < 1 || maxInFlight > maxConnections) {
      throw new IllegalArgumentException(
          "maxInFlight must be from 1 to maxConnections (" + maxConnections + "): " + maxInFlight);
    }
  }

  /** The built-in demo provider with the server's defaults. */
  public static ProviderConfig demo(ServerConfig server) {
    return new ProviderConfig(
        DEMO_ID,
        ProviderType.DEMO,
        null,
        new Secret(""),
        List.of(),
        Map.of(),
        server.upstreamTimeout(),
        server.connectTimeout(),
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_IN_FLIGHT,
        null,
        ProviderType.DEMO.defaultApis());
  }

  /** The price list provider named by {@code pricing_provider}, if any. */
  public Optional<String> findPricingProvider() {
    return Optional.ofNullable(pricingProvider);
  }

  /** Whether this provider serves {@code api}. */
  public boolean serves(WireApi api) {
    return apis.contains(api);
  }

  public boolean hasModelAllowList() {
    return !models.isEmpty();
  }
}
