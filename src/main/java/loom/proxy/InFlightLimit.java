package loom.proxy;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on one provider's calls in flight ({@code providers[].max_in_flight}): a call takes a permit
 * or is refused at once, never queued, so a slow provider cannot tie up the gateway's threads. Each permit
 * frees its place exactly once, however often it is released. Thread-safe.
 */
final class InFlightLimit {
  private final int max;
  private final Semaphore permits;
  private final AtomicLong rejected = new AtomicLong();

  InFlightLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    this.max = max;
    this.permits = new Semaphore(max);
  }

  /** A permit if fewer than {@link #max()} calls are in flight; else empty, and the refusal is counted. */
  Optional<Permit> tryAcquire() {
    if (permits.tryAcquire()) {
      return Optional.of(new Permit());
    }
    rejected.incrementAndGet();
    return Optional.empty();
  }

  int max() {
    return max;
  }

  int inFlight() {
    return max - permits.availablePermits();
  }

  /** Calls refused because the bound was reached (since deploy). */
  long rejected() {
    return rejected.get();
  }

  /** One call's place in the bound, held until {@link #release()}. */
  final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit() {}

    /** Frees the place; only the first call does anything. */
    void release() {
      if (released.compareAndSet(false, true)) {
        permits.release();
      }
    }
  }
}
