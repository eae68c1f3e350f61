package loom.cache.warming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import loom.cache.CacheKeys;
import loom.proxy.Endpoint;

/**
 * Reads a warming file: JSON Lines, one request per line,
 * {@code {"endpoint": "/chat/completions", "body": {...}, "namespace": "…", "provider": "…", "response": {...}}}, where
 * {@code endpoint} and {@code body} are required. A blank line is passed over; a line that is not such a request
 * becomes an error naming its line, and the others are read on. Stateless and thread-safe.
 */
final class WarmingLines {
  /** Lines a file may have at most (blank ones included). */
  static final int MAX_LINES = 10_000;

  /** The endpoints whose answers the cache keeps, as a line names them (with or without {@code /v1}). */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          Endpoint.CHAT_COMPLETIONS,
          Endpoint.COMPLETIONS,
          Endpoint.EMBEDDINGS,
          Endpoint.RESPONSES,
          Endpoint.MESSAGES);

  static final Set<String> FIELDS = Set.of("endpoint", "body", "namespace", "provider", "response");
  private static final ObjectMapper JSON = new ObjectMapper();

  private WarmingLines() {}

  /** The requests of a file and the errors of its bad lines. */
  record Parsed(List<WarmingItem> items, List<ItemError> errors) {
    Parsed {
      items = List.copyOf(items);
      errors = List.copyOf(errors);
    }
  }

  /** What was wrong with one line or one logged request. */
  record ItemError(String origin, String message) {}

  /**
   * @throws IllegalArgumentException when the file has more than {@link #MAX_LINES} lines (nothing is read then)
   */
  static Parsed parse(String text) {
    String[] lines = text.split("\r?\n", -1);
    int count =
        lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
    if (count > MAX_LINES) {
      throw new IllegalArgumentException(
          "a warming file may have at most " + MAX_LINES + " lines; this one has " + count);
    }
    List<WarmingItem> items = new ArrayList<>();
    List<ItemError> errors = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String origin = "line " + (i + 1);
      try {
        items.add(item(origin, line));
      } catch (IllegalArgumentException e) {
        errors.add(new ItemError(origin, e.getMessage()));
      }
    }
    return new Parsed(items, errors);
  }

  private static WarmingItem item(String origin, String line) {
    JsonNode tree;
    try {
      tree = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (!(tree instanceof ObjectNode request)) {
      throw new IllegalArgumentException("a line must be a JSON object with endpoint and body");
    }
    for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + name
                + "'; a line has endpoint, body, namespace, "
                + "provider and response");
      }
    }
    Endpoint endpoint = endpoint(request.get("endpoint"));
    if (!(request.get("body") instanceof ObjectNode body)) {
      throw new IllegalArgumentException("body is required: the request body as a JSON object");
    }
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw new IllegalArgumentException("body.model is required");
    }
    String namespace = text(request, "namespace");
    if (namespace != null && !CacheKeys.isValidNamespace(namespace)) {
      throw new IllegalArgumentException(
          "namespace must be 1 to 64 letters, digits, '.', '_' or '-'; got '" + namespace + "'");
    }
    String provider = text(request, "provider");
    GivenAnswer given = null;
    if (request.hasNonNull("response")) {
      WarmingItem probe = new WarmingItem(origin, endpoint, body, namespace, provider, null, null);
      if (probe.stream()
          && endpoint != Endpoint.CHAT_COMPLETIONS
          && endpoint != Endpoint.COMPLETIONS) {
        // Their streams are replayed only as the streams they were, and a JSON body is not one.
        throw new IllegalArgumentException(
            "a streamed "
                + endpoint.path()
                + " request cannot be given a JSON "
                + "response; leave response out to fetch it, or warm the request without stream");
      }
      given = GivenAnswer.ofJson(endpoint, request.get("response"));
    }
    return new WarmingItem(origin, endpoint, body, namespace, provider, null, given);
  }

  private static Endpoint endpoint(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("endpoint is required: one of " + paths());
    }
    return Endpoint.cachedAt(node.asText())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "endpoint must be one of " + paths() + "; got '" + node.asText() + "'"));
  }

  static String paths() {
    return String.join(
        ", ", Arrays.asList(ENDPOINTS.stream().map(Endpoint::path).toArray(String[]::new)));
  }

  private static String text(ObjectNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText().strip();
  }
}
