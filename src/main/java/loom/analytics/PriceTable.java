package loom.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import loom.config.ConfigException;
import loom.config.PriceConfig;
import loom.config.ProviderConfig;
import loom.proxy.Usage;

/**
 * The prices the gateway charges answers at, with a {@link #version()} that names this exact set of prices.
 * Immutable in what it answers and thread-safe.
 *
 * <p>A model on a configured provider is priced, first match wins:
 * <ol>
 *   <li>by {@code pricing} in {@code loom.yaml} (prefix rules, {@link ConfiguredPrices});</li>
 *   <li>by the price list ({@link PriceList}) at the list provider that provider pays ({@link PricingProviders}:
 *       {@code pricing_provider}, else its base URL), and the providers that one falls back to;</li>
 *   <li>for a provider without one (demo, self-hosted, unknown host), by the model's name alone at the list
 *       providers that claim it ({@code claude…} → anthropic, {@code gpt-…} → openai).</li>
 * </ol>
 * The price in force is the one of the request's day (price history) and, for tiered prices, of its size.
 *
 * <p>Lookups run on the request thread, so which prices a (provider, model) name pays is worked out once
 * and kept: a request then costs a map lookup and a little decimal arithmetic, never a scan of the list's
 * rules. Names come from clients, so at most {@value #MAX_CACHED_NAMES} are kept; past that a lookup scans
 * again (still under a millisecond) rather than grow without bound.
 */
public final class PriceTable {
  static final int MAX_CACHED_NAMES = 10_000;
  private static final int VERSION_LENGTH = 12;

  private final PriceList list;
  private final ConfiguredPrices configured;
  private final PricingProviders providers;
  private final String version;
  /** What each "provider NUL model" name is priced by; empty for names without a price. */
  private final ConcurrentHashMap<String, Optional<Resolved>> resolved = new ConcurrentHashMap<>();

  private PriceTable(PriceList list, ConfiguredPrices configured, PricingProviders providers) {
    this.list = list;
    this.configured = configured;
    this.providers = providers;
    this.version = versionOf("list\t" + list.fingerprint() + '\n' + configured.canonical() + providers.canonical());
  }

  /** How a name is priced, and whether it is surely a real model (an entry names it exactly). */
  private record Resolved(PriceSchedule prices, boolean listed) {}

  /**
   * The shipped price list overlaid by {@code configured}, for {@code providers}.
   *
   * @throws ConfigException if a configured price is invalid or repeated, or a {@code pricing_provider} unknown
   * @throws IllegalStateException if the shipped price list is missing or malformed
   */
  public static PriceTable load(List<PriceConfig> configured, List<ProviderConfig> providers) {
    return of(PriceList.load(), configured, providers);
  }

  /** {@link #load} with another price list. */
  static PriceTable of(PriceList list, List<PriceConfig> configured, List<ProviderConfig> providers) {
    return new PriceTable(list, ConfiguredPrices.of(configured), PricingProviders.derive(providers, list));
  }

  /**
   * The prices in force at {@code at} for {@code model} on {@code providerId}; empty when nothing prices it
   * or the model is unknown (null). A {@code provider/} routing prefix is the caller's to strip: this prices
   * the name the upstream was sent.
   */
  public Optional<PriceSet> find(String providerId, String model, Instant at) {
    return resolve(providerId, model).map(found -> found.prices().at(at));
  }

  /** Whether {@code model} has prices at {@code at} that charge anything (free and local models do not). */
  public boolean isPriced(String providerId, String model, Instant at) {
    return find(providerId, model, at).filter(prices -> !prices.isFree()).isPresent();
  }

  /**
   * Whether a price names exactly this model (not only a prefix or pattern of it): a name that is surely
   * real, whoever sends it.
   */
  public boolean lists(String providerId, String model) {
    return resolve(providerId, model).map(Resolved::listed).orElse(false);
  }

  /**
   * What {@code usage} of a request made at {@code at} cost, exactly: uncached prompt tokens at input,
   * cached ones at the cache read price, tokens written to the cache at the cache write price (both input without
   * one; the one-hour writes at twice input, {@link PriceSet}), completion tokens at output, each per 1M tokens at
   * the tier of the request's prompt size, plus any fee per request. Reasoning tokens are not added: they are part
   * of the completion tokens. Negative counts read as zero; cache reads and writes never exceed the prompt.
   */
  public Cost cost(String providerId, String model, Usage usage, Instant at) {
    return find(providerId, model, at)
        .map(prices -> new Cost(prices.usd(TokenCounts.of(usage)), true, version))
        .orElse(Cost.UNPRICED);
  }

  /**
   * A short identifier of this exact set of prices: the first 12 hex digits of the SHA-256 of the price
   * list file, the configured prices (canonical order and notation: {@code 0.60} and {@code 0.6} are the
   * same price) and which list provider each configured provider pays. Equal tables give the same version
   * on every machine and restart; any price change gives a new one.
   */
  public String version() {
    return version;
  }

  /** The configured prices, in the order they are tried. */
  List<Price> configuredEntries() {
    return configured.entries();
  }

  @Override
  public String toString() {
    return "price table version " + version + " (" + configured.entries().size() + " configured prices over "
        + list.source() + ": " + list.modelCount() + " models)";
  }

  // Helpers ---

  private Optional<Resolved> resolve(String providerId, String model) {
    if (model == null) {
      return Optional.empty();
    }
    // "" is never a provider id, so a request without a provider cannot share a key with one.
    String key = (providerId == null ? "" : providerId) + '\u0000' + model;
    Optional<Resolved> known = resolved.get(key);
    if (known != null) {
      return known;
    }
    Optional<Resolved> found = lookUp(providerId, model);
    if (resolved.size() < MAX_CACHED_NAMES) {
      resolved.putIfAbsent(key, found);
    }
    return found;
  }

  private Optional<Resolved> lookUp(String providerId, String model) {
    Optional<PricingProviders.StandIn> standIn = providers.findStandIn(providerId, model);
    Optional<PriceListModel> listed = standIn.isPresent() ? findStandIn(standIn.get()) : findListed(providerId, model);
    boolean exact = configured.names(providerId, model) || standIn.isPresent()
        || listed.map(found -> found.exactNames().contains(model)).orElse(false);
    Optional<Price> own = configured.find(providerId, model);
    if (own.isPresent()) {
      return Optional.of(new Resolved(PriceSchedule.always(PriceSet.of(own.get())), exact));
    }
    return listed.map(found -> new Resolved(found.prices(), exact));
  }

  private Optional<PriceListModel> findStandIn(PricingProviders.StandIn standIn) {
    return list.findProvider(standIn.provider())
        .flatMap(provider -> list.findModel(provider, MatchRule.lower(standIn.model())));
  }

  private Optional<PriceListModel> findListed(String providerId, String model) {
    String name = MatchRule.lower(model);
    Optional<PriceListProvider> provider = providers.find(providerId);
    // A provider whose list prices are known is priced by its list alone: a model it does not list is
    // unpriced there, not priced at whoever else serves a model of that name.
    return provider.isPresent() ? list.findModel(provider.get(), name) : list.findModelByName(name);
  }

  private static String versionOf(String canonical) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, VERSION_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
