package loom.cache.warming;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a warming run stands, as {@code GET /api/v1/cache/warm/{id}} shows it.
 *
 * @param total the requests the source held (bad lines included)
 * @param done the requests dealt with so far, whatever became of them
 * @param stored the entries stored (none in a dry run)
 * @param alreadyCached the requests whose key had an entry already (counted in skipped too)
 * @param skipped requests passed over on purpose, by reason in {@code skippedReasons}
 * @param failed bad lines, unusable logged requests and failed fetches, each in {@code errors} (the first
 *     {@value WarmingRun#MAX_ERRORS})
 * @param estimate what the fetches were expected to cost, before the run
 * @param actualCostUsd what the fetches made cost, at the price list's prices
 * @param message why a failed run failed; null otherwise
 */
public record WarmingProgress(
    String id,
    State state,
    boolean dryRun,
    String source,
    String startedBy,
    Instant startedAt,
    Instant finishedAt,
    long total,
    long done,
    long stored,
    long alreadyCached,
    long skipped,
    Map<String, Long> skippedReasons,
    long failed,
    List<ItemFailure> errors,
    Estimate estimate,
    BigDecimal actualCostUsd,
    String message) {
  /** A run's state: running until it has dealt with every request, was cancelled or failed as a whole. */
  public enum State {
    RUNNING,
    DONE,
    FAILED,
    CANCELLED
  }

  public WarmingProgress {
    skippedReasons = Map.copyOf(skippedReasons);
    errors = List.copyOf(errors);
  }

  /** A request that failed, and why. */
  public record ItemFailure(String item, String message) {}

  /**
   * The expected cost of the fetches a run would make: input tokens estimated from the request text, output tokens
   * from the request's limit or the default (see {@link loom.analytics.UsageEstimate}), priced at today's prices.
   *
   * @param fetches the requests whose answers would be fetched from a provider
   * @param given the requests whose answers the source gives (stored as they are, free)
   * @param unpricedFetches fetches of models the price list has no price for (counted as 0)
   */
  public record Estimate(
      long fetches,
      long given,
      long inputTokens,
      long outputTokens,
      BigDecimal costUsd,
      long unpricedFetches) {
    static final Estimate NONE = new Estimate(0, 0, 0, 0, BigDecimal.ZERO, 0);
  }
}
