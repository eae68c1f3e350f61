package loom.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import loom.auth.Names;

/**
 * Slows password guessing on the login page: after {@value #MAX_FAILURES_PER_NAME} failed logins for one user
 * name, or {@value #MAX_FAILURES_PER_ADDRESS} from one address, within {@link #WINDOW}, further attempts for it
 * are refused without checking the password until the window that started with the first failure has passed.
 * Names that do not exist are counted the same way, so the answer tells nothing about which names exist. A name
 * is counted under {@link Names#throttleKey}, so every spelling that logs in as one user shares one count.
 * A successful login clears its name's count (not its address's: one user's success must not reopen an address
 * that guesses other names). Memory is bounded: the least recently used of more than {@value #MAX_TRACKED}
 * counts is forgotten.
 */
@ApplicationScoped
public class LoginThrottle {
  static final int MAX_FAILURES_PER_NAME = 5;
  static final int MAX_FAILURES_PER_ADDRESS = 30;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final int MAX_TRACKED = 10_000;

  private final Clock clock;
  private final Map<String, Failures> failures =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  public LoginThrottle() {
    this(Clock.systemUTC());
  }

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long until {@code name} may try again from {@code address}; empty when it may try now. */
  public synchronized Optional<Duration> waitBefore(String name, String address) {
    long now = clock.millis();
    long wait =
        Math.max(
            remaining(nameKey(name), MAX_FAILURES_PER_NAME, now),
            remaining(addressKey(address), MAX_FAILURES_PER_ADDRESS, now));
    return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
  }

  public synchronized void failed(String name, String address) {
    long now = clock.millis();
    count(nameKey(name), now);
    count(addressKey(address), now);
  }

  public synchronized void succeeded(String name) {
    failures.remove(nameKey(name));
  }

  private long remaining(String key, int limit, long now) {
    Failures counted = failures.get(key);
    if (counted == null) {
      return 0;
    }
    long end = counted.since + WINDOW.toMillis();
    if (end <= now) {
      failures.remove(key);
      return 0;
    }
    return counted.count >= limit ? end - now : 0;
  }

  private void count(String key, long now) {
    Failures counted = failures.get(key);
    if (counted == null || counted.since + WINDOW.toMillis() <= now) {
      failures.put(key, new Failures(now, 1));
    } else {
      counted.count++;
    }
  }

  private static String nameKey(String name) {
    return "name:" + Names.throttleKey(name);
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }

  private static final class Failures {
    final long since;
    int count;

    Failures(long since, int count) {
      this.since = since;
      this.count = count;
    }
  }
}
