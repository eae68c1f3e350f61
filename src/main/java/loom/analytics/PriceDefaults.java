package loom.analytics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the built-in list prices shipped in {@value #RESOURCE}. The file is part of the build, so any
 * defect in it (unknown key, missing or negative price, a bad YAML) fails loudly with the entry's index.
 */
final class PriceDefaults {
  static final String RESOURCE = "loom/analytics/default-prices.yaml";

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private PriceDefaults() {}

  /** The built-in entries, in file order. */
  static List<Price> load() {
    ClassLoader loader = PriceDefaults.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The built-in price list " + RESOURCE + " is missing from the classpath");
      }
      return parse(in, RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the built-in price list " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** Parses a price list in the shape of {@value #RESOURCE}; {@code source} names it in error messages. */
  static List<Price> parse(InputStream in, String source) throws IOException {
    List<Entry> entries;
    try {
      entries = YAML.readValue(in, new TypeReference<List<Entry>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(source + " is not a valid price list: " + e.getMessage(), e);
    }
    if (entries == null) {
      throw new IllegalStateException(source + " holds no price list");
    }
    List<Price> prices = new ArrayList<>(entries.size());
    for (int index = 0; index < entries.size(); index++) {
      Entry entry = entries.get(index);
      try {
        if (entry == null) {
          throw new IllegalArgumentException("the entry is empty");
        }
        prices.add(entry.toPrice());
      } catch (RuntimeException e) {
        throw new IllegalStateException(source + " entry " + index + ": " + e.getMessage(), e);
      }
    }
    return prices;
  }

  /** One line of the file; {@code provider} defaults to {@code *} as it does in {@code loom.yaml}. */
  private record Entry(String provider, String model, BigDecimal input, BigDecimal output,
                       @JsonProperty("cached_input") BigDecimal cachedInput) {
    Price toPrice() {
      return new Price(provider == null ? Price.ANY_PROVIDER : provider, model, input, output, cachedInput);
    }
  }
}
