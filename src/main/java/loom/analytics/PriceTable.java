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
 *   <li>by a run-time price an admin set for exactly this provider and model ({@link PriceOverride}): of those
 *       whose start is not after the request, the newest; none applies to a request before the first start;</li>
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
 *
 * <p>Run-time prices change while the gateway runs ({@link #useOverrides}): the table then swaps in a new
 * snapshot (the run-time prices, the version, and a fresh cache of names) with one volatile write, and every
 * lookup reads the snapshot once, with one volatile read and no lock, so a request is priced by one consistent
 * set of prices and its version.
 */
public final class PriceTable {
  static final int MAX_CACHED_NAMES = 10_000;
  private static final int VERSION_LENGTH = 12;

  private final PriceList list;
  private final ConfiguredPrices configured;
  private final PricingProviders providers;

  /** The list, the configured prices and the providers, canonically: what the version hashes before run-time prices. */
  private final String baseCanonical;

  private volatile Snapshot current;

  private PriceTable(PriceList list, ConfiguredPrices configured, PricingProviders providers) {
    this.list = list;
    this.configured = configured;
    this.providers = providers;
    this.baseCanonical =
        "list\t" + list.fingerprint() + '\n' + configured.canonical() + providers.canonical();
    this.current = new Snapshot(PriceOverrides.NONE, versionOf(baseCanonical));
  }

  /** Where the prices in force come from. */
  public enum Source {
    /** A run-time price an admin set ({@link PriceOverride}). */
    OVERRIDE,
    /** {@code pricing} in {@code loom.yaml}. */
    CONFIG,
    /** The shipped price list. */
    LIST
  }

  /** The prices in force for a request, and where they come from. */
  public record Quote(PriceSet prices, Source source) {}

  /** One set of run-time prices with its version, and the names looked up under it. */
  private static final class Snapshot {
    final PriceOverrides overrides;
    final String version;

    /** What each "provider NUL model" name is priced by (also names without a price). */
    final ConcurrentHashMap<String, Resolved> resolved = new ConcurrentHashMap<>();

    Snapshot(PriceOverrides overrides, String version) {
      this.overrides = overrides;
      this.version = version;
    }
  }

  /**
   * How a name is priced: its run-time prices (newest start first, maybe none), else the schedule of the
   * configuration or the list (null: none), and whether it is surely a real model (an entry names it exactly).
   */
  private static final class Resolved {
    private static final PriceOverrides.Entry[] NO_OVERRIDES = new PriceOverrides.Entry[0];

    /** A name nothing prices. */
    static final Resolved NONE = new Resolved(null, null, null, false);

    final PriceOverrides.Entry[] overrides;
    final PriceSchedule schedule;
    final Source scheduleSource;
    final boolean listed;

    Resolved(
        PriceOverrides.Entry[] overrides,
        PriceSchedule schedule,
        Source scheduleSource,
        boolean listed) {
      this.overrides = overrides == null ? NO_OVERRIDES : overrides;
      this.schedule = schedule;
      this.scheduleSource = scheduleSource;
      this.listed = listed;
    }

    /** The run-time price in force at {@code at}, else null. */
    PriceOverrides.Entry override(Instant at) {
      if (overrides.length == 0) {
        return null;
      }
      long millis = at.toEpochMilli();
      for (PriceOverrides.Entry entry : overrides) {
        if (entry.from() <= millis) {
          return entry;
        }
      }
      return null;
    }

    /** The prices in force at {@code at}; null when nothing prices the name then. */
    PriceSet at(Instant at) {
      PriceOverrides.Entry override = override(at);
      if (override != null) {
        return override.prices();
      }
      return schedule == null ? null : schedule.at(at);
    }
  }

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
  static PriceTable of(
      PriceList list, List<PriceConfig> configured, List<ProviderConfig> providers) {
    return new PriceTable(
        list, ConfiguredPrices.of(configured), PricingProviders.derive(providers, list));
  }

  /**
   * The prices in force at {@code at} for {@code model} on {@code providerId}; empty when nothing prices it
   * or the model is unknown (null). A {@code provider/} routing prefix is the caller's to strip: this prices
   * the name the upstream was sent.
   */
  public Optional<PriceSet> find(String providerId, String model, Instant at) {
    return Optional.ofNullable(resolve(current, providerId, model).at(at));
  }

  /** {@link #find}, saying where the prices come from. */
  public Optional<Quote> quote(String providerId, String model, Instant at) {
    Resolved found = resolve(current, providerId, model);
    PriceOverrides.Entry override = found.override(at);
    if (override != null) {
      return Optional.of(new Quote(override.prices(), Source.OVERRIDE));
    }
    return found.schedule == null
        ? Optional.empty()
        : Optional.of(new Quote(found.schedule.at(at), found.scheduleSource));
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
    return resolve(current, providerId, model).listed;
  }

  /**
   * What {@code usage} of a request made at {@code at} cost, exactly: uncached prompt tokens at input,
   * cached ones at the cache read price, tokens written to the cache at the cache write price (both input without
   * one; the one-hour writes at twice input, {@link PriceSet}), completion tokens at output, each per 1M tokens at
   * the tier of the request's prompt size, plus any fee per request. Reasoning tokens are not added: they are part
   * of the completion tokens. Negative counts read as zero; cache reads and writes never exceed the prompt.
   */
  public Cost cost(String providerId, String model, Usage usage, Instant at) {
    // One read of the snapshot: the prices and the version that names them belong together.
    Snapshot snapshot = current;
    PriceSet prices = resolve(snapshot, providerId, model).at(at);
    return prices == null
        ? Cost.UNPRICED
        : new Cost(prices.usd(TokenCounts.of(usage)), true, snapshot.version);
  }

  /**
   * A short identifier of this exact set of prices: the first 12 hex digits of the SHA-256 of the price
   * list file, the configured prices (canonical order and notation: {@code 0.60} and {@code 0.6} are the
   * same price), which list provider each configured provider pays, and the run-time prices in force now (none:
   * the version the table had without them). Equal tables give the same version on every machine and restart;
   * any price change gives a new one.
   */
  public String version() {
    return current.version;
  }

  /**
   * Prices from now on with these run-time prices (and a version that names them). Lookups under way finish with
   * the prices they started with.
   */
  void useOverrides(PriceOverrides overrides) {
    current = new Snapshot(overrides, versionOf(baseCanonical + overrides.canonical()));
  }

  @Override
  public String toString() {
    Snapshot snapshot = current;
    return "price table version "
        + snapshot.version
        + " ("
        + snapshot.overrides.size()
        + " run-time prices, "
        + configured.entries().size()
        + " configured prices over "
        + list.source()
        + ": "
        + list.modelCount()
        + " models)";
  }

  // Helpers ---

  private Resolved resolve(Snapshot snapshot, String providerId, String model) {
    if (model == null) {
      return Resolved.NONE;
    }
    // "" is never a provider id, so a request without a provider cannot share a key with one.
    String key = (providerId == null ? "" : providerId) + '\u0000' + model;
    Resolved known = snapshot.resolved.get(key);
    if (known != null) {
      return known;
    }
    Resolved found = lookUp(snapshot.overrides, providerId, model);
    if (snapshot.resolved.size() < MAX_CACHED_NAMES) {
      snapshot.resolved.putIfAbsent(key, found);
    }
    return found;
  }

  private Resolved lookUp(PriceOverrides overrides, String providerId, String model) {
    PriceOverrides.Entry[] own = providerId == null ? null : overrides.find(providerId, model);
    Optional<PricingProviders.StandIn> standIn = providers.findStandIn(providerId, model);
    Optional<PriceListModel> listed =
        standIn.isPresent() ? findStandIn(standIn.get()) : findListed(providerId, model);
    boolean exact =
        own != null
            || configured.names(providerId, model)
            || standIn.isPresent()
            || listed.map(found -> found.exactNames().contains(model)).orElse(false);
    Optional<Price> configuredPrice = configured.find(providerId, model);
    if (configuredPrice.isPresent()) {
      return new Resolved(
          own, PriceSchedule.always(PriceSet.of(configuredPrice.get())), Source.CONFIG, exact);
    }
    return new Resolved(own, listed.map(PriceListModel::prices).orElse(null), Source.LIST, exact);
  }

  private Optional<PriceListModel> findStandIn(PricingProviders.StandIn standIn) {
    return list.findProvider(standIn.provider())
        .flatMap(provider -> list.findModel(provider, MatchRule.lower(standIn.model())));
  }

  private Optional<PriceListModel> findListed(String providerId, String model) {
    String name = MatchRule.lower(model);
    Optional<PriceListProvider> provider = providers.find(providerId);
    // A provider whose list prices are known is priced by its list alone: a model it does not list
    // is unpriced there, not priced at whoever else serves a model of that name.
    return provider.isPresent() ? list.findModel(provider.get(), name) : list.findModelByName(name);
  }

  private static String versionOf(String canonical) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, VERSION_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
