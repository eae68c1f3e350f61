package loom.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import loom.proxy.CacheStatus;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/**
 * One row of {@code request_rollups_hourly} (or of {@code request_rollups_daily}, where {@code hourStart} is the
 * day's start): the sums of the requests of one hour (UTC) × user × provider × model × endpoint, and a fixed
 * latency histogram to estimate percentiles from. A request without a user, provider or model is counted under
 * {@code ""}; so are, under endpoint {@code ""}, the requests rolled up before endpoints were (migration V8) whose
 * logs were gone by then. Components are named after the columns ({@code le50} is {@code le_50}).
 *
 * @param hourStart the hour's first millisecond, epoch millis
 * @param cacheWriteTokens prompt tokens written to the provider's prompt cache (part of {@code promptTokens})
 * @param promptCacheSavedNanos what the provider's prompt cache saved: cache reads at the input price minus their
 *     price
 * @param le50 and the other {@code leN}: requests whose latency is above the previous bound and at most N ms
 *     (one bucket each, not cumulative); {@code leInf} those above the last bound
 * @param label in a sum grouped by a dimension the rollups lack ({@link Dimension#TEAM}, …), that dimension's
 *     value; {@code ""} otherwise (never stored)
 */
public record Rollup(
    long hourStart,
    String userId,
    String providerId,
    String modelName,
    String endpoint,
    long requests,
    long errors,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    long costNanos,
    long costSavedNanos,
    long promptCacheSavedNanos,
    long cacheHits,
    long latencySumMs,
    long le1,
    long le2,
    long le5,
    long le10,
    long le25,
    long le50,
    long le100,
    long le250,
    long le500,
    long le1000,
    long le2500,
    long le5000,
    long le10000,
    long le30000,
    long le60000,
    long le120000,
    long leInf,
    String label) {
  /** The upper bounds (ms) of the latency buckets but the last, which has none; in column order. */
  public static final List<Long> LATENCY_BOUNDS_MS =
      List.of(
          1L, 2L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1_000L, 2_500L, 5_000L, 10_000L, 30_000L,
          60_000L, 120_000L);

  /** How many keys come before the sums (hour, user, provider, model, endpoint), in column order. */
  static final int KEYS = 5;

  /** How many sums come before the latency buckets (requests … latencySumMs). */
  static final int SUMS = 12;

  static final long HOUR_MS = Duration.ofHours(1).toMillis();
  static final int BUCKETS = LATENCY_BOUNDS_MS.size() + 1;
  private static final Comparator<Key> KEY_ORDER =
      Comparator.comparingLong(Key::hourStart)
          .thenComparing(Key::userId)
          .thenComparing(Key::providerId)
          .thenComparing(Key::modelName)
          .thenComparing(Key::endpoint);

  /** A stored row, without a label. */
  @JdbiConstructor
  public Rollup(
      long hourStart,
      String userId,
      String providerId,
      String modelName,
      String endpoint,
      long requests,
      long errors,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      long cachedTokens,
      long cacheWriteTokens,
      long costNanos,
      long costSavedNanos,
      long promptCacheSavedNanos,
      long cacheHits,
      long latencySumMs,
      long le1,
      long le2,
      long le5,
      long le10,
      long le25,
      long le50,
      long le100,
      long le250,
      long le500,
      long le1000,
      long le2500,
      long le5000,
      long le10000,
      long le30000,
      long le60000,
      long le120000,
      long leInf) {
    this(
        hourStart,
        userId,
        providerId,
        modelName,
        endpoint,
        requests,
        errors,
        promptTokens,
        completionTokens,
        totalTokens,
        cachedTokens,
        cacheWriteTokens,
        costNanos,
        costSavedNanos,
        promptCacheSavedNanos,
        cacheHits,
        latencySumMs,
        le1,
        le2,
        le5,
        le10,
        le25,
        le50,
        le100,
        le250,
        le500,
        le1000,
        le2500,
        le5000,
        le10000,
        le30000,
        le60000,
        le120000,
        leInf,
        "");
  }

  public Rollup {
    label = label == null ? "" : label;
  }

  public Instant hour() {
    return Instant.ofEpochMilli(hourStart);
  }

  /** The bucket counts in column order: le_1 … le_120000, le_inf. */
  public List<Long> latencyBuckets() {
    return List.of(
        le1, le2, le5, le10, le25, le50, le100, le250, le500, le1000, le2500, le5000, le10000,
        le30000, le60000, le120000, leInf);
  }

  /** The sums in column order, requests … latency_sum_ms, then the latency buckets. */
  long[] sums() {
    long[] sums = new long[SUMS + BUCKETS];
    long[] head = {
      requests,
      errors,
      promptTokens,
      completionTokens,
      totalTokens,
      cachedTokens,
      cacheWriteTokens,
      costNanos,
      costSavedNanos,
      promptCacheSavedNanos,
      cacheHits,
      latencySumMs
    };
    System.arraycopy(head, 0, sums, 0, SUMS);
    List<Long> buckets = latencyBuckets();
    for (int i = 0; i < BUCKETS; i++) {
      sums[SUMS + i] = buckets.get(i);
    }
    return sums;
  }

  /** A row of these keys and sums (in the order of {@link #sums()}). */
  static Rollup of(
      long hourStart,
      String userId,
      String providerId,
      String modelName,
      String endpoint,
      long[] s) {
    return of(hourStart, userId, providerId, modelName, endpoint, s, "");
  }

  /** A row of these keys, sums (in the order of {@link #sums()}) and label. */
  static Rollup of(
      long hourStart,
      String userId,
      String providerId,
      String modelName,
      String endpoint,
      long[] s,
      String label) {
    if (s.length != SUMS + BUCKETS) {
      throw new IllegalArgumentException("Need " + (SUMS + BUCKETS) + " sums, not " + s.length);
    }
    return new Rollup(
        hourStart,
        userId,
        providerId,
        modelName,
        endpoint,
        s[0],
        s[1],
        s[2],
        s[3],
        s[4],
        s[5],
        s[6],
        s[7],
        s[8],
        s[9],
        s[10],
        s[11],
        s[12],
        s[13],
        s[14],
        s[15],
        s[16],
        s[17],
        s[18],
        s[19],
        s[20],
        s[21],
        s[22],
        s[23],
        s[24],
        s[25],
        s[26],
        s[27],
        s[28],
        label);
  }

  /** This row's sums plus another's, under this row's hour, user, provider, model, endpoint and label. */
  Rollup plus(Rollup other) {
    return plus(other, 1);
  }

  /** This row's sums minus another's (a part of them), under this row's keys and label. */
  Rollup minus(Rollup other) {
    return plus(other, -1);
  }

  private Rollup plus(Rollup other, int sign) {
    long[] sums = sums();
    long[] theirs = other.sums();
    for (int i = 0; i < sums.length; i++) {
      sums[i] += sign * theirs[i];
    }
    return of(hourStart, userId, providerId, modelName, endpoint, sums, label);
  }

  /** The bucket (index into {@link #latencyBuckets()}) that counts a request of this latency. */
  public static int bucketOf(long latencyMs) {
    for (int i = 0; i < LATENCY_BOUNDS_MS.size(); i++) {
      if (latencyMs <= LATENCY_BOUNDS_MS.get(i)) {
        return i;
      }
    }
    return BUCKETS - 1;
  }

  /**
   * Estimates the latency below which the fraction {@code quantile} of requests fall, from bucket counts
   * (e.g. summed over many rollups), by linear interpolation inside the bucket it falls in; a quantile in the
   * open last bucket is reported as the last bound. 0 when there are no requests.
   */
  public static long estimatePercentileMs(List<Long> buckets, double quantile) {
    if (buckets.size() != BUCKETS || quantile < 0 || quantile > 1) {
      throw new IllegalArgumentException("Need " + BUCKETS + " buckets and a quantile in [0, 1]");
    }
    long total = buckets.stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return 0;
    }
    double rank = quantile * total;
    long below = 0;
    for (int i = 0; i < BUCKETS - 1; i++) {
      long count = buckets.get(i);
      if (count > 0 && below + count >= rank) {
        long lower = i == 0 ? 0 : LATENCY_BOUNDS_MS.get(i - 1);
        long upper = LATENCY_BOUNDS_MS.get(i);
        return Math.round(lower + (upper - lower) * ((rank - below) / count));
      }
      below += count;
    }
    return LATENCY_BOUNDS_MS.get(BUCKETS - 2);
  }

  /** The rollup deltas of some rows: one per key, in key order (so writers lock keys in the same order). */
  static List<Rollup> of(List<LogRow> rows) {
    Map<Key, long[]> sums = new TreeMap<>(KEY_ORDER);
    for (LogRow row : rows) {
      Key key =
          new Key(
              Math.floorDiv(row.ts(), HOUR_MS) * HOUR_MS,
              orEmpty(row.userId()),
              orEmpty(row.providerId()),
              orEmpty(row.modelName()),
              orEmpty(row.endpoint()));
      add(sums.computeIfAbsent(key, k -> new long[SUMS + BUCKETS]), row, 1);
    }
    List<Rollup> rollups = new ArrayList<>(sums.size());
    sums.forEach(
        (key, s) ->
            rollups.add(
                of(
                    key.hourStart(),
                    key.userId(),
                    key.providerId(),
                    key.modelName(),
                    key.endpoint(),
                    s)));
    return rollups;
  }

  /**
   * Adds one request to sums in the order of {@link #sums()}, or takes it away ({@code sign} -1): the one place that
   * says what a request adds to every rollup.
   */
  static void add(long[] sum, LogRow row, int sign) {
    sum[0] += sign;
    sum[1] += row.isError() ? sign : 0;
    sum[2] += sign * row.promptTokens();
    sum[3] += sign * row.completionTokens();
    sum[4] += sign * row.totalTokens();
    sum[5] += sign * row.cachedTokens();
    sum[6] += sign * row.cacheWriteTokens();
    sum[7] += sign * row.costNanos();
    sum[8] += sign * row.costSavedNanos();
    sum[9] += sign * row.promptCacheSavedNanos();
    sum[10] += CacheStatus.HIT.name().equals(row.cacheStatus()) ? sign : 0;
    sum[11] += sign * row.latencyMs();
    sum[SUMS + bucketOf(row.latencyMs())] += sign;
  }

  /**
   * The daily rollup deltas of hourly ones: one per UTC day × user × provider × model × endpoint, in key order,
   * with the day's start as {@link #hourStart}.
   */
  static List<Rollup> daily(List<Rollup> hours) {
    Map<Key, Rollup> days = new TreeMap<>(KEY_ORDER);
    for (Rollup hour : hours) {
      Key key =
          new Key(
              RollupTable.DAILY.floor(hour.hourStart()),
              hour.userId(),
              hour.providerId(),
              hour.modelName(),
              hour.endpoint());
      Rollup day =
          of(
              key.hourStart(),
              key.userId(),
              key.providerId(),
              key.modelName(),
              key.endpoint(),
              hour.sums());
      days.merge(key, day, Rollup::plus);
    }
    return List.copyOf(days.values());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private record Key(
      long hourStart, String userId, String providerId, String modelName, String endpoint) {}
}
