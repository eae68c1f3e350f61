package loom.analytics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import loom.config.ConfigException;
import loom.config.ProviderConfig;
import loom.config.ProviderType;

/**
 * Which price list provider's prices each configured provider pays: the one its {@code pricing_provider}
 * names, else the one whose {@code api_pattern} matches its base URL ({@code https://api.anthropic.com/v1} →
 * anthropic). A demo provider, or one on a host the list does not know (a self-hosted vLLM or Ollama), gets
 * none, and its models are priced by name alone. Immutable and thread-safe.
 */
final class PricingProviders {
  /**
   * The demo provider's models are priced as the OpenAI models they imitate, so a fresh install shows
   * realistic costs on the dashboard (it answers locally and costs nothing).
   */
  static final Map<String, StandIn> DEMO_STAND_INS =
      Map.of(
          "demo-chat", new StandIn("openai", "gpt-4o-mini"),
          "demo-embedding", new StandIn("openai", "text-embedding-3-small"));

  /** The model of the price list a demo model is priced as. */
  record StandIn(String provider, String model) {}

  private final Map<String, PriceListProvider> byProviderId;
  private final Set<String> demoIds;

  private PricingProviders(Map<String, PriceListProvider> byProviderId, Set<String> demoIds) {
    this.byProviderId = Map.copyOf(byProviderId);
    this.demoIds = Set.copyOf(demoIds);
  }

  /**
   * The price list provider of each of {@code providers}.
   *
   * @throws ConfigException if a {@code pricing_provider} names no provider of the list
   */
  static PricingProviders derive(List<ProviderConfig> providers, PriceList list) {
    Map<String, PriceListProvider> byProviderId = new HashMap<>();
    Set<String> demoIds = new HashSet<>();
    for (int index = 0; index < providers.size(); index++) {
      ProviderConfig provider = providers.get(index);
      if (provider.type() == ProviderType.DEMO) {
        demoIds.add(provider.id());
      }
      Optional<PriceListProvider> priced;
      if (provider.findPricingProvider().isPresent()) {
        String name = provider.findPricingProvider().get();
        String key = "providers[" + index + "].pricing_provider";
        priced = Optional.of(list.findProvider(name).orElseThrow(() -> unknown(key, name, list)));
      } else {
        priced =
            provider.baseUrl() == null
                ? Optional.empty()
                : list.findProviderServing(provider.baseUrl());
      }
      priced.ifPresent(found -> byProviderId.put(provider.id(), found));
    }
    return new PricingProviders(byProviderId, demoIds);
  }

  /** The price list provider whose prices {@code providerId} pays; empty when its models are priced by name. */
  Optional<PriceListProvider> find(String providerId) {
    return providerId == null
        ? Optional.empty()
        : Optional.ofNullable(byProviderId.get(providerId));
  }

  /** The real model {@code model} stands in for when {@code providerId} is a demo provider and it a demo model. */
  Optional<StandIn> findStandIn(String providerId, String model) {
    return demoIds.contains(providerId)
        ? Optional.ofNullable(DEMO_STAND_INS.get(model))
        : Optional.empty();
  }

  /** Which provider pays which list's prices, in a canonical order, for the price table's version. */
  String canonical() {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(byProviderId)
        .forEach(
            (id, provider) ->
                canonical
                    .append("priced-as\t")
                    .append(id)
                    .append('\t')
                    .append(provider.id())
                    .append('\n'));
    demoIds.stream().sorted().forEach(id -> canonical.append("demo\t").append(id).append('\n'));
    new TreeMap<>(DEMO_STAND_INS)
        .forEach(
            (demo, real) ->
                canonical
                    .append("stand-in\t")
                    .append(demo)
                    .append('\t')
                    .append(real.provider())
                    .append('\t')
                    .append(real.model())
                    .append('\n'));
    return canonical.toString();
  }

  private static ConfigException unknown(String key, String name, PriceList list) {
    return new ConfigException(
        key,
        "must be the id of a provider of the price list ("
            + list.source()
            + "): "
            + list.providers().stream().map(PriceListProvider::id).collect(Collectors.joining(", "))
            + "; got '"
            + name
            + "'");
  }
}
