package loom.api;

import java.time.Clock;
import loom.config.AnalyticsConfig;

/** The per-user rate limits of the analytics API (API.md): queries and exports, each per minute. */
final class AnalyticsLimits {
  private final RateLimiter queries;
  private final RateLimiter exports;

  AnalyticsLimits(AnalyticsConfig config, Clock clock) {
    this.queries = new RateLimiter("analytics queries", config.queryRateLimit(), clock);
    this.exports = new RateLimiter("analytics exports", config.exportRateLimit(), clock);
  }

  RateLimiter queries() {
    return queries;
  }

  RateLimiter exports() {
    return exports;
  }
}
