package loom.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a streamed {@link FakeUpstream} answer after its first event until a test calls {@link
 * #release()}. Once released it stays open. Thread-safe.
 */
public final class StreamGate {
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch holding = new CountDownLatch(1);

  StreamGate() {}

  /** Lets every held and every later stream send the rest of its events. */
  public void release() {
    released.countDown();
  }

  public boolean isReleased() {
    return released.getCount() == 0;
  }

  /** Waits until a stream has flushed its first event and is held; true if so in time. */
  public boolean awaitHolding(Duration timeout) throws InterruptedException {
    return holding.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Called by the stream after its first event; true if released within {@code limit}. */
  boolean hold(Duration limit) throws InterruptedException {
    holding.countDown();
    return released.await(limit.toNanos(), TimeUnit.NANOSECONDS);
  }
}
