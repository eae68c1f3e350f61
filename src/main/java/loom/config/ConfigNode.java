package loom.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A node of the parsed loom.yaml that knows its own key path, so every typed read can fail with a
 * message naming the key, quoting the value and saying what is allowed. Strings are resolved for
 * {@code ${...}} references as they are read.
 */
final class ConfigNode {
  private final String path;
  private final JsonNode node;
  private final Placeholders placeholders;

  ConfigNode(String path, JsonNode node, Placeholders placeholders) {
    this.path = path;
    this.node = node == null ? MissingNode.getInstance() : node;
    this.placeholders = placeholders;
  }

  String path() {
    return path;
  }

  boolean isMissing() {
    return node.isMissingNode() || node.isNull();
  }

  ConfigNode get(String key) {
    return new ConfigNode(path.isEmpty() ? key : path + "." + key, node.get(key), placeholders);
  }

  /** Fails on any key that is not in {@code allowed}: a typo must not silently fall back to a default. */
  ConfigNode allowOnly(Set<String> allowed) {
    if (isMissing()) {
      return this;
    }
    if (!node.isObject()) {
      throw new ConfigException(
          path, "must be a mapping of " + String.join(", ", allowed) + "; got '" + node + "'");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ConfigException(
            get(name).path, "is not a known key; allowed here: " + String.join(", ", allowed));
      }
    }
    return this;
  }

  List<ConfigNode> list() {
    if (isMissing()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ConfigException(path, "must be a list; got '" + node + "'");
    }
    List<ConfigNode> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(new ConfigNode(path + "[" + i + "]", node.get(i), placeholders));
    }
    return items;
  }

  /** The resolved text of a scalar, or null when the key is absent. */
  String text() {
    if (isMissing()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw new ConfigException(path, "must be a single value; got '" + node + "'");
    }
    return placeholders.resolve(path, node.asText());
  }

  String text(String fallback) {
    String value = text();
    return value == null ? fallback : value;
  }

  String requiredText() {
    String value = text();
    if (value == null || value.isBlank()) {
      throw new ConfigException(path, "is required");
    }
    return value;
  }

  Duration duration(Duration fallback) {
    return positive(
        fallback, Units.DURATION_FORMAT, Units::parseDuration, duration -> !duration.isZero());
  }

  long size(long fallback) {
    return positive(fallback, Units.SIZE_FORMAT, Units::parseSize, bytes -> bytes > 0);
  }

  /** Parses a value with a unit that must be above zero; both mistakes get the same accepted format. */
  private <T> T positive(
      T fallback, String format, Function<String, T> parser, Predicate<T> isPositive) {
    String value = text();
    if (value == null) {
      return fallback;
    }
    T parsed;
    try {
      parsed = parser.apply(value);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalid(value, format);
    }
    if (!isPositive.test(parsed)) {
      throw invalid(value, format + ", greater than zero");
    }
    return parsed;
  }

  int integer(int fallback, int min, int max) {
    String value = text();
    if (value == null) {
      return fallback;
    }
    String allowed = "a whole number from " + min + " to " + max;
    try {
      int number = Integer.parseInt(value.trim());
      if (number < min || number > max) {
        throw invalid(value, allowed);
      }
      return number;
    } catch (NumberFormatException e) {
      throw invalid(value, allowed);
    }
  }

  boolean bool(boolean fallback) {
    String value = text();
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(value, "true or false");
    };
  }

  /** A price in USD per one million tokens: a decimal number, zero or more. */
  java.math.BigDecimal price() {
    String value = requiredText();
    try {
      java.math.BigDecimal price = new java.math.BigDecimal(value.trim());
      if (price.signum() < 0) {
        throw invalid(value, "a price in USD per 1M tokens, zero or more (e.g. 0.15)");
      }
      return price;
    } catch (NumberFormatException e) {
      throw invalid(value, "a price in USD per 1M tokens, zero or more (e.g. 0.15)");
    }
  }

  List<String> textList() {
    List<String> values = new ArrayList<>();
    for (ConfigNode item : list()) {
      values.add(item.requiredText());
    }
    return values;
  }

  Map<String, String> textMap() {
    Map<String, String> values = new LinkedHashMap<>();
    if (isMissing()) {
      return values;
    }
    if (!node.isObject()) {
      throw new ConfigException(path, "must be a mapping of names to values; got '" + node + "'");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      values.put(name, get(name).requiredText());
    }
    return values;
  }

  ConfigException invalid(String value, String allowed) {
    return new ConfigException(path, "must be " + allowed + "; got '" + value + "'");
  }
}
