package loom.proxy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the optional numeric parameters of a demo request body ({@code n}, {@code max_tokens},
 * {@code dimensions}, ...), rejecting a value out of range with the 400 OpenAI sends. Pure functions.
 */
final class DemoOptions {
  private DemoOptions() {}

  /**
   * An optional integer field within [min, max], or {@code fallback} when absent or null.
   *
   * @throws ProxyException with an {@code invalid_value} error naming the field otherwise
   */
  static int intOption(JsonNode body, String field, int fallback, int min, int max) {
    JsonNode node = body.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.intValue() < min
        || node.intValue() > max) {
      String range = max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
      throw new ProxyException(OpenAiError.invalidValue(field, "an integer " + range));
    }
    return node.intValue();
  }
}
