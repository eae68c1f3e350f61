package loom.proxy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What goes to a provider: the method and the path relative to the provider's base URL (with the client's query
 * string), the endpoint when the gateway read the body as one (null for a passed-through call), the body (null for
 * none) and its type, and the client's headers that may be forwarded (never its key, never hop-by-hop headers).
 */
record UpstreamRequest(
    String method,
    String path,
    Endpoint endpoint,
    byte[] body,
    String contentType,
    List<Map.Entry<String, String>> headers,
    boolean stream) {
  static final String JSON = "application/json";

  UpstreamRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = List.copyOf(headers);
  }

  /** A JSON call to one of the proxy's endpoints. */
  UpstreamRequest(
      Endpoint endpoint, byte[] body, List<Map.Entry<String, String>> headers, boolean stream) {
    this(
        endpoint.method(),
        endpoint.path(),
        endpoint,
        Objects.requireNonNull(body, "body"),
        JSON,
        headers,
        stream);
  }

  /** The same request for a path with the client's query string, when it had one. */
  UpstreamRequest withQuery(String query) {
    return query == null || query.isEmpty()
        ? this
        : new UpstreamRequest(
            method, path + "?" + query, endpoint, body, contentType, headers, stream);
  }
}
