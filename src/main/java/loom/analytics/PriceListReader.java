package loom.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a price list in the form {@code scripts/refresh-prices.py} writes: a {@code header} and the
 * {@code providers}, each with its models, each model with its {@code match} rule and its {@code prices}, a
 * list of price sets with their constraint inlined. Strict, because the file is part of the build and a key
 * it does not know could be a price the gateway would silently not charge: any defect fails, naming the
 * provider and model it is in.
 */
final class PriceListReader {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
  private static final Set<String> TOP_KEYS = Set.of("header", "providers");
  private static final Set<String> PROVIDER_KEYS =
      Set.of(
          "id",
          "api_pattern",
          "provider_match",
          "model_match",
          "fallback_model_providers",
          "models");
  private static final Set<String> MODEL_KEYS = Set.of("id", "match", "prices");
  private static final Set<String> PRICE_KEYS =
      Set.of(
          "start_date",
          "start_time",
          "end_time",
          "input_mtok",
          "cache_read_mtok",
          "cache_write_mtok",
          "output_mtok",
          "requests_kcount");

  private PriceListReader() {}

  /**
   * The list in {@code json}; {@code source} names it in error messages.
   *
   * @throws IllegalStateException if it is not a valid price list
   */
  static PriceList read(byte[] json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("providers").isArray()) {
      throw new IllegalStateException(
          source + " is not a price list: it needs a \"providers\" list");
    }
    allowOnly(root, TOP_KEYS, source);
    List<PriceListProvider> providers = new ArrayList<>();
    for (JsonNode provider : root.path("providers")) {
      String id = provider.path("id").asText("?");
      try {
        providers.add(provider(provider));
      } catch (RuntimeException e) {
        throw new IllegalStateException(source + ", provider '" + id + "': " + e.getMessage(), e);
      }
    }
    JsonNode header = root.path("header");
    String origin =
        "genai-prices "
            + header.path("source_date").asText("of an unknown date")
            + ", commit "
            + abbreviated(header.path("source_commit").asText("unknown"));
    try {
      return new PriceList(origin, sha256(json), providers);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(source + ": " + e.getMessage(), e);
    }
  }

  // Providers and models ---

  private static PriceListProvider provider(JsonNode node) {
    allowOnly(node, PROVIDER_KEYS, "the provider");
    List<String> fallbacks = new ArrayList<>();
    for (JsonNode fallback : node.path("fallback_model_providers")) {
      fallbacks.add(fallback.asText());
    }
    List<PriceListModel> models = new ArrayList<>();
    for (JsonNode model : requireArray(node.path("models"), "models")) {
      try {
        models.add(model(model));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "model '" + model.path("id").asText("?") + "': " + e.getMessage(), e);
      }
    }
    return new PriceListProvider(
        requireText(node.path("id"), "id"),
        Pattern.compile(requireText(node.path("api_pattern"), "api_pattern")),
        node.has("provider_match") ? rule(node.get("provider_match")) : MatchRule.NOTHING,
        node.has("model_match") ? rule(node.get("model_match")) : MatchRule.NOTHING,
        fallbacks,
        models);
  }

  private static PriceListModel model(JsonNode node) {
    allowOnly(node, MODEL_KEYS, "the model");
    String id = requireText(node.path("id"), "id");
    MatchRule match = rule(node.path("match"));
    Set<String> exactNames = new LinkedHashSet<>();
    collectEquals(node.path("match"), exactNames);
    // The id is a name too when its own rule accepts it (most ids are an API name).
    if (match.matches(MatchRule.lower(id))) {
      exactNames.add(id);
    }
    List<PriceSchedule.Entry> entries = new ArrayList<>();
    for (JsonNode prices : requireArray(node.path("prices"), "prices")) {
      entries.add(entry(prices));
    }
    return new PriceListModel(id, match, exactNames, new PriceSchedule(entries));
  }

  // Match rules ---

  /** A rule of one key: equals, starts_with, ends_with, contains, regex, or (a list) or and (a list). */
  static MatchRule rule(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException(
          "a match rule is one of equals, starts_with, ends_with, contains, regex, "
              + "or, and; got "
              + node);
    }
    Map.Entry<String, JsonNode> only = node.properties().iterator().next();
    String kind = only.getKey();
    JsonNode value = only.getValue();
    return switch (kind) {
      case "equals" -> new MatchRule.Text(MatchRule.Comparison.EQUALS, requireText(value, kind));
      case "starts_with" ->
          new MatchRule.Text(MatchRule.Comparison.STARTS_WITH, requireText(value, kind));
      case "ends_with" ->
          new MatchRule.Text(MatchRule.Comparison.ENDS_WITH, requireText(value, kind));
      case "contains" ->
          new MatchRule.Text(MatchRule.Comparison.CONTAINS, requireText(value, kind));
      case "regex" -> new MatchRule.Regex(Pattern.compile(requireText(value, kind)));
      case "or" -> new MatchRule.AnyOf(rules(value, kind));
      case "and" -> new MatchRule.AllOf(rules(value, kind));
      default -> throw new IllegalArgumentException("unknown match rule '" + kind + "'");
    };
  }

  private static List<MatchRule> rules(JsonNode list, String kind) {
    List<MatchRule> rules = new ArrayList<>();
    for (JsonNode item : requireArray(list, kind)) {
      rules.add(rule(item));
    }
    return rules;
  }

  /** The {@code equals} values that alone accept a name (directly or in an {@code or}), as written. */
  private static void collectEquals(JsonNode rule, Set<String> names) {
    if (rule.has("equals")) {
      names.add(rule.get("equals").asText());
    }
    for (JsonNode alternative : rule.path("or")) {
      collectEquals(alternative, names);
    }
  }

  // Prices ---

  private static PriceSchedule.Entry entry(JsonNode node) {
    allowOnly(node, PRICE_KEYS, "a price set");
    BigDecimal perThousand =
        node.has("requests_kcount")
            ? number(node.get("requests_kcount"), "requests_kcount")
            : BigDecimal.ZERO;
    PriceSet prices =
        new PriceSet(
            priceOrZero(node, "input_mtok"),
            priceOrNull(node, "cache_read_mtok"),
            priceOrNull(node, "cache_write_mtok"),
            priceOrZero(node, "output_mtok"),
            perThousand);
    return new PriceSchedule.Entry(condition(node), prices);
  }

  private static PriceCondition condition(JsonNode node) {
    boolean window = node.has("start_time") || node.has("end_time");
    if (node.has("start_date") && window) {
      throw new IllegalArgumentException(
          "a price set has either a start_date or a daily window, not both");
    }
    try {
      if (node.has("start_date")) {
        return new PriceCondition.FromDay(
            LocalDate.parse(requireText(node.get("start_date"), "start_date")));
      }
      if (window) {
        return new PriceCondition.DailyWindow(
            utcTime(node.path("start_time"), "start_time"),
            utcTime(node.path("end_time"), "end_time"));
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("bad date or time: " + e.getMessage(), e);
    }
    return PriceCondition.ALWAYS;
  }

  /** {@code 00:30:00Z} or {@code 08:30:00+08:00} as a UTC time of day; without an offset it is UTC. */
  private static LocalTime utcTime(JsonNode node, String name) {
    String text = requireText(node, name);
    boolean hasOffset = text.endsWith("Z") || text.matches(".*[+-]\\d{2}:\\d{2}$");
    return hasOffset
        ? OffsetTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalTime()
        : LocalTime.parse(text);
  }

  private static TokenPrice priceOrZero(JsonNode node, String name) {
    TokenPrice price = priceOrNull(node, name);
    return price == null ? TokenPrice.ZERO : price;
  }

  private static TokenPrice priceOrNull(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return TokenPrice.flat(number(value, name));
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(name + " must be a number or {base, tiers}; got " + value);
    }
    allowOnly(value, Set.of("base", "tiers"), name);
    List<TokenPrice.Tier> tiers = new ArrayList<>();
    for (JsonNode tier : requireArray(value.path("tiers"), name + ".tiers")) {
      allowOnly(tier, Set.of("start", "price"), name + " tier");
      if (!tier.path("start").canConvertToLong() || !tier.path("start").isIntegralNumber()) {
        throw new IllegalArgumentException(
            name + " tier start must be a whole number of tokens; got " + tier);
      }
      tiers.add(
          new TokenPrice.Tier(
              tier.path("start").asLong(), number(tier.path("price"), name + " tier price")));
    }
    return new TokenPrice(number(value.path("base"), name + ".base"), tiers);
  }

  // Helpers ---

  private static BigDecimal number(JsonNode node, String name) {
    if (!node.isNumber()) {
      throw new IllegalArgumentException(name + " must be a number; got " + node);
    }
    BigDecimal value = node.decimalValue();
    if (value.signum() < 0) {
      throw new IllegalArgumentException(
          name + " must be zero or more; got " + value.toPlainString());
    }
    return value;
  }

  private static String requireText(JsonNode node, String name) {
    if (node == null || !node.isTextual() || node.asText().isEmpty()) {
      throw new IllegalArgumentException(name + " must be a non-empty string; got " + node);
    }
    return node.asText();
  }

  private static JsonNode requireArray(JsonNode node, String name) {
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException(name + " must be a list; got " + node);
    }
    return node;
  }

  private static void allowOnly(JsonNode node, Set<String> allowed, String what) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " must be an object; got " + node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("unknown key '" + name + "' in " + what);
      }
    }
  }

  private static String abbreviated(String commit) {
    return commit.length() > 8 ? commit.substring(0, 8) : commit;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
