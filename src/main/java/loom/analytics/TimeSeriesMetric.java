package loom.analytics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a time series counts per bucket. */
public enum TimeSeriesMetric {
  REQUESTS, TOKENS, COST, LATENCY_P50, ERRORS;

  static final String ALLOWED = Arrays.stream(values()).map(TimeSeriesMetric::id).collect(Collectors.joining(", "));

  /** The name used in the API: {@code requests}, {@code latency_p50} … */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This metric's value for the requests summed in one aggregate row: a count, USD, or milliseconds. */
  Number of(Rollup row) {
    return switch (this) {
      case REQUESTS -> row.requests();
      case TOKENS -> row.totalTokens();
      case COST -> Money.plain(row.costNanos());
      case LATENCY_P50 -> Rollup.estimatePercentileMs(row.latencyBuckets(), 0.5);
      case ERRORS -> row.errors();
    };
  }

  /** The metric an API name names, in any case; IllegalArgumentException naming the allowed ones otherwise. */
  public static TimeSeriesMetric parse(String value) {
    for (TimeSeriesMetric metric : values()) {
      if (metric.id().equalsIgnoreCase(value)) {
        return metric;
      }
    }
    throw new IllegalArgumentException("must be one of " + ALLOWED + "; got '" + value + "'");
  }
}
