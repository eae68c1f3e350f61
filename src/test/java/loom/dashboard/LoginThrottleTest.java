package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import loom.testing.TestClock;
import loom.testing.UnicodeSpaces;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void aNameIsRefusedAfterFiveFailuresUntilItsWindowHasPassed() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_NAME; i++) {
      assertThat(throttle.waitBefore("alice", "10.0.0." + i)).as("attempt %d", i + 1).isEmpty();
      throttle.failed("alice", "10.0.0." + i);
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(throttle.waitBefore("alice", "10.0.0.99")).hasValue(Duration.ofMinutes(10));
    assertThat(throttle.waitBefore("ALICE ", "10.0.0.99"))
        .as("the same name, however typed")
        .isPresent();
    assertThat(throttle.waitBefore("bob", "10.0.0.99")).as("another name").isEmpty();
    clock.advance(Duration.ofMinutes(10));
    assertThat(throttle.waitBefore("alice", "10.0.0.99")).isEmpty();
  }

  @Test
  void noUnicodeSpaceOrCaseVariantOfAThrottledNameGetsFreshTries() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_NAME; i++) {
      throttle.failed("admin", "10.0.0." + i);
    }

    for (String space : UnicodeSpaces.all()) {
      for (String spelling : List.of("admin", "ADMIN", "Admin")) {
        assertThat(throttle.waitBefore(spelling + space, "10.0.1.1"))
            .as("%s + %s", spelling, UnicodeSpaces.name(space))
            .isPresent();
        assertThat(throttle.waitBefore(space + spelling, "10.0.1.1")).isPresent();
      }
    }
    assertThat(throttle.waitBefore("admin2", "10.0.1.1")).isEmpty();
  }

  @Test
  void anAddressIsRefusedAfterThirtyFailuresWhateverTheNames() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_ADDRESS; i++) {
      assertThat(throttle.waitBefore("name" + i, "192.0.2.7")).isEmpty();
      throttle.failed("name" + i, "192.0.2.7");
    }

    assertThat(throttle.waitBefore("someone-new", "192.0.2.7")).hasValue(LoginThrottle.WINDOW);
    assertThat(throttle.waitBefore("someone-new", "192.0.2.8")).isEmpty();
  }

  @Test
  void aSuccessClearsItsNameButNotItsAddress() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_NAME - 1; i++) {
      throttle.failed("alice", "192.0.2.7");
    }
    throttle.succeeded("alice");
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_NAME - 1; i++) {
      throttle.failed("alice", "192.0.2.7");
    }

    assertThat(throttle.waitBefore("alice", "192.0.2.7"))
        .as("4 failures since the success")
        .isEmpty();
    throttle.failed("alice", "192.0.2.7");
    assertThat(throttle.waitBefore("alice", "192.0.2.7")).isPresent();
  }

  @Test
  void countsOlderThanTheWindowStartAgain() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_NAME - 1; i++) {
      throttle.failed("alice", "192.0.2.7");
    }
    clock.advance(LoginThrottle.WINDOW);
    throttle.failed("alice", "192.0.2.7");

    assertThat(throttle.waitBefore("alice", "192.0.2.7")).isEmpty();
  }

  @Test
  void theLeastRecentlyUsedCountsAreForgottenBeyondTheBound() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_NAME; i++) {
      throttle.failed("alice", "192.0.2.7");
    }
    for (int i = 0; i < LoginThrottle.MAX_TRACKED; i++) {
      throttle.failed("guess" + i, "198.51." + (i / 256) + "." + (i % 256));
    }

    assertThat(throttle.waitBefore("alice", "192.0.2.9")).isEmpty();
  }

  @Test
  void theMessageRoundsUpToWholeMinutes() {
    assertThat(LoginPage.tooManyFailures(Duration.ofSeconds(1)))
        .isEqualTo("Too many failed logins. Try again in 1 minute.");
    assertThat(LoginPage.tooManyFailures(Duration.ofSeconds(61)))
        .isEqualTo("Too many failed logins. Try again in 2 minutes.");
  }
}
