package loom.cache.warming;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import loom.proxy.Endpoint;
import loom.proxy.ProxyModule;

/**
 * One request to warm the cache with, from a line of a file or a logged request: the endpoint and body a client would
 * send, the namespace it would name, and either the answer to store or nothing (then the answer is fetched once).
 *
 * @param origin where it came from, for the progress: {@code line 3} or {@code log 8f2c…}
 * @param namespace what {@code X-Loom-Cache-Namespace} would say, or null
 * @param provider what {@code X-Loom-Provider} would say, or null
 * @param destination where the request went, when that is known already (a logged request); null to route it
 * @param given the answer to store as it is, or null to fetch it
 */
record WarmingItem(
    String origin,
    Endpoint endpoint,
    ObjectNode body,
    String namespace,
    String provider,
    ProxyModule.Destination destination,
    GivenAnswer given) {
  WarmingItem {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(body, "body");
  }

  /** Whether a client sending this body would ask for a stream. */
  boolean stream() {
    return endpoint.canStream() && body.path("stream").asBoolean(false);
  }

  /** The same item under a namespace, when it names none itself. */
  WarmingItem withDefaultNamespace(String fallback) {
    return namespace != null || fallback == null
        ? this
        : new WarmingItem(origin, endpoint, body, fallback, provider, destination, given);
  }
}
