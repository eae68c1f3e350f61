package loom.analytics;

import java.math.BigDecimal;

/**
 * What the providers' prompt caching did for a set of requests (not the gateway's own response cache).
 *
 * @param savedUsd what the cache reads saved: priced at the input price, minus what they cost (exact, summed from
 *     each request as priced when it was logged)
 * @param readShare the share of input tokens read from the cache, in [0, 1]
 * @param readTokens input tokens read from the cache
 * @param writeTokens input tokens written to the cache (which cost more than plain input)
 * @param unreadWriteTokensAtLeast a lower bound of the written tokens never read back: the writes beyond all the
 *     reads of the same set. A write read once or more is never counted; writes read less often than they were
 *     made (a prompt cached and abandoned) are, in part. 0 when the reads cover the writes.
 */
public record PromptCacheSummary(
    BigDecimal savedUsd,
    double readShare,
    long readTokens,
    long writeTokens,
    long unreadWriteTokensAtLeast) {
  /** Nothing read or written. */
  public static final PromptCacheSummary NONE = new PromptCacheSummary(BigDecimal.ZERO, 0, 0, 0, 0);

  static PromptCacheSummary of(Rollup sums) {
    return new PromptCacheSummary(
        Money.plain(sums.promptCacheSavedNanos()),
        Breakdowns.ratio(sums.cachedTokens(), sums.promptTokens()),
        sums.cachedTokens(),
        sums.cacheWriteTokens(),
        Math.max(0, sums.cacheWriteTokens() - sums.cachedTokens()));
  }
}
