package loom.support;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Thread factories for the gateway's own threads: daemon threads (an undeployed webapp must never keep the
 * container's JVM alive) with the names that logs and thread dumps show. The factories are thread-safe.
 */
public final class NamedThreads {
  private NamedThreads() {}

  /** Daemon threads all named {@code name}, for an executor of a single thread ({@code loom-scheduler}). */
  public static ThreadFactory daemon(String name) {
    Objects.requireNonNull(name, "name");
    return daemonThreads(count -> name);
  }

  /** Daemon threads named {@code prefix} followed by 1, 2, 3…, in the order they are made ({@code loom-proxy-1}). */
  public static ThreadFactory numberedDaemons(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return daemonThreads(count -> prefix + count);
  }

  private static ThreadFactory daemonThreads(IntFunction<String> names) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, names.apply(count.incrementAndGet()));
      thread.setDaemon(true);
      return thread;
    };
  }
}
