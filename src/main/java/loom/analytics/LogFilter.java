package loom.analytics;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
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
 * @param attributes the value each attribution dimension must have (team, key, tag, end user, session, client
 *     tool; see {@link Dimension}), only the raw rows can answer them; empty for any
 */
public record LogFilter(
    Instant start,
    Instant end,
    String userId,
    String providerId,
    String model,
    String endpoint,
    Outcome outcome,
    CacheStatus cacheStatus,
    String search,
    Map<Dimension, String> attributes) {
  /** {@code status=success|error}: below 400, or 400 and above. */
  public enum Outcome {
    SUCCESS,
    ERROR
  }

  public static final LogFilter ALL =
      new LogFilter(null, null, null, null, null, null, null, null, null);

  public LogFilter {
    if (start != null && end != null && start.isAfter(end)) {
      throw new IllegalArgumentException("start " + start + " is after end " + end);
    }
    search = search == null || search.isBlank() ? null : search;
    EnumMap<Dimension, String> kept = new EnumMap<>(Dimension.class);
    if (attributes != null) {
      attributes.forEach(
          (dimension, value) -> {
            if (dimension.isRolledUp()) {
              throw new IllegalArgumentException(
                  dimension.id() + " has its own component, not an attribute");
            }
            if (value != null) {
              kept.put(dimension, value);
            }
          });
    }
    attributes = Collections.unmodifiableMap(kept);
  }

  /** A filter without attribution dimensions. */
  public LogFilter(
      Instant start,
      Instant end,
      String userId,
      String providerId,
      String model,
      String endpoint,
      Outcome outcome,
      CacheStatus cacheStatus,
      String search) {
    this(start, end, userId, providerId, model, endpoint, outcome, cacheStatus, search, Map.of());
  }

  /** The filter of API.md's first parameters: without an endpoint or a text search. */
  public LogFilter(
      Instant start,
      Instant end,
      String userId,
      String providerId,
      String model,
      Outcome outcome,
      CacheStatus cacheStatus) {
    this(start, end, userId, providerId, model, null, outcome, cacheStatus, null);
  }

  public LogFilter withUser(String newUserId) {
    return new LogFilter(
        start,
        end,
        newUserId,
        providerId,
        model,
        endpoint,
        outcome,
        cacheStatus,
        search,
        attributes);
  }

  public LogFilter withRange(Instant newStart, Instant newEnd) {
    return new LogFilter(
        newStart,
        newEnd,
        userId,
        providerId,
        model,
        endpoint,
        outcome,
        cacheStatus,
        search,
        attributes);
  }

  public LogFilter withEndpoint(String newEndpoint) {
    return new LogFilter(
        start,
        end,
        userId,
        providerId,
        model,
        newEndpoint,
        outcome,
        cacheStatus,
        search,
        attributes);
  }

  public LogFilter withSearch(String newSearch) {
    return new LogFilter(
        start,
        end,
        userId,
        providerId,
        model,
        endpoint,
        outcome,
        cacheStatus,
        newSearch,
        attributes);
  }

  /** This filter, also keeping only the rows whose {@code dimension} is {@code value} (null: any). */
  public LogFilter with(Dimension dimension, String value) {
    switch (dimension) {
      case USER -> {
        return withUser(value);
      }
      case PROVIDER -> {
        return new LogFilter(
            start, end, userId, value, model, endpoint, outcome, cacheStatus, search, attributes);
      }
      case MODEL -> {
        return new LogFilter(
            start,
            end,
            userId,
            providerId,
            value,
            endpoint,
            outcome,
            cacheStatus,
            search,
            attributes);
      }
      case ENDPOINT -> {
        return withEndpoint(value);
      }
      default -> {
        Map<Dimension, String> changed = new EnumMap<>(Dimension.class);
        changed.putAll(attributes);
        changed.put(dimension, value);
        return new LogFilter(
            start, end, userId, providerId, model, endpoint, outcome, cacheStatus, search, changed);
      }
    }
  }

  /** The value the filter requires of a dimension, or null for any. */
  public String valueOf(Dimension dimension) {
    return switch (dimension) {
      case USER -> userId;
      case PROVIDER -> providerId;
      case MODEL -> model;
      case ENDPOINT -> endpoint;
      default -> attributes.get(dimension);
    };
  }

  /**
   * The LIKE pattern of {@link #search}: lower case, its {@code %}, {@code _} and {@code !} escaped with
   * {@code !} (the clause says {@code ESCAPE '!'}), between two {@code %}; null without a search.
   */
  String searchPattern() {
    if (search == null) {
      return null;
    }
    String escaped =
        search.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return "%" + escaped + "%";
  }

  /**
   * Whether only the raw rows can answer an aggregate of this filter: the rollups have no column for the outcome,
   * cache status, path, error message or attribution of the requests they sum (they do for user, provider, model,
   * endpoint).
   */
  boolean needsRawRows() {
    return outcome != null || cacheStatus != null || search != null || !attributes.isEmpty();
  }

  /** Whether this filter keeps only one user's rows. */
  public boolean isForUser(String id) {
    return Objects.equals(userId, id);
  }
}
