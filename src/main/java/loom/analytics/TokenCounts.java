package loom.analytics;

import loom.proxy.Usage;

/**
 * The tokens of one request as prices apply to them, made consistent once: counts are zero or more, cache reads
 * plus cache writes never exceed the input they are part of, and the one-hour writes never exceed the writes.
 *
 * @param input every prompt token, cached and cache-written ones included (what tiers are decided by)
 * @param cacheRead prompt tokens served from the provider's prompt cache
 * @param cacheWrite prompt tokens written to the provider's prompt cache, for any lifetime
 * @param cacheWrite1h the part of {@code cacheWrite} kept for an hour (Anthropic's {@code ttl: 1h}), which costs
 *     more than the default five minutes
 * @param output completion tokens (reasoning tokens included, as OpenAI counts them)
 */
record TokenCounts(long input, long cacheRead, long cacheWrite, long cacheWrite1h, long output) {
  TokenCounts {
    input = Math.max(0, input);
    cacheRead = Math.min(input, Math.max(0, cacheRead));
    cacheWrite = Math.min(input - cacheRead, Math.max(0, cacheWrite));
    cacheWrite1h = Math.min(cacheWrite, Math.max(0, cacheWrite1h));
    output = Math.max(0, output);
  }

  /** Counts without one-hour cache writes. */
  TokenCounts(long input, long cacheRead, long cacheWrite, long output) {
    this(input, cacheRead, cacheWrite, 0, output);
  }

  /** The counts of a usage in {@link Usage}'s one meaning, whatever API reported it. */
  static TokenCounts of(Usage usage) {
    return new TokenCounts(
        usage.promptTokens(),
        usage.cachedTokens(),
        usage.cacheWriteTokens(),
        usage.cacheWrite1hTokens(),
        usage.completionTokens());
  }

  /** Input tokens neither read from nor written to the cache. */
  long uncachedInput() {
    return input - cacheRead - cacheWrite;
  }

  /** Cache writes kept for the default (shorter) lifetime. */
  long cacheWriteShort() {
    return cacheWrite - cacheWrite1h;
  }
}
