package loom.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.proxy.CacheStatus;
import loom.support.FieldError;
import loom.support.InvalidInputException;

/**
 * The query parameters of an {@code /analytics} request, checked all at once: an unknown parameter, one given
 * twice, a time that is not RFC 3339, a start after the end or a value outside its set is a 400 naming the
 * parameter, never silently ignored. Each endpoint names the parameters it takes beyond the common filter.
 */
final class AnalyticsParams {
  /**
   * The filter parameters every analytics query takes (API.md, "Common query parameters", plus endpoint and the
   * attribution: team_id, api_key_id, tag, end_user, session_id, client_tool).
   */
  static final Set<String> FILTER = filterParameters();

  private final Map<String, List<String>> query;
  private final List<FieldError> errors = new ArrayList<>();

  private AnalyticsParams(Map<String, List<String>> query) {
    this.query = query;
  }

  /** The parameters of a request to an endpoint that takes the filter plus {@code extra}. */
  static AnalyticsParams of(Map<String, List<String>> query, String... extra) {
    Set<String> allowed = new TreeSet<>(FILTER);
    allowed.addAll(List.of(extra));
    return checked(query, allowed);
  }

  /** The parameters of a request to an endpoint that takes no filter, only {@code names}. */
  static AnalyticsParams only(Map<String, List<String>> query, String... names) {
    return checked(query, new TreeSet<>(List.of(names)));
  }

  private static AnalyticsParams checked(Map<String, List<String>> query, Set<String> allowed) {
    AnalyticsParams params = new AnalyticsParams(query);
    for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
      if (!allowed.contains(parameter.getKey())) {
        params.errors.add(
            new FieldError(
                parameter.getKey(),
                "is not a parameter of this endpoint; it takes " + String.join(", ", allowed)));
      } else if (parameter.getValue().size() > 1) {
        params.errors.add(new FieldError(parameter.getKey(), "is given more than once"));
      }
    }
    return params;
  }

  /** The filter the parameters describe. Call {@link #check()} after reading every parameter. */
  LogFilter filter() {
    Instant start = time("start_time");
    Instant end = time("end_time");
    if (start != null && end != null && start.isAfter(end)) {
      errors.add(
          new FieldError("start_time", "must not be after end_time (" + end + "); got " + start));
      start = null;
    }
    LogFilter.Outcome outcome =
        choice(
            "status",
            value -> LogFilter.Outcome.valueOf(value.toUpperCase(Locale.ROOT)),
            "success, error");
    CacheStatus cacheStatus =
        choice(
            "cache_status",
            value -> CacheStatus.valueOf(value.toUpperCase(Locale.ROOT)),
            "HIT, MISS, BYPASS");
    LogFilter filter =
        new LogFilter(
            start,
            end,
            text("user_id"),
            text("provider_id"),
            text("model"),
            text("endpoint"),
            outcome,
            cacheStatus,
            null);
    for (Dimension dimension : Dimension.values()) {
      if (!Dimension.ROLLED_UP.contains(dimension)) {
        filter = filter.with(dimension, text(dimension.parameter()));
      }
    }
    return filter;
  }

  private static Set<String> filterParameters() {
    Set<String> names = new TreeSet<>(Set.of("start_time", "end_time", "status", "cache_status"));
    for (Dimension dimension : Dimension.values()) {
      names.add(dimension.parameter());
    }
    return Set.copyOf(names);
  }

  /** A parameter's value, or null when it is absent; an empty value counts as absent. */
  String text(String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      return null;
    }
    return values.get(0);
  }

  /** A parameter parsed by {@code parse}, which throws IllegalArgumentException with the rule broken. */
  <T> T parsed(String name, Function<String, T> parse) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(name, e.getMessage()));
      return null;
    }
  }

  /** Records a broken rule found outside this class (e.g. limit and cursor together). */
  void reject(String name, String message) {
    errors.add(new FieldError(name, message));
  }

  /** Throws the 400 of every problem found so far, if any. */
  void check() {
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  /** The query as canonical text for the export audit trail: sorted, one value each. */
  String describe() {
    return query.entrySet().stream()
        .filter(parameter -> FILTER.contains(parameter.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .map(parameter -> parameter.getKey() + "=" + String.join(",", parameter.getValue()))
        .collect(Collectors.joining("&"));
  }

  /** A parameter as an RFC 3339 time, or null when it is absent (a bad one is recorded as an error). */
  Instant time(String name) {
    // A "+01:00" offset that was not URL-encoded arrives as " 01:00": read it as the client meant
    // it.
    return parsed(
        name,
        value -> {
          try {
            return OffsetDateTime.parse(
                    value.replace(' ', '+'), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant();
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                "must be an RFC 3339 time such as 2026-01-21T12:00:00Z; got '" + value + "'");
          }
        });
  }

  private <T> T choice(String name, Function<String, T> parse, String allowed) {
    return parsed(
        name,
        value -> {
          try {
            return parse.apply(value);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "must be one of " + allowed + "; got '" + value + "'");
          }
        });
  }
}
