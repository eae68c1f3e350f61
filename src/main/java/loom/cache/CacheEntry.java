package loom.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import loom.proxy.Usage;

/**
 * One cached answer as it is stored in the JCache cache (a compact JSON text, so every backend stores the
 * same thing and an operator can read it in Redis): either a whole JSON body or the events of a stream,
 * the tokens of the original answer, where it came from, when it was cached and until when it may be
 * served, how long the provider took (what a hit saves), and whether it was put there by cache warming rather
 * than by a live request. Holds no key, user or Authorization value.
 *
 * @param body the JSON body, or null for a stream
 * @param events the stream's events (each without its blank line; no usage-only chunk, no [DONE])
 * @param endpoint the proxy path it answered, e.g. {@code /chat/completions}
 * @param latencyMs how long the original answer took through the gateway
 * @param warmed whether cache warming stored it (its JSON has {@code "warmed": true}; absent, as in every entry
 *     stored before warming existed, is false)
 */
public record CacheEntry(
    int status,
    String contentType,
    String body,
    List<String> events,
    Usage usage,
    String providerId,
    String model,
    String endpoint,
    Instant cachedAt,
    Instant expiresAt,
    long latencyMs,
    boolean warmed) {
  /** The entry format's version; an entry of another version is treated as a miss. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  public CacheEntry {
    Objects.requireNonNull(contentType, "contentType");
    events = List.copyOf(events);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(cachedAt, "cachedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** An entry a live request stored. */
  public CacheEntry(
      int status,
      String contentType,
      String body,
      List<String> events,
      Usage usage,
      String providerId,
      String model,
      String endpoint,
      Instant cachedAt,
      Instant expiresAt,
      long latencyMs) {
    this(
        status,
        contentType,
        body,
        events,
        usage,
        providerId,
        model,
        endpoint,
        cachedAt,
        expiresAt,
        latencyMs,
        false);
  }

  /** The same entry marked as stored by cache warming. */
  public CacheEntry asWarmed() {
    return warmed
        ? this
        : new CacheEntry(
            status,
            contentType,
            body,
            events,
            usage,
            providerId,
            model,
            endpoint,
            cachedAt,
            expiresAt,
            latencyMs,
            true);
  }

  public boolean isStream() {
    return body == null;
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", FORMAT).put("status", status).put("content_type", contentType);
    if (body != null) {
      root.put("body", body);
    } else {
      ArrayNode array = root.putArray("events");
      events.forEach(array::add);
    }
    root.putObject("usage")
        .put("prompt_tokens", usage.promptTokens())
        .put("completion_tokens", usage.completionTokens())
        .put("total_tokens", usage.totalTokens())
        .put("cached_tokens", usage.cachedTokens())
        .put("reasoning_tokens", usage.reasoningTokens())
        .put("cache_write_tokens", usage.cacheWriteTokens())
        .put("cache_write_1h_tokens", usage.cacheWrite1hTokens())
        .put("reported", usage.reported());
    root.put("provider", providerId)
        .put("model", model)
        .put("endpoint", endpoint)
        .put("cached_at", cachedAt.toEpochMilli())
        .put("expires_at", expiresAt.toEpochMilli())
        .put("latency_ms", latencyMs);
    if (warmed) {
      // Only when true: a live entry's text stays as it was before warming existed.
      root.put("warmed", true);
    }
    return root.toString();
  }

  /** The entry a stored text holds; IllegalArgumentException when it is not one (another format, garbled). */
  static CacheEntry fromJson(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a cache entry: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.path("v").asInt() != FORMAT) {
      throw new IllegalArgumentException("not a cache entry of format " + FORMAT);
    }
    List<String> events = new ArrayList<>();
    root.path("events").forEach(event -> events.add(event.asText()));
    JsonNode usage = root.path("usage");
    try {
      return new CacheEntry(
          root.path("status").asInt(),
          root.path("content_type").asText(),
          root.hasNonNull("body") ? root.get("body").asText() : null,
          events,
          new Usage(
              usage.path("prompt_tokens").asLong(),
              usage.path("completion_tokens").asLong(),
              usage.path("total_tokens").asLong(),
              usage.path("cached_tokens").asLong(),
              usage.path("reasoning_tokens").asLong(),
              usage.path("cache_write_tokens").asLong(),
              usage.path("cache_write_1h_tokens").asLong(),
              usage.path("reported").asBoolean()),
          root.path("provider").asText(),
          root.path("model").asText(),
          root.path("endpoint").asText(),
          Instant.ofEpochMilli(root.path("cached_at").asLong()),
          Instant.ofEpochMilli(root.path("expires_at").asLong()),
          root.path("latency_ms").asLong(),
          root.path("warmed").asBoolean(false));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a complete cache entry: " + e.getMessage(), e);
    }
  }
}
