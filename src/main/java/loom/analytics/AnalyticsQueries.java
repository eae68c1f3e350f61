package loom.analytics;

import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import loom.auth.Caller;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.InvalidInputException;
import loom.support.NotFoundException;

/**
 * The analytics read side, for the REST API and the dashboard alike: logs, stats, costs, time series,
 * exports with their audit trail, and purges. Every method takes the {@link Caller} and applies the one
 * access rule: a user sees only their own requests (naming another user is refused), an admin sees all.
 * Thread-safe.
 */
public final class AnalyticsQueries {
  /** The range of stats, costs and time series when the caller gives no start. */
  public static final Duration DEFAULT_RANGE = Duration.ofHours(24);

  /** The most points a time series may have per series. */
  public static final int MAX_POINTS = 1_500;

  /** The most groups a breakdown may list (the rest are summed into its {@code other}). */
  public static final int MAX_GROUPS = 1_000;

  /** The teams a user administers: whose data a team admin may read besides their own. */
  @FunctionalInterface
  public interface TeamAdmins {
    /** Gateways without teams. */
    TeamAdmins NONE = userId -> Set.of();

    Set<String> teamsAdministeredBy(String userId);
  }

  private final Store store;
  private final Clock clock;
  private final LogQueries logs;
  private final ExportAudit audit;
  private final RetentionPurger purger;
  private final TeamAdmins teamAdmins;

  public AnalyticsQueries(Store store, Clock clock, RetentionPurger purger) {
    this(store, clock, purger, TeamAdmins.NONE);
  }

  public AnalyticsQueries(Store store, Clock clock, RetentionPurger purger, TeamAdmins teamAdmins) {
    this.teamAdmins = Objects.requireNonNull(teamAdmins, "teamAdmins");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.logs = new LogQueries(store);
    this.audit = new ExportAudit(store, clock);
    this.purger = Objects.requireNonNull(purger, "purger");
  }

  /** A page of logs, newest first, and how many the filter matches in all. */
  public record LogPage(
      List<RequestLog> logs, long total, int limit, int offset, LogCursor nextCursor) {}

  public LogPage logs(Caller caller, LogFilter filter, int limit, int offset, LogCursor cursor) {
    LogFilter scoped = scope(caller, filter);
    // One more than asked tells whether another page follows, without a second query.
    List<RequestLog> rows = logs.page(scoped, limit + 1, offset, cursor);
    List<RequestLog> page = rows.size() > limit ? rows.subList(0, limit) : rows;
    LogCursor next = rows.size() > limit ? LogCursor.after(page.get(page.size() - 1)) : null;
    return new LogPage(List.copyOf(page), logs.count(scoped), limit, offset, next);
  }

  /** The order of {@link #logRows}: by time, ties broken by id. */
  public enum LogOrder {
    NEWEST_FIRST,
    OLDEST_FIRST
  }

  /**
   * A page of logs by offset alone, without their total (the dashboard's table counts with {@link #logCount}
   * once per load). Both orders range-scan the time index.
   */
  public List<RequestLog> logRows(
      Caller caller, LogFilter filter, LogOrder order, int limit, int offset) {
    LogFilter scoped = scope(caller, filter);
    return List.copyOf(
        order == LogOrder.OLDEST_FIRST
            ? logs.pageOldestFirst(scoped, limit, offset)
            : logs.page(scoped, limit, offset, null));
  }

  /** How many logs the filter matches, as {@link #logs} reports it in {@code total}. */
  public long logCount(Caller caller, LogFilter filter) {
    return logs.count(scope(caller, filter));
  }

  /**
   * One log; NotFoundException when there is none or the caller may not see it (another user's, outside the teams
   * the caller administers: not told apart).
   */
  public RequestLog log(Caller caller, String id) {
    return logs.find(id)
        .filter(
            row ->
                caller.isAdmin()
                    || caller.userId().equals(row.userId())
                    || row.attribution().teamId() != null
                        && teamAdmins
                            .teamsAdministeredBy(caller.userId())
                            .contains(row.attribution().teamId()))
        .orElseThrow(() -> new NotFoundException("request log", id));
  }

