package loom.cache;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import loom.config.CacheConfig;
import loom.proxy.Endpoint;
import loom.proxy.OpenAiError;
import loom.proxy.ProxyCall;

/**
 * Decides what the cache may do for one call, from the configuration and the client's own controls:
 * {@code Cache-Control: no-cache} (do not look up, store the fresh answer), {@code no-store} (do not
 * store), {@code X-Loom-Cache-TTL} (seconds, up to {@code max_ttl}), {@code X-Loom-Cache-Namespace}
 * (a separate key space) and {@code only_deterministic} (only {@code temperature: 0}; embeddings always
 * qualify). Thread-safe.
 */
final class CachePolicy {
  static final String TTL_HEADER = "X-Loom-Cache-TTL";
  static final String NAMESPACE_HEADER = "X-Loom-Cache-Namespace";
  static final String SEMANTIC_HEADER = "X-Loom-Cache-Semantic";

  private final CacheConfig config;

  CachePolicy(CacheConfig config) {
    this.config = config;
  }

  /** What the cache does for this call. */
  record Decision(boolean lookup, boolean store, Duration ttl, String namespace) {
    boolean bypass() {
      return !lookup && !store;
    }
  }

  /** A cache header the client sent with a value the gateway cannot use. */
  static final class BadHeader extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient OpenAiError error;

    BadHeader(OpenAiError error) {
      super(error.message());
      this.error = error;
    }

    OpenAiError error() {
      return error;
    }
  }

  /** @throws BadHeader for a malformed TTL or namespace header */
  Decision decide(HttpServletRequest req, ProxyCall call) {
    return decide(
        String.join(",", Collections.list(req.getHeaders("Cache-Control"))),
        req.getHeader(TTL_HEADER),
        req.getHeader(NAMESPACE_HEADER),
        call.endpoint(),
        call.body());
  }

  /**
   * @param cacheControl the request's Cache-Control directives (comma-separated; empty when none)
   * @throws BadHeader for a malformed TTL or namespace header
   */
  Decision decide(
      String cacheControl,
      String ttlHeader,
      String namespaceHeader,
      Endpoint endpoint,
      JsonNode body) {
    Duration ttl = ttl(ttlHeader);
    String namespace = namespace(namespaceHeader);
    if (!config.enabled() || (config.onlyDeterministic() && !isDeterministic(endpoint, body))) {
      return new Decision(false, false, ttl, namespace);
    }
    boolean noCache = false;
    boolean noStore = false;
    for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
      String trimmed = directive.trim();
      noCache |= trimmed.equals("no-cache");
      noStore |= trimmed.equals("no-store");
    }
    return new Decision(!noCache, !noStore, ttl, namespace);
  }

  private static boolean isDeterministic(Endpoint endpoint, JsonNode body) {
    if (endpoint == Endpoint.EMBEDDINGS) {
      return true;
    }
    JsonNode temperature = body.get("temperature");
    return temperature != null
        && temperature.isNumber()
        && temperature.decimalValue().signum() == 0;
  }

  private Duration ttl(String header) {
    if (header == null) {
      return config.defaultTtl();
    }
    long max = config.maxTtl().toSeconds();
    try {
      long seconds = Long.parseLong(header.trim());
      if (seconds >= 1 && seconds <= max) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadHeader(
        OpenAiError.invalidValue(
            TTL_HEADER, "whole seconds from 1 to " + max + ", got '" + header + "'"));
  }

  /**
   * What {@code X-Loom-Cache-Semantic} asks: true for {@code on}, false for {@code off}, null when absent.
   *
   * @throws BadHeader for any other value
   */
  static Boolean semantic(String header) {
    if (header == null || header.isEmpty()) {
      return null;
    }
    String value = header.trim().toLowerCase(Locale.ROOT);
    if (value.equals("on") || value.equals("off")) {
      return value.equals("on");
    }
    throw new BadHeader(
        OpenAiError.invalidValue(SEMANTIC_HEADER, "on or off, got '" + header + "'"));
  }

  private static String namespace(String header) {
    if (header == null || header.isEmpty()) {
      return null;
    }
    if (!CacheKeys.isValidNamespace(header)) {
      throw new BadHeader(
          OpenAiError.invalidValue(
              NAMESPACE_HEADER, "1 to 64 letters, digits, '.', '_' or '-', got '" + header + "'"));
    }
    return header;
  }
}
