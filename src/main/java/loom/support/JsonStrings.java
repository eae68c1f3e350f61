package loom.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * A list of strings as the store keeps it in one text column (a key's allowed models, a request's tags): a JSON
 * array, and null for an empty list.
 */
public final class JsonStrings {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private JsonStrings() {}

  /** The column value of a list: a JSON array, or null when it is empty. */
  public static String toColumn(List<String> values) {
    try {
      return values == null || values.isEmpty() ? null : JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A list of strings is always JSON", e);
    }
  }

  /** The list of a column value (null or blank: empty); IllegalStateException when it is no array of strings. */
  public static List<String> fromColumn(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return List.copyOf(JSON.readValue(json, STRINGS));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "A stored list is not a JSON array of strings: " + e.getMessage(), e);
    }
  }
}
