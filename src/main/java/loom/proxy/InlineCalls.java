package loom.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;

/**
 * The bound on non-streamed calls made on the container's own request thread ({@code server.inline_calls}),
 * and the count of where calls ran ({@code loom_proxy_calls_total{thread="request"|"worker"}}): a worker
 * count that grows with non-streamed traffic says the bound is too low for the load. Thread-safe.
 */
final class InlineCalls {
  private final Semaphore places;
  private final Counter onRequestThread;
  private final Counter onWorker;

  InlineCalls(int max, MeterRegistry registry) {
    this.places = new Semaphore(max);
    this.onRequestThread = counter(registry, "request");
    this.onWorker = counter(registry, "worker");
  }

  /** @return whether the caller may make its call on its own thread; if so it must {@link #leave()} after */
  boolean tryEnter() {
    if (places.tryAcquire()) {
      onRequestThread.increment();
      return true;
    }
    return false;
  }

  void leave() {
    places.release();
  }

  void handedToWorker() {
    onWorker.increment();
  }

  private static Counter counter(MeterRegistry registry, String thread) {
    return Counter.builder("loom_proxy_calls")
        .description(
            "Proxied calls by the thread that made them: the container's request thread or a worker")
        .tag("thread", thread)
        .register(registry);
  }
}
