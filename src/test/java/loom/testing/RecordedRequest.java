package loom.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One request as {@link FakeUpstream} received it. {@code path} is the raw path without the query,
 * {@code query} the raw query ({@code beta=true}; empty when none); {@code headers} has lower-case
 * names, values in arrival order; {@code body} is decoded as UTF-8.
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers, String body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = query == null ? "" : query;
    Objects.requireNonNull(body, "body");
    var lowerCased = new LinkedHashMap<String, List<String>>();
    headers.forEach(
        (name, values) ->
            lowerCased.merge(
                name.toLowerCase(Locale.ROOT),
                List.copyOf(values),
                (first, second) -> Stream.concat(first.stream(), second.stream()).toList()));
    headers = Collections.unmodifiableMap(lowerCased);
  }

  /** The first value of the header {@code name} (any case), or null if absent. */
  public String header(String name) {
    var values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public boolean hasHeader(String name) {
    return headers.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** The body parsed as JSON; throws if it isn't JSON. */
  public JsonNode bodyAsJson() {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
