package loom.analytics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A provider of the price list: how to recognise it (by API URL, by name, by the models it serves), the
 * providers whose prices it falls back to for models it does not list itself (Azure serves OpenAI's), and
 * its models in list order.
 *
 * @param apiPattern matched at the start of a lower-cased base URL (Python's {@code re.match})
 */
record PriceListProvider(
    String id,
    Pattern apiPattern,
    MatchRule providerMatch,
    MatchRule modelMatch,
    List<String> fallbacks,
    List<PriceListModel> models) {
  PriceListProvider {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(apiPattern, "api_pattern");
    Objects.requireNonNull(providerMatch, "provider_match");
    Objects.requireNonNull(modelMatch, "model_match");
    fallbacks = List.copyOf(fallbacks);
    models = List.copyOf(models);
  }

  /** Whether {@code baseUrl}, lower-cased, is this provider's API. */
  boolean servesUrl(String lowerBaseUrl) {
    return apiPattern.matcher(lowerBaseUrl).lookingAt();
  }

  /** The first of its own models whose rule accepts {@code lowerName} (no fallback). */
  Optional<PriceListModel> findOwnModel(String lowerName) {
    for (PriceListModel model : models) {
      if (model.match().matches(lowerName)) {
        return Optional.of(model);
      }
    }
    return Optional.empty();
  }
}
