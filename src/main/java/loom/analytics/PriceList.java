package loom.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The list prices shipped with the gateway: genai-prices' providers and models as
 * {@code scripts/refresh-prices.py} wrote them into {@value #RESOURCE}, with the lookups genai-prices
 * defines (a provider by name, by API URL or by the models it serves; a model by its match rules, then in
 * the providers a provider falls back to). Immutable and thread-safe. Lookups scan the list, so a caller
 * on the request path caches their answers, as {@link PriceTable} does.
 */
final class PriceList {
  static final String RESOURCE = "loom/analytics/genai-prices.json";

  private final String source;
  private final String fingerprint;
  private final List<PriceListProvider> providers;
  private final Map<String, PriceListProvider> byId = new HashMap<>();

  /**
   * @param source where the prices come from, for logs ("genai-prices 2026-08-21, commit 47df840a")
   * @param fingerprint changes whenever any price or rule in the list does (a hash of the file)
   */
  PriceList(String source, String fingerprint, List<PriceListProvider> providers) {
    this.source = source;
    this.fingerprint = fingerprint;
    this.providers = List.copyOf(providers);
    for (PriceListProvider provider : this.providers) {
      if (byId.putIfAbsent(provider.id(), provider) != null) {
        throw new IllegalStateException("the price list has two providers '" + provider.id() + "'");
      }
    }
    for (PriceListProvider provider : this.providers) {
      for (String fallback : provider.fallbacks()) {
        if (!byId.containsKey(fallback)) {
          throw new IllegalStateException(
              "provider '"
                  + provider.id()
                  + "' falls back to '"
                  + fallback
                  + "', which the price list does not have");
        }
      }
    }
  }

  /**
   * The list shipped in {@value #RESOURCE}.
   *
   * @throws IllegalStateException if it is missing or malformed: a build defect, so it fails the deploy
   */
  static PriceList load() {
    try (InputStream in = PriceList.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "The price list " + RESOURCE + " is missing from the classpath");
      }
      return PriceListReader.read(in.readAllBytes(), RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read the price list " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  String source() {
    return source;
  }

  String fingerprint() {
    return fingerprint;
  }

  List<PriceListProvider> providers() {
    return providers;
  }

  int modelCount() {
    return providers.stream().mapToInt(provider -> provider.models().size()).sum();
  }

  /** The provider with this id, else the first whose {@code provider_match} accepts the name (e.g. {@code bedrock}). */
  Optional<PriceListProvider> findProvider(String name) {
    String lower = MatchRule.lower(name.strip());
    PriceListProvider exact = byId.get(lower);
    if (exact != null) {
      return Optional.of(exact);
    }
    return providers.stream()
        .filter(provider -> provider.providerMatch().matches(lower))
        .findFirst();
  }

  /** The first provider whose {@code api_pattern} matches the start of {@code baseUrl} (case ignored). */
  Optional<PriceListProvider> findProviderServing(URI baseUrl) {
    String lower = MatchRule.lower(baseUrl.toString());
    return providers.stream().filter(provider -> provider.servesUrl(lower)).findFirst();
  }

  /** The model of {@code provider} that {@code lowerName} names, else of the providers it falls back to (one level). */
  Optional<PriceListModel> findModel(PriceListProvider provider, String lowerName) {
    Optional<PriceListModel> own = provider.findOwnModel(lowerName);
    if (own.isPresent()) {
      return own;
    }
    for (String fallback : provider.fallbacks()) {
      Optional<PriceListModel> model = byId.get(fallback).findOwnModel(lowerName);
      if (model.isPresent()) {
        return model;
      }
    }
    return Optional.empty();
  }

  /**
   * The model a bare name names, whoever serves it: the providers whose {@code model_match} accepts the name
   * ({@code claude…} → anthropic, {@code gpt-…} → openai) are asked in list order, and the first that lists
   * the model prices it. genai-prices stops at the first provider that accepts the name; going on finds
   * {@code accounts/fireworks/models/deepseek-v3-0324} at Fireworks after DeepSeek (which accepts every name
   * containing "deepseek") does not list it.
   */
  Optional<PriceListModel> findModelByName(String lowerName) {
    for (PriceListProvider provider : providers) {
      if (provider.modelMatch().matches(lowerName)) {
        Optional<PriceListModel> model = findModel(provider, lowerName);
        if (model.isPresent()) {
          return model;
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "PriceList["
        + source
        + ", "
        + providers.size()
        + " providers, "
        + modelCount()
        + " models]";
  }
}
