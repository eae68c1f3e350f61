package loom.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import loom.support.RateLimitedException;

/**
 * At most {@code perMinute} calls per user and minute, as a token bucket per user: a full bucket allows a
 * burst of {@code perMinute} calls, and it refills steadily, one call's worth every {@code 60 / perMinute}
 * seconds. A refused call says when the next one will be allowed. Thread-safe; memory is one small bucket
 * per user who has called.
 */
final class RateLimiter {
  private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

  private final String what;
  private final int perMinute;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** @param what the calls limited, for the message ("analytics queries") */
  RateLimiter(String what, int perMinute, Clock clock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, not " + perMinute);
    }
    this.what = what;
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Takes one call from the user's allowance, or throws RateLimitedException when none is left. */
  void acquire(String userId) {
    long now = nanos();
    Bucket bucket = buckets.computeIfAbsent(userId, id -> new Bucket(perMinute, now));
    long waitNanos = bucket.take(now, perMinute);
    if (waitNanos > 0) {
      long seconds = (waitNanos + 999_999_999L) / 1_000_000_000L;
      throw new RateLimitedException(
          "Too many "
              + what
              + ": at most "
              + perMinute
              + " per minute per user; retry in "
              + seconds
              + " s.",
          seconds);
    }
  }

  private long nanos() {
    return Math.multiplyExact(clock.millis(), 1_000_000L);
  }

  /** Tokens scaled by {@link #MINUTE_NANOS}, so refilling needs no fractions. */
  private static final class Bucket {
    private long scaledTokens;
    private long updatedAt;

    Bucket(int perMinute, long now) {
      this.scaledTokens = perMinute * MINUTE_NANOS;
      this.updatedAt = now;
    }

    /** Takes a token and answers 0, or answers how long until one is there. */
    synchronized long take(long now, int perMinute) {
      long capacity = perMinute * MINUTE_NANOS;
      long elapsed = Math.max(0, now - updatedAt);
      // Each nanosecond adds perMinute scaled units; capped at a full bucket (and against
      // overflow).
      scaledTokens =
          elapsed >= MINUTE_NANOS
              ? capacity
              : Math.min(capacity, scaledTokens + elapsed * perMinute);
      updatedAt = now;
      if (scaledTokens >= MINUTE_NANOS) {
        scaledTokens -= MINUTE_NANOS;
        return 0;
      }
      return (MINUTE_NANOS - scaledTokens + perMinute - 1) / perMinute;
    }
  }
}
