package loom.proxy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loom.config.ProviderConfig;
import loom.config.ProviderType;
import loom.config.Secret;
import loom.config.ServerConfig;

/** Outcomes as the proxy leaves them, for the tests of what other features make of them. */
public final class ProxyOutcomes {
  private ProxyOutcomes() {}

  /** A request routed to {@code model} on {@code providerId} whose answer reported {@code usage}. */
  public static ProxyOutcome routed(String providerId, String model, Usage usage) {
    ProviderConfig config =
        new ProviderConfig(
            providerId,
            ProviderType.OPENAI,
            URI.create("http://127.0.0.1:1/v1"),
            new Secret(""),
            List.of(),
            Map.of(),
            ServerConfig.DEFAULT_UPSTREAM_TIMEOUT,
            ServerConfig.DEFAULT_CONNECT_TIMEOUT,
            1,
            1,
            null,
            ProviderType.OPENAI.defaultApis());
    Provider provider =
        new Provider() {
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
    ProxyOutcome outcome = new ProxyOutcome();
    outcome.routed(new Route(provider, model));
    outcome.usage(usage);
    return outcome;
  }
}
