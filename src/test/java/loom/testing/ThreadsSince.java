package loom.testing;

import java.util.List;
import java.util.Set;

/**
 * The threads alive at one moment, so that a test can tell the threads it started from those of others in the same
 * JVM (the shared in-process gateway, another test's servers): thread checks look only at {@link #started()}.
 */
public final class ThreadsSince {
  private final Set<Thread> before;

  private ThreadsSince(Set<Thread> before) {
    this.before = before;
  }

  /** A snapshot of the threads alive now. */
  public static ThreadsSince now() {
    return new ThreadsSince(Set.copyOf(Thread.getAllStackTraces().keySet()));
  }

  /** The threads alive now that were not at the snapshot. */
  public List<Thread> started() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(thread -> !before.contains(thread))
        .toList();
  }
}
