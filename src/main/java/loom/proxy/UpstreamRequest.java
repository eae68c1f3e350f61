package loom.proxy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What goes to a provider: the endpoint, the rewritten JSON body, and the client's headers that may be
 * forwarded (never its Authorization, never hop-by-hop headers).
 */
record UpstreamRequest(Endpoint endpoint, byte[] body, List<Map.Entry<String, String>> headers, boolean stream) {
  UpstreamRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(body, "body");
    headers = List.copyOf(headers);
  }
}
