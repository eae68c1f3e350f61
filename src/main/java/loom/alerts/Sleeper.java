package loom.alerts;

import java.time.Duration;

/** Waits between delivery attempts; tests pass one that records the pauses instead of taking them. */
@FunctionalInterface
interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;
}
