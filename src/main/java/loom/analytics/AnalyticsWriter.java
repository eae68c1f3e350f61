package loom.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import loom.config.AnalyticsConfig;
import loom.store.Store;
import loom.support.NamedThreads;
import loom.support.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries request logs from request threads to the store. {@link #offer} puts a log in a bounded queue and
 * returns at once; one daemon thread writes the queue in batches, each batch with its rollup deltas in one
 * transaction. When the store fails, the writer keeps the batch and retries with back-off while the queue
 * fills up to its bound, so no log within the bound is lost; beyond it logs are dropped, counted, and
 * reported at most once a minute. {@link #close} writes what is queued. Thread-safe.
 */
public final class AnalyticsWriter implements AutoCloseable {
  static final String THREAD_NAME = "loom-analytics-writer";
  static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  static final Duration REPORT_PERIOD = Duration.ofMinutes(1);
  private static final long POLL_MS = 100;

  /**
   * How long the idle writer sleeps before it looks at the queue again. It polls instead of waiting on the
   * queue so that offering a log never has to wake a sleeping thread (a futex call of 5–500 µs on the
   * request thread, measured); rows reach the store at most this much later. It is also what gathers a batch
   * at moderate rates: each transaction has a fixed cost (JDBI attaching the DAO, the rollup upserts, the
   * commit), which at 500 req/s and 20 ms (10 rows a batch) took a quarter of the gateway's CPU by the profile
   * of bench/proxy-overhead.sh.
   */
  static final Duration IDLE_WAIT = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(AnalyticsWriter.class);

  private final Store store;
  private final Clock clock;
  private final UnaryOperator<RequestLog> beforeStore;
  private final Sleeper sleeper;
  private final Duration closeTimeout;
  private final int batchSize;
  private final int capacity;
  private final ArrayBlockingQueue<RequestLog> queue;
  // Makes "closed?", the insertion and its count one step, so the n-th accepted log is the n-th in
  // the queue.
  private final Object gate = new Object();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong unwritten = new AtomicLong();
  private final AtomicLong storeErrors = new AtomicLong();
  private final LongAdder dropped = new LongAdder();
  private final ReentrantLock progressLock = new ReentrantLock();
  private final Condition progressed = progressLock.newCondition();
  private volatile boolean closed;
  private volatile long closeDeadline;
  private volatile Thread thread;
  private volatile Consumer<Set<String>> costListener = users -> {};

  // Drop reports (synchronized) and the writer thread's own state.
  private long reportedDrops;
  private Instant lastDropReport;
  private final List<LogRow> pending = new ArrayList<>();
  private long failures;
  private Instant lastFailureReport;

  public AnalyticsWriter(Store store, AnalyticsConfig config, Clock clock) {
    this(store, config, clock, UnaryOperator.identity());
  }

  /**
   * A writer that passes every log through {@code beforeStore} on its own thread, just before storing it:
   * work taken off the request thread (body redaction). When that fails, the log is stored without bodies.
   */
  public AnalyticsWriter(
      Store store, AnalyticsConfig config, Clock clock, UnaryOperator<RequestLog> beforeStore) {
    this(store, config, clock, beforeStore, Sleeper.THREAD_SLEEP, CLOSE_TIMEOUT);
  }

  AnalyticsWriter(
      Store store, AnalyticsConfig config, Clock clock, Sleeper sleeper, Duration closeTimeout) {
    this(store, config, clock, UnaryOperator.identity(), sleeper, closeTimeout);
  }

  AnalyticsWriter(
      Store store,
      AnalyticsConfig config,
      Clock clock,
      UnaryOperator<RequestLog> beforeStore,
      Sleeper sleeper,
      Duration closeTimeout) {
    if (config.queueCapacity() < 1 || config.batchSize() < 1) {
      throw new IllegalArgumentException(
          "analytics.queue_capacity and analytics.batch_size must be at least 1, not "
              + config.queueCapacity()
              + " and "
              + config.batchSize());
    }
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.beforeStore = Objects.requireNonNull(beforeStore, "beforeStore");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    this.capacity = config.queueCapacity();
    this.batchSize = config.batchSize();
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Starts the writer thread (once; later calls do nothing). */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("The analytics writer is closed");
    }
    if (thread == null) {
      startThread();
    }
  }

  /** Queues a log for writing; never blocks or throws. False when it was dropped: queue full or writer closed. */
  public boolean offer(RequestLog requestLog) {
    if (requestLog != null) {
      synchronized (gate) {
        if (!closed && queue.offer(requestLog)) {
          accepted.incrementAndGet();
          return true;
        }
      }
    }
    dropped.increment();
    return false;
  }

  /**
   * Returns once every log accepted before the call is written (or given up on at close); throws
   * IllegalStateException when that takes longer than {@code timeout} or the writer is not running.
   */
  public void flush(Duration timeout) {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    Thread idle = thread;
    if (idle != null) {
      LockSupport.unpark(idle);
    }
    progressLock.lock();
    try {
      while (done.get() < target) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new IllegalStateException(
              (target - done.get())
                  + " request logs are still not written after "
                  + timeout
                  + " (store errors so far: "
                  + storeErrors.get()
                  + ")");
        }
        Thread running = thread;
        if (running == null || !running.isAlive()) {
          throw new IllegalStateException(
              "The analytics writer is not running; "
                  + (target - done.get())
                  + " request logs are not written");
        }
        progressed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(POLL_MS)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the analytics writer", e);
    } finally {
      progressLock.unlock();
    }
  }

  /**
   * Stops accepting logs, writes what is queued (retrying a failing store for up to 30 s, then logging how
   * many logs are lost) and stops the thread.
   */
  @Override
  public void close() {
    synchronized (gate) {
      if (closed) {
        return;
      }
      closeDeadline = System.nanoTime() + closeTimeout.toNanos();
      closed = true;
    }
    Thread running;
    synchronized (this) {
      if (thread == null && queueDepth() > 0) {
        startThread();
      }
      running = thread;
    }
    if (running != null) {
      LockSupport.unpark(running);
      stop(running);
    }
    reportDrops(true);
  }

  /** Logs refused by {@link #offer}: the queue was full or the writer closed. */
  public long droppedCount() {
    return dropped.sum();
  }

  /** Logs accepted and not yet written: in the queue or in the batch being written. */
  public long queueDepth() {
    return accepted.get() - done.get();
  }

  /** Logs stored (a log whose id was stored already is not stored or counted again). */
  public long writtenCount() {
    return written.get();
  }

  /** Failed attempts to write a batch. */
  public long storeErrorCount() {
    return storeErrors.get();
  }

  /** Accepted logs that were never written: not storable (e.g. a cost beyond a BIGINT), or given up at close. */
  public long unwrittenCount() {
    return unwritten.get();
  }

  // The writer thread ---

  private void startThread() {
    thread = NamedThreads.daemon(THREAD_NAME).newThread(this::run);
    thread.start();
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    try {
      while (true) {
        reportDrops(false);
        if (pending.isEmpty()) {
          RequestLog first = queue.poll();
          if (first != null) {
            take(first);
          } else if (closed) {
            return;
          } else {
            LockSupport.parkNanos(this, IDLE_WAIT.toNanos());
          }
        } else if (writePending()) {
          backoff = FIRST_BACKOFF;
        } else if (closed && System.nanoTime() - closeDeadline >= 0) {
          giveUp();
          return;
        } else {
          long left = closed ? Math.max(1, closeDeadline - System.nanoTime()) : Long.MAX_VALUE;
          sleeper.sleep(Duration.ofNanos(Math.min(backoff.toNanos(), left)));
          Duration doubled = backoff.multipliedBy(2);
          backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        }
      }
    } catch (InterruptedException e) {
      giveUp();
    } catch (RuntimeException e) {
      log.error("The analytics writer stopped unexpectedly", e);
      giveUp();
    }
  }

  /** Takes a batch from the queue into {@link #pending}; logs that cannot become rows are given up at once. */
  private void take(RequestLog first) {
    List<RequestLog> taken = new ArrayList<>(batchSize);
    taken.add(first);
    queue.drainTo(taken, batchSize - 1);
    int rejected = 0;
    String firstProblem = null;
    for (RequestLog requestLog : taken) {
      try {
        pending.add(LogRow.of(prepared(requestLog)));
      } catch (RuntimeException e) {
        rejected++;
        firstProblem = firstProblem == null ? requestLog.id() + ": " + e : firstProblem;
      }
    }
    if (rejected > 0) {
      unwritten.addAndGet(rejected);
      finished(rejected);
      log.warn(
          "{} request logs cannot be stored and are dropped (the first, {})",
          rejected,
          firstProblem);
    }
  }

  private RequestLog prepared(RequestLog requestLog) {
    try {
      return beforeStore.apply(requestLog);
    } catch (RuntimeException e) {
      // Never store texts that could not be redacted; the rest of the row is still worth keeping.
      log.warn(
          "Could not redact the texts of request log {}; storing it without bodies and error message",
          requestLog.id(),
          e);
      return requestLog.withTexts(null, null, null);
    }
  }

  /**
   * Tells {@code listener}, on the writer thread right after each committed batch, which users' stored rows
   * cost something (the alerts check those users' budgets at once). It must only hand the work off.
   */
  public void whenCostStored(Consumer<Set<String>> listener) {
    this.costListener = Objects.requireNonNull(listener, "listener");
  }

  private boolean writePending() {
    try {
      int inserted =
          store.write(handle -> handle.attach(AnalyticsDao.class).insertWithRollups(pending));
      written.addAndGet(inserted);
      announceCosts();
      int rows = pending.size();
      pending.clear();
      finished(rows);
      if (failures > 0) {
        log.info(
            "Request logs are written again after {} failed attempts; {} waiting",
            failures,
            queueDepth());
        failures = 0;
      }
      return true;
    } catch (RuntimeException e) {
      storeErrors.incrementAndGet();
      failures++;
      Instant now = clock.instant();
      if (failures == 1) {
        log.warn(
            "Cannot write {} request logs; keeping them and retrying with back-off",
            pending.size(),
            e);
        lastFailureReport = now;
      } else if (!now.isBefore(lastFailureReport.plus(REPORT_PERIOD))) {
        log.warn(
            "Still cannot write request logs after {} attempts; {} waiting, {} dropped so far: {}",
            failures,
            queueDepth(),
            droppedCount(),
            e.toString());
        lastFailureReport = now;
      }
      return false;
    }
  }

  private void announceCosts() {
    Set<String> users = new HashSet<>();
    for (LogRow row : pending) {
      if (row.costNanos() > 0 && row.userId() != null) {
        users.add(row.userId());
      }
    }
    if (!users.isEmpty()) {
      try {
        costListener.accept(users);
      } catch (RuntimeException e) {
        log.warn("The listener of stored costs failed; the rows are stored", e);
      }
    }
  }

  private void giveUp() {
    List<RequestLog> left = new ArrayList<>();
    queue.drainTo(left);
    long lost = pending.size() + left.size();
    pending.clear();
    if (lost > 0) {
      unwritten.addAndGet(lost);
      finished(lost);
      log.error(
          "Closing the analytics writer: {} request logs could not be written and are lost ({} failed "
              + "attempts to write)",
          lost,
          failures);
    }
  }

  private void finished(long rows) {
    done.addAndGet(rows);
    progressLock.lock();
    try {
      progressed.signalAll();
    } finally {
      progressLock.unlock();
    }
  }

  private void stop(Thread running) {
    try {
      running.join(closeTimeout.plus(MAX_BACKOFF).toMillis() + POLL_MS);
      if (running.isAlive()) {
        running.interrupt();
        running.join(5_000);
      }
    } catch (InterruptedException e) {
      running.interrupt();
      Thread.currentThread().interrupt();
    }
    if (running.isAlive()) {
      log.error("The analytics writer thread did not stop");
    }
  }

  /** Logs how many offers were refused since the last report; at most once a minute unless forced. */
  synchronized void reportDrops(boolean force) {
    long total = dropped.sum();
    if (total <= reportedDrops) {
      return; // the usual case, checked on every turn of the writer's loop: no clock read
    }
    Instant now = clock.instant();
    if (force || lastDropReport == null || !now.isBefore(lastDropReport.plus(REPORT_PERIOD))) {
      log.warn(
          "Dropped {} request logs since the last report ({} in total): the queue of {} was full or the "
              + "writer closed",
          total - reportedDrops,
          total,
          capacity);
      reportedDrops = total;
      lastDropReport = now;
    }
  }
}
