package loom.analytics;

import loom.proxy.Usage;

/**
 * The tokens of one request as prices apply to them, made consistent once: counts are zero or more, and
 * cache reads plus cache writes never exceed the input they are part of.
 *
 * @param input every prompt token, cached and cache-written ones included (what tiers are decided by)
 * @param cacheRead prompt tokens served from the provider's prompt cache
 * @param cacheWrite prompt tokens written to the provider's prompt cache
 * @param output completion tokens (reasoning tokens included, as OpenAI counts them)
 */
record TokenCounts(long input, long cacheRead, long cacheWrite, long output) {
  TokenCounts {
    input = Math.max(0, input);
    cacheRead = Math.min(input, Math.max(0, cacheRead));
    cacheWrite = Math.min(input - cacheRead, Math.max(0, cacheWrite));
    output = Math.max(0, output);
  }

  /**
   * The counts of an OpenAI-shaped usage. It reports no cache writes (Anthropic's are not in it), so none
   * are charged; they cost as input tokens, which is what they are counted as.
   */
  static TokenCounts of(Usage usage) {
    return new TokenCounts(usage.promptTokens(), usage.cachedTokens(), 0, usage.completionTokens());
  }

  /** Input tokens neither read from nor written to the cache. */
  long uncachedInput() {
    return input - cacheRead - cacheWrite;
  }
}
