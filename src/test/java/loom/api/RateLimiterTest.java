package loom.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import loom.support.RateLimitedException;
import loom.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimiterTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));

  @ParameterizedTest(name = "{0} per minute")
  @ValueSource(ints = {1, 7, 10, 60, 1_000})
  void aFullBucketAllowsABurstOfItsSizeAndRefusesTheNextCall(int perMinute) {
    RateLimiter limiter = new RateLimiter("analytics queries", perMinute, clock);

    for (int i = 0; i < perMinute; i++) {
      limiter.acquire("usr_ada");
    }

    // The next call's worth refills in 60 / perMinute seconds, rounded up to whole seconds (at
    // least 1).
    long retryAfter = Math.max(1, (60 + perMinute - 1) / perMinute);
    assertThatThrownBy(() -> limiter.acquire("usr_ada"))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.retryAfterSeconds()).isEqualTo(retryAfter);
              assertThat(e.getMessage())
                  .contains(
                      "analytics queries",
                      "at most " + perMinute + " per minute",
                      "retry in " + retryAfter + " s");
            });
  }

  @Test
  void theRetryAfterShrinksAsTheBucketRefillsAndARefusedCallTakesNothing() {
    RateLimiter limiter = burst(10, "usr_ada");

    clock.advance(Duration.ofMillis(2_500));
    assertThat(retryAfter(limiter, "usr_ada"))
        .isEqualTo(4); // 3.5 s of the 6 s a call takes are left
    clock.advance(Duration.ofMillis(3_400));
    assertThat(retryAfter(limiter, "usr_ada"))
        .isEqualTo(1); // 0.1 s left: the refusals took nothing
    clock.advance(Duration.ofMillis(100));
    limiter.acquire("usr_ada");
    assertThat(retryAfter(limiter, "usr_ada")).isEqualTo(6);
  }

  @Test
  void theBucketRefillsSteadilyAndNeverBeyondItsSize() {
    RateLimiter limiter = burst(10, "usr_ada");

    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      limiter.acquire("usr_ada");
    }
    assertThat(retryAfter(limiter, "usr_ada")).isEqualTo(6);

    clock.advance(Duration.ofHours(3));
    for (int i = 0; i < 10; i++) {
      limiter.acquire("usr_ada");
    }
    assertThat(retryAfter(limiter, "usr_ada")).isEqualTo(6);
  }

  @Test
  void everyUserHasTheirOwnBucket() {
    RateLimiter limiter = burst(3, "usr_ada");

    for (int i = 0; i < 3; i++) {
      limiter.acquire("usr_bob");
    }

    assertThat(retryAfter(limiter, "usr_bob")).isEqualTo(20);
    assertThat(retryAfter(limiter, "usr_ada")).isEqualTo(20);
    limiter.acquire("usr_cy");
  }

  @Test
  void aClockThatStepsBackRefillsNothing() {
    RateLimiter limiter = burst(2, "usr_ada");

    clock.advance(Duration.ofMinutes(-5));

    assertThat(retryAfter(limiter, "usr_ada")).isEqualTo(30);
    clock.advance(Duration.ofSeconds(30));
    limiter.acquire("usr_ada");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {0, -1})
  void theLimitIsAtLeastOneCallAMinute(int perMinute) {
    assertThatThrownBy(() -> new RateLimiter("exports", perMinute, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(perMinute));
  }

  private RateLimiter burst(int perMinute, String userId) {
    RateLimiter limiter = new RateLimiter("analytics exports", perMinute, clock);
    for (int i = 0; i < perMinute; i++) {
      limiter.acquire(userId);
    }
    return limiter;
  }

  private static long retryAfter(RateLimiter limiter, String userId) {
    try {
      limiter.acquire(userId);
    } catch (RateLimitedException e) {
      return e.retryAfterSeconds();
    }
    throw new AssertionError(userId + "'s call was allowed, expected it refused");
  }
}