  public UsageStats stats(Caller caller, LogFilter filter) {
    LogFilter scoped = withDefaultRange(scope(caller, filter));
    return UsageStats.of(
        aggregate(scoped, null, EnumSet.copyOf(Dimension.ROLLED_UP)), range(scoped));
  }

  public CostSummary costs(Caller caller, LogFilter filter) {
    LogFilter scoped = withDefaultRange(scope(caller, filter));
    return CostSummary.of(
        aggregate(scoped, null, EnumSet.copyOf(Dimension.ROLLED_UP)), range(scoped));
  }

  /**
   * Every number of the filter's requests per value of {@code groupBy}, the {@code limit} costliest groups first.
   *
   * @throws InvalidInputException when {@code limit} is not in 1 … {@link #MAX_GROUPS}
   */
  public UsageBreakdown breakdown(Caller caller, LogFilter filter, Dimension groupBy, int limit) {
    if (limit < 1 || limit > MAX_GROUPS) {
      throw InvalidInputException.of("limit", "must be 1 to " + MAX_GROUPS + "; got " + limit);
    }
    LogFilter scoped = withDefaultRange(scope(caller, filter));
    Objects.requireNonNull(groupBy, "groupBy");
    if (RankedBreakdown.applies(scoped, groupBy)) {
      RankedBreakdown.Result ranked =
          store.read(
              handle ->
                  RankedBreakdown.rank(
                      handle,
                      scoped,
                      scoped.start().toEpochMilli(),
                      scoped.end().toEpochMilli(),
                      groupBy,
                      limit));
      return UsageBreakdown.ofChosen(
          ranked.top(), ranked.rest(), groupBy, ranked.total(), range(scoped));
    }
    List<Rollup> rows = aggregate(scoped, null, EnumSet.of(groupBy));
    // By tag, a request with several tags is in several groups: the total counts it once.
    Rollup total =
        Breakdowns.total(groupBy == Dimension.TAG ? aggregate(scoped, null, Set.of()) : rows);
    return UsageBreakdown.of(rows, groupBy, limit, total, range(scoped));
  }

  /**
   * A metric per time bucket, grouped by one dimension or not.
   *
   * @param bucket null to choose by the range's length ({@link TimeBucket#auto})
   * @throws InvalidInputException when the bucket would make more than {@link #MAX_POINTS} points
   */
  public TimeSeries timeseries(
      Caller caller,
      LogFilter filter,
      TimeBucket bucket,
      Dimension groupBy,
      TimeSeriesMetric metric) {
    return timeseries(
            caller, filter, bucket, groupBy, List.of(Objects.requireNonNull(metric, "metric")))
        .get(0);
  }

  /** One time series per metric, in their order, all from one read of the rows (a chart of several metrics). */
  public List<TimeSeries> timeseries(
      Caller caller,
      LogFilter filter,
      TimeBucket bucket,
      Dimension groupBy,
      List<TimeSeriesMetric> metrics) {
    LogFilter scoped = withDefaultRange(scope(caller, filter));
    TimeBucket chosen = bucket == null ? TimeBucket.auto(scoped.start(), scoped.end()) : bucket;
    long points = TimeSeries.bucketCount(chosen, scoped.start(), scoped.end());
    if (points > MAX_POINTS) {
      throw InvalidInputException.of(
          "bucket",
          "'"
              + chosen.id()
              + "' makes "
              + points
              + " points over this range; "
              + "at most "
              + MAX_POINTS
              + ": choose a wider bucket or a shorter range");
    }
    Set<Dimension> groups = groupBy == null ? Set.of() : EnumSet.of(groupBy);
    List<Rollup> rows = aggregate(scoped, chosen, groups);
    return metrics.stream()
        .map(metric -> TimeSeries.of(rows, chosen, metric, groupBy, scoped.start(), scoped.end()))
        .toList();
  }

