package loom.cache.warming;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import loom.cache.warming.WarmingProgress.State;

/**
 * One warming run's progress, added to by the thread that runs it and read by anyone. Keeps the first
 * {@value #MAX_ERRORS} errors only, so a file of bad lines cannot fill the memory. Thread-safe.
 */
final class WarmingRun {
  static final int MAX_ERRORS = 100;
  static final String ALREADY_CACHED = "already cached";

  private final String id;
  private final boolean dryRun;
  private final String source;
  private final String startedBy;
  private final Instant startedAt;
  private final AtomicBoolean cancelRequested = new AtomicBoolean();
  private State state = State.RUNNING;
  private Instant finishedAt;
  private long total;
  private long done;
  private long stored;
  private long alreadyCached;
  private long skipped;
  private final Map<String, Long> skippedReasons = new LinkedHashMap<>();
  private long failed;
  private final List<WarmingProgress.ItemFailure> errors = new ArrayList<>();
  private WarmingProgress.Estimate estimate = WarmingProgress.Estimate.NONE;
  private BigDecimal actualCost = BigDecimal.ZERO;
  private String budgetRefusal;
  private String message;

  WarmingRun(String id, boolean dryRun, String source, String startedBy, Instant startedAt) {
    this.id = id;
    this.dryRun = dryRun;
    this.source = source;
    this.startedBy = startedBy;
    this.startedAt = startedAt;
  }

  String id() {
    return id;
  }

  synchronized void planned(long requests, WarmingProgress.Estimate expected) {
    total = requests;
    estimate = expected;
  }

  synchronized void stored() {
    stored++;
    done++;
  }

  /** Passed over on purpose, for a reason counted in {@code skippedReasons}. */
  synchronized void skipped(String reason) {
    if (ALREADY_CACHED.equals(reason)) {
      alreadyCached++;
    }
    skipped++;
    done++;
    skippedReasons.merge(reason, 1L, Long::sum);
  }

  synchronized void failed(String item, String why) {
    failed++;
    done++;
    if (errors.size() < MAX_ERRORS) {
      errors.add(new WarmingProgress.ItemFailure(item, why));
    }
  }

  /** A request checked by a dry run and found worth warming. */
  synchronized void checked() {
    done++;
  }

  /**
   * An enforced budget refused a fetch: that request, and every later one the run would fetch, is skipped for
   * {@code "budget: " + why}.
   */
  synchronized void refusedByBudget(String why) {
    if (budgetRefusal == null) {
      budgetRefusal = "budget: " + why;
    }
    skipped(budgetRefusal);
  }

  /** The skip reason of a budget's refusal, once one refused a fetch of this run. */
  synchronized Optional<String> budgetRefusal() {
    return Optional.ofNullable(budgetRefusal);
  }

  synchronized void spent(BigDecimal usd) {
    actualCost = actualCost.add(usd);
  }

  synchronized BigDecimal spent() {
    return actualCost;
  }

  /** Asks the run to stop after the request it is on; false when it has ended already. */
  boolean cancel() {
    cancelRequested.set(true);
    return isRunning();
  }

  boolean isCancelRequested() {
    return cancelRequested.get();
  }

  synchronized boolean isRunning() {
    return state == State.RUNNING;
  }

  synchronized void finish(State end, Instant at, String why) {
    if (state == State.RUNNING) {
      state = end;
      finishedAt = at;
      message = why;
    }
  }

  synchronized WarmingProgress progress() {
    return new WarmingProgress(
        id,
        state,
        dryRun,
        source,
        startedBy,
        startedAt,
        finishedAt,
        total,
        done,
        stored,
        alreadyCached,
        skipped,
        skippedReasons,
        failed,
        errors,
        estimate,
        actualCost.stripTrailingZeros(),
        message);
  }
}
