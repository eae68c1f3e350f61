package loom.analytics;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import loom.config.AnalyticsConfig;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import loom.store.Store;

/** Request logs for the analytics tests and the writer benchmark: varied, deterministic, realistic. */
final class LogRowSamples {
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final List<String> USERS = List.of("usr_ada", "usr_bob", "usr_cy");
  static final List<String> PROVIDERS = List.of("openai", "demo");
  static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o", "demo-1");

  /** Paths of several endpoints; the first two (so log 0, 1 and every fifth) are chat completions. */
  static final List<String> PATHS =
      List.of(
          "/v1/chat/completions",
          "/v1/chat/completions",
          "/v1/messages",
          "/v1/responses",
          "/v1/embeddings");

  /** Latencies that fall in every bucket, on and just beyond the bounds. */
  static final List<Long> LATENCIES =
      List.of(
          0L, 50L, 51L, 100L, 249L, 500L, 999L, 2_500L, 4_000L, 10_000L, 29_999L, 60_000L, 120_000L,
          120_001L, 600_000L);

  private LogRowSamples() {}

  /** The i-th of a series of logs spread over users, providers, models, several hours and every latency bucket. */
  static RequestLog log(int i) {
    return log(i, START.plus(Duration.ofMinutes(17L * i)), USERS.get(i % USERS.size()));
  }

  static RequestLog log(int i, Instant at, String userId) {
    boolean error = i % 7 == 3;
    CacheStatus cache = CacheStatus.values()[i % 3];
    long prompt = 10 + i % 50;
    long completion = error ? 0 : 5 + i % 40;
    long cacheWrites = i % 5 == 2 ? 2 + i % 4 : 0;
    return new RequestLog(
        "log_" + i,
        "req_" + i,
        at,
        userId,
        "key_" + i % 5,
        i % 4 == 0 ? null : "end_user_" + i,
        "POST",
        PATHS.get(i % PATHS.size()),
        null,
        i % 11 == 10 ? null : PROVIDERS.get(i % 2),
        i % 11 == 10 ? null : MODELS.get(i % 3),
        prompt,
        completion,
        prompt + completion,
        i % 6,
        cacheWrites,
        cacheWrites == 0 ? 0 : i % 3,
        i % 4,
        LATENCIES.get(i % LATENCIES.size()),
        i % 5 == 0 ? null : (long) i % 300,
        error ? 502 : 200,
        cache == CacheStatus.HIT ? BigDecimal.ZERO : BigDecimal.valueOf(1234L * (i + 1), 9),
        cache == CacheStatus.HIT ? BigDecimal.valueOf(987L * (i + 1), 9) : BigDecimal.ZERO,
        "prices-1",
        cache,
        i % 2 == 0,
        error ? "upstream said 'no'" : null,
        null,
        null,
        i % 9 == 0 ? "{\"usage_missing\":true}" : null);
  }

  /** The same log with another key, end user, attribution and prompt-cache saving. */
  static RequestLog attributed(
      RequestLog base,
      String apiKeyId,
      String endUser,
      Attribution attribution,
      BigDecimal promptCacheSaved) {
    return new RequestLog(
        base.id(),
        base.requestId(),
        base.timestamp(),
        base.userId(),
        apiKeyId,
        endUser,
        base.method(),
        base.path(),
        base.endpoint(),
        base.providerId(),
        base.modelName(),
        base.promptTokens(),
        base.completionTokens(),
        base.totalTokens(),
        base.cachedTokens(),
        base.cacheWriteTokens(),
        base.cacheWrite1hTokens(),
        base.reasoningTokens(),
        base.latencyMs(),
        base.timeToFirstByteMs(),
        base.statusCode(),
        base.costUsd(),
        base.costSavedUsd(),
        base.priceVersion(),
        base.cacheStatus(),
        base.stream(),
        base.errorMessage(),
        base.requestBody(),
        base.responseBody(),
        base.metadata(),
        base.responseId(),
        attribution,
        promptCacheSaved);
  }

  static List<RequestLog> logs(int count) {
    return IntStream.range(0, count).mapToObj(LogRowSamples::log).toList();
  }

  /** Writes logs the way the gateway does: through a writer, flushed and closed. */
  static void write(Store store, List<RequestLog> logs) {
    try (AnalyticsWriter writer =
        new AnalyticsWriter(store, new AnalyticsConfig(logs.size() + 1, 500), Clock.systemUTC())) {
      writer.start();
      List<RequestLog> refused = new ArrayList<>();
      for (RequestLog log : logs) {
        if (!writer.offer(log)) {
          refused.add(log);
        }
      }
      if (!refused.isEmpty()) {
        throw new IllegalStateException(refused.size() + " logs refused");
      }
      writer.flush(Duration.ofSeconds(30));
    }
  }
}
