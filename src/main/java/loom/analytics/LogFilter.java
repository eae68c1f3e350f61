package loom.analytics;

import java.time.Instant;
import java.util.Objects;
import loom.proxy.CacheStatus;

/**
 * Which request logs a query, an aggregate or an export covers: a time range [start, end) and the common
 * filters of API.md. Every part may be null, meaning "any". Who may see what is not decided here: the
 * service narrows {@link #userId} to the caller for non-admins before a filter reaches the store.
 */
public record LogFilter(Instant start, Instant end, String userId, String providerId, String model, Outcome outcome,
                        CacheStatus cacheStatus) {
  /** {@code status=success|error}: below 400, or 400 and above. */
  public enum Outcome { SUCCESS, ERROR }

  public static final LogFilter ALL = new LogFilter(null, null, null, null, null, null, null);

  public LogFilter {
    if (start != null && end != null && start.isAfter(end)) {
      throw new IllegalArgumentException("start " + start + " is after end " + end);
    }
  }

  public LogFilter withUser(String newUserId) {
    return new LogFilter(start, end, newUserId, providerId, model, outcome, cacheStatus);
  }

  public LogFilter withRange(Instant newStart, Instant newEnd) {
    return new LogFilter(newStart, newEnd, userId, providerId, model, outcome, cacheStatus);
  }

  /**
   * Whether only the raw rows can answer an aggregate of this filter: the hourly rollups have no column for
   * the outcome or cache status of the requests they sum.
   */
  boolean needsRawRows() {
    return outcome != null || cacheStatus != null;
  }

  /** Whether this filter keeps only one user's rows. */
  public boolean isForUser(String id) {
    return Objects.equals(userId, id);
  }
}
