package loom.cache;

import static java.util.Objects.requireNonNull;

/**
 * A response cache key ({@code v1:[namespace:][user:]provider:model:sha256}) and the canonical request
 * body its hash was taken from, kept so {@code /api/v1/cache/explain} can show how the key was made.
 */
public record CacheKey(String value, String canonical) {
  public CacheKey {
    requireNonNull(value, "value");
    requireNonNull(canonical, "canonical");
  }

  /** The key alone: the canonical body holds the prompt, which must not end up in a log line by accident. */
  @Override
  public String toString() {
    return value;
  }
}
