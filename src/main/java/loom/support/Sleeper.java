package loom.support;

import java.time.Duration;

/**
 * Waits between attempts (webhook deliveries, analytics writes retried with back-off); tests pass one that
 * records the pauses instead of taking them.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling thread for the duration, to the millisecond below. */
  Sleeper THREAD_SLEEP = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
