package loom.analytics;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import loom.config.ConfigException;
import loom.config.PriceConfig;
import loom.proxy.Usage;

/**
 * The prices the gateway charges answers at: the built-in list prices overlaid by {@code pricing} from
 * {@code loom.yaml}, with a {@link #version()} that names this exact set of prices. Immutable and
 * thread-safe.
 *
 * <p>Lookup rule: the entry with the <em>longest</em> model prefix of the name wins, whatever its
 * provider; only between prefixes of equal length does a provider-specific entry beat {@code *}. So a
 * configured {@code openai: gpt-4o} does not capture {@code gpt-4o-mini} while a built-in
 * {@code *: gpt-4o-mini} exists — configure the longer prefix for that provider to override it.
 */
public final class PriceTable {
  private static final BigDecimal ONE_MILLION = BigDecimal.valueOf(1_000_000);
  private static final int VERSION_LENGTH = 12;

  /** Longest prefix first, then provider-specific before {@code *}, then by name so the order is total. */
  private static final Comparator<Price> LOOKUP_ORDER = Comparator
      .comparingInt((Price price) -> price.model().length()).reversed()
      .thenComparing(Price::isAnyProvider)
      .thenComparing(Price::provider)
      .thenComparing(Price::model);

  private final List<Price> entries;
  /** {@link #key} of every entry, for {@link #lists} on the request thread. */
  private final Set<String> keys;
  private final String version;

  PriceTable(List<Price> entries) {
    this.entries = entries.stream().sorted(LOOKUP_ORDER).toList();
    this.keys = this.entries.stream().map(PriceTable::key).collect(Collectors.toUnmodifiableSet());
    this.version = versionOf(this.entries);
  }

  /**
   * The built-in list prices overlaid by {@code configured}: a configured entry for the same provider
   * and model replaces the built-in one, any other adds to the table.
   *
   * @throws ConfigException if two configured entries name the same provider and model
   * @throws IllegalStateException if the built-in price list is missing or malformed
   */
  public static PriceTable load(List<PriceConfig> configured) {
    Map<String, Price> byKey = new LinkedHashMap<>();
    for (Price builtIn : PriceDefaults.load()) {
      if (byKey.putIfAbsent(key(builtIn), builtIn) != null) {
        throw new IllegalStateException(PriceDefaults.RESOURCE + " lists " + describe(builtIn) + " twice");
      }
    }
    Map<String, Integer> configuredAt = new LinkedHashMap<>();
    for (int index = 0; index < configured.size(); index++) {
      Price price = fromConfig(configured.get(index), index);
      Integer earlier = configuredAt.putIfAbsent(key(price), index);
      if (earlier != null) {
        throw new ConfigException("pricing[" + index + "]",
            describe(price) + " is already priced by pricing[" + earlier + "]; keep one entry");
      }
      byKey.put(key(price), price);
    }
    return new PriceTable(List.copyOf(byKey.values()));
  }

  /**
   * The price of {@code model} on {@code providerId} by the rule in the class comment; empty when no
   * entry matches or the model is unknown (null). A {@code provider/} routing prefix is the caller's to
   * strip: this matches the name the upstream was sent.
   */
  public Optional<Price> find(String providerId, String model) {
    if (model == null) {
      return Optional.empty();
    }
    return entries.stream().filter(price -> price.matches(providerId, model)).findFirst();
  }

  /**
   * Whether an entry names exactly this model (not only a prefix of it) for this provider or any: a name that
   * is surely real, whoever sends it.
   */
  public boolean lists(String providerId, String model) {
    return model != null && (keys.contains(key(providerId, model)) || keys.contains(key(Price.ANY_PROVIDER, model)));
  }

  /**
   * What {@code usage} cost on {@code model}, exactly: uncached prompt tokens at input, cached prompt
   * tokens at cached_input (input when the entry has none) and completion tokens at output, each per
   * 1M tokens. Reasoning tokens are not added: OpenAI already counts them in the completion tokens.
   * Negative counts read as zero and cached tokens never exceed the prompt.
   */
  public Cost cost(String providerId, String model, Usage usage) {
    Optional<Price> found = find(providerId, model);
    if (found.isEmpty()) {
      return Cost.UNPRICED;
    }
    Price price = found.get();
    long prompt = Math.max(0, usage.promptTokens());
    long cached = Math.min(prompt, Math.max(0, usage.cachedTokens()));
    long completion = Math.max(0, usage.completionTokens());
    BigDecimal perMillion = BigDecimal.valueOf(prompt - cached).multiply(price.input())
        .add(BigDecimal.valueOf(cached).multiply(price.cachedInputOrInput()))
        .add(BigDecimal.valueOf(completion).multiply(price.output()));
    return new Cost(perMillion.divide(ONE_MILLION), true, version);
  }

  /**
   * A short identifier of this exact set of prices: the first 12 hex digits of the SHA-256 of every
   * entry in a canonical order and notation ({@code 0.60} and {@code 0.6} are the same price). Equal
   * tables give the same version on every machine and restart; any price change gives a new one.
   */
  public String version() {
    return version;
  }

  /** Every entry, longest prefix first (the order {@link #find} tries them in). */
  public List<Price> entries() {
    return entries;
  }

  @Override
  public String toString() {
    return "PriceTable[" + entries.size() + " entries, version " + version + "]";
  }

  // Helpers ---

  private static Price fromConfig(PriceConfig config, int index) {
    try {
      return Price.from(config);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("pricing[" + index + "]", e.getMessage(), e);
    }
  }

  private static String key(Price price) {
    return key(price.provider(), price.model());
  }

  private static String key(String provider, String model) {
    return provider + '\u0000' + model;
  }

  private static String describe(Price price) {
    return "model '" + price.model() + "' on provider '" + price.provider() + "'";
  }

  private static String versionOf(List<Price> entries) {
    StringBuilder canonical = new StringBuilder();
    entries.stream()
        .sorted(Comparator.comparing(Price::provider).thenComparing(Price::model))
        .forEach(price -> canonical.append(price.provider()).append('\t').append(price.model()).append('\t')
            .append(plain(price.input())).append('\t').append(plain(price.output())).append('\t')
            .append(price.cachedInput() == null ? "-" : plain(price.cachedInput())).append('\n'));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, VERSION_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static String plain(BigDecimal price) {
    return price.stripTrailingZeros().toPlainString();
  }
}
