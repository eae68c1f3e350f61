package loom.analytics;

/** What a time series counts per bucket. */
public enum TimeSeriesMetric {
  REQUESTS,
  TOKENS,
  COST,
  LATENCY_P50,
  LATENCY_P95,
  ERRORS;

  /** The name used in the API: {@code requests}, {@code latency_p50} … */
  public String id() {
    return ApiNames.of(this);
  }

  /** This metric's value for the requests summed in one aggregate row: a count, USD, or milliseconds. */
  Number of(Rollup row) {
    return switch (this) {
      case REQUESTS -> row.requests();
      case TOKENS -> row.totalTokens();
      case COST -> Money.plain(row.costNanos());
      case LATENCY_P50 -> Rollup.estimatePercentileMs(row.latencyBuckets(), 0.5);
      case LATENCY_P95 -> Rollup.estimatePercentileMs(row.latencyBuckets(), 0.95);
      case ERRORS -> row.errors();
    };
  }

  /** The metric an API name names, in any case; IllegalArgumentException naming the allowed ones otherwise. */
  public static TimeSeriesMetric parse(String value) {
    return ApiNames.parse(values(), value);
  }
}