  /**
   * Streams every log of the filter to {@code out} in {@code format} and records the export in the audit
   * trail, also when it fails half way.
   *
   * @param filterText the filter as the caller wrote it, for the audit trail
   */
  public ExportRecord export(
      Caller caller, LogFilter filter, ExportFormat format, Writer out, String filterText) {
    LogFilter scoped = scope(caller, filter);
    return audit.record(
        caller,
        "logs",
        format.name().toLowerCase(Locale.ROOT),
        filterText,
        rows -> {
          try (ExportWriter writer = ExportWriter.of(format, out)) {
            writer.begin();
            logs.stream(
                scoped,
                format.hasBodies(),
                row -> {
                  writer.write(row);
                  rows.incrementAndGet();
                });
            writer.end();
          }
        });
  }

  /** Writes the stats of the filter (default: the last 24 hours) as JSON or CSV, recorded in the audit trail. */
  public ExportRecord exportStats(
      Caller caller, LogFilter filter, boolean csv, Writer out, String filterText) {
    UsageStats stats = stats(caller, filter);
    return audit.record(
        caller,
        "stats",
        csv ? "csv" : "json",
        filterText,
        rows -> {
          Instant now = clock.instant();
          if (csv) {
            StatsExportWriter.writeCsv(stats, now, out);
          } else {
            StatsExportWriter.writeJson(stats, now, out);
          }
          rows.set(1);
        });
  }

  /**
   * The successful logs of the filter whose request and response bodies were both kept, oldest first, at most
   * {@code limit}, handed to {@code sink} as they are read (cache warming replays them). Admins only.
   *
   * @return how many were handed over
   */
  public long replayable(
      Caller caller, LogFilter filter, int limit, java.util.function.Consumer<RequestLog> sink) {
    requireAdmin(caller, "replay logged requests");
    return logs.streamKeptBodies(filter, limit, sink);
  }

  /** The export audit trail, newest first. Admins only. */
  public List<ExportRecord> exports(Caller caller, int limit, int offset) {
    requireAdmin(caller, "see the export audit trail");
    return audit.list(limit, offset);
  }

  public long exportCount(Caller caller) {
    requireAdmin(caller, "see the export audit trail");
    return audit.count();
  }

  /** Deletes every request log older than {@code before} (rollups stay, as with retention). Admins only. */
  public long purge(Caller caller, Instant before) {
    requireAdmin(caller, "purge request logs");
    return purger.purgeLogsBefore(before).logs();
  }

  private List<Rollup> aggregate(LogFilter filter, TimeBucket bucket, Set<Dimension> groupBy) {
    return store.read(
        handle ->
            UsageAggregator.aggregate(
                handle,
                filter,
                filter.start().toEpochMilli(),
                filter.end().toEpochMilli(),
                bucket,
                groupBy));
  }

  private LogFilter withDefaultRange(LogFilter filter) {
    Instant end =
        filter.end() != null ? filter.end() : clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant start = filter.start() != null ? filter.start() : end.minus(DEFAULT_RANGE);
    if (start.isAfter(end)) {
      throw InvalidInputException.of("start_time", "must not be after end_time (" + end + ")");
    }
    return filter.withRange(start, end);
  }

  private static UsageStats.TimeRange range(LogFilter filter) {
    return new UsageStats.TimeRange(filter.start(), filter.end());
  }

  /**
   * The filter narrowed to what the caller may see: an admin everything; a team admin whose filter names a team
   * they administer, that team's requests (of any member); anyone else their own requests.
   */
  LogFilter scope(Caller caller, LogFilter filter) {
    if (caller.isAdmin()) {
      return filter;
    }
    String team = filter.valueOf(Dimension.TEAM);
    if (team != null && teamAdmins.teamsAdministeredBy(caller.userId()).contains(team)) {
      return filter;
    }
    if (filter.userId() != null && !filter.isForUser(caller.userId())) {
      throw new AccessDeniedException(
          "Only an admin (or the admin of a team, with team_id) may see another user's "
              + "analytics; leave out user_id.");
    }
    return filter.withUser(caller.userId());
  }

  private static void requireAdmin(Caller caller, String what) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may " + what + ".");
    }
  }
}
