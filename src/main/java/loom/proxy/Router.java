package loom.proxy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import loom.config.WireApi;

/**
 * Decides which provider serves a request (DESIGN §5), first match wins: a {@code provider/} prefix on
 * the model; the {@code X-Loom-Provider} header; the provider whose model allow-list has the model;
 * the default provider (or, for a call of an API it does not serve, the first provider that serves it). A prefix that is not a provider id is part of the model name (vLLM and
 * Together use ids like {@code meta-llama/Llama-3-8b}). Pure and thread-safe.
 */
final class Router {
  private final Map<String, Provider> providersById;
  private final List<Provider> providers;
  private final String defaultProvider;

  Router(List<Provider> providers, String defaultProvider) {
    this.providers = List.copyOf(providers);
    this.providersById =
        providers.stream().collect(Collectors.toMap(Provider::id, Function.identity()));
    this.defaultProvider = defaultProvider;
  }

  /** @param providerHeader the value of {@code X-Loom-Provider}, or null */
  Route route(String model, String providerHeader) {
    return route(model, providerHeader, null);
  }

  /**
   * As {@link #route(String, String)} for a call of one API: where nothing in the request picks a provider and the
   * default provider does not serve that API, the first provider (in configuration order) that does, so Claude Code
   * reaches the Anthropic provider beside a default OpenAI one without listing every Claude model.
   *
   * @param api the API of the call, or null when any provider will do
   */
  Route route(String model, String providerHeader, WireApi api) {
    int slash = model.indexOf('/');
    if (slash > 0) {
      Provider prefixed = providersById.get(model.substring(0, slash));
      if (prefixed != null) {
        return checked(prefixed, model.substring(slash + 1));
      }
    }
    if (providerHeader != null && !providerHeader.isBlank()) {
      Provider named = providersById.get(providerHeader.trim());
      if (named == null) {
        throw new ProxyException(OpenAiError.unknownProvider(providerHeader.trim()));
      }
      return checked(named, model);
    }
    Optional<Provider> listing =
        providers.stream()
            .filter(provider -> provider.config().models().contains(model))
            .findFirst();
    if (listing.isPresent()) {
      return new Route(listing.get(), model);
    }
    Provider fallback = providersById.get(defaultProvider);
    if (api != null && (fallback == null || !fallback.config().serves(api))) {
      fallback =
          providers.stream()
              .filter(provider -> provider.config().serves(api))
              .findFirst()
              .orElse(fallback);
    }
    if (fallback == null) {
      throw new ProxyException(OpenAiError.noRoute(model));
    }
    return checked(fallback, model);
  }

  /** The provider with this id, if one is configured. */
  Optional<Provider> provider(String id) {
    return Optional.ofNullable(providersById.get(id));
  }

  /**
   * The provider of a call that names no model to route by: the one {@code X-Loom-Provider} names, else the default
   * provider.
   */
  Provider providerOf(String providerHeader) {
    if (providerHeader != null && !providerHeader.isBlank()) {
      return provider(providerHeader.trim())
          .orElseThrow(
              () -> new ProxyException(OpenAiError.unknownProvider(providerHeader.trim())));
    }
    return provider(defaultProvider)
        .orElseThrow(() -> new ProxyException(OpenAiError.noDefaultProvider()));
  }

  private static Route checked(Provider provider, String model) {
    if (model.isBlank()) {
      throw new ProxyException(OpenAiError.missingParameter("model"));
    }
    if (!provider.accepts(model)) {
      throw new ProxyException(OpenAiError.unknownModel(model, provider.id()));
    }
    return new Route(provider, model);
  }
}
