package loom.analytics;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import loom.proxy.CacheStatus;

/**
 * Which request logs a query, an aggregate or an export covers: a time range [start, end) and the common
 * filters of API.md. Every part may be null, meaning "any". Who may see what is not decided here: the
 * service narrows {@link #userId} to the caller for non-admins before a filter reaches the store.
 *
 * @param endpoint the endpoint name ({@link EndpointNames}: {@code messages}, {@code images/generations} …)
 * @param search text the path or the error message contains, ignoring ASCII case; null or blank for any. Only
 *     the dashboard sets it (API.md has no such parameter), and only the raw rows can answer it.
 */
public record LogFilter(Instant start, Instant end, String userId, String providerId, String model, String endpoint,
                        Outcome outcome, CacheStatus cacheStatus, String search) {
  /** {@code status=success|error}: below 400, or 400 and above. */
  public enum Outcome { SUCCESS, ERROR }

  public static final LogFilter ALL = new LogFilter(null, null, null, null, null, null, null, null, null);

  public LogFilter {
    if (start != null && end != null && start.isAfter(end)) {
      throw new IllegalArgumentException("start " + start + " is after end " + end);
    }
    search = search == null || search.isBlank() ? null : search;
  }

  /** The filter of API.md's first parameters: without an endpoint or a text search. */
  public LogFilter(Instant start, Instant end, String userId, String providerId, String model, Outcome outcome,
                   CacheStatus cacheStatus) {
    this(start, end, userId, providerId, model, null, outcome, cacheStatus, null);
  }

  public LogFilter withUser(String newUserId) {
    return new LogFilter(start, end, newUserId, providerId, model, endpoint, outcome, cacheStatus, search);
  }

  public LogFilter withRange(Instant newStart, Instant newEnd) {
    return new LogFilter(newStart, newEnd, userId, providerId, model, endpoint, outcome, cacheStatus, search);
  }

  public LogFilter withEndpoint(String newEndpoint) {
    return new LogFilter(start, end, userId, providerId, model, newEndpoint, outcome, cacheStatus, search);
  }

  public LogFilter withSearch(String newSearch) {
    return new LogFilter(start, end, userId, providerId, model, endpoint, outcome, cacheStatus, newSearch);
  }

  /**
   * The LIKE pattern of {@link #search}: lower case, its {@code %}, {@code _} and {@code !} escaped with
   * {@code !} (the clause says {@code ESCAPE '!'}), between two {@code %}; null without a search.
   */
  String searchPattern() {
    if (search == null) {
      return null;
    }
    String escaped = search.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return "%" + escaped + "%";
  }

  /**
   * Whether only the raw rows can answer an aggregate of this filter: the rollups have no column for the outcome,
   * cache status, path or error message of the requests they sum (they do for user, provider, model, endpoint).
   */
  boolean needsRawRows() {
    return outcome != null || cacheStatus != null || search != null;
  }

  /** Whether this filter keeps only one user's rows. */
  public boolean isForUser(String id) {
    return Objects.equals(userId, id);
  }
}
