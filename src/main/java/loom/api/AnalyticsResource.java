package loom.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import loom.analytics.AnalyticsQueries;
import loom.analytics.CostSummary;
import loom.analytics.Dimension;
import loom.analytics.ExportFormat;
import loom.analytics.LogCursor;
import loom.analytics.LogFilter;
import loom.analytics.MonthProjection;
import loom.analytics.RequestLog;
import loom.analytics.TimeBucket;
import loom.analytics.TimeSeries;
import loom.analytics.TimeSeriesMetric;
import loom.analytics.TrendPeriod;
import loom.analytics.TrendQueries;
import loom.analytics.UsageBreakdown;
import loom.analytics.UsageStats;
import loom.analytics.UsageTrends;
import loom.auth.Caller;
import loom.support.InvalidInputException;

/**
 * {@code /analytics}: logs, stats, costs, time series and exports for the caller (a user sees only their own
 * requests, an admin everyone's), the export audit trail and purges for admins. Parameters are checked by
 * {@link AnalyticsParams}; calls are rate limited per user. Thin: each call is one service call.
 */
@Path("/analytics")
@Produces(MediaType.APPLICATION_JSON)
public final class AnalyticsResource {
  private static final int EXPORT_BUFFER = 64 * 1024;

  private final AnalyticsQueries analytics;
  private final TrendQueries trends;
  private final AnalyticsLimits limits;
  private final Clock clock;

  @Inject
  public AnalyticsResource(
      AnalyticsQueries analytics, TrendQueries trends, AnalyticsLimits limits, Clock clock) {
    this.analytics = analytics;
    this.trends = trends;
    this.limits = limits;
    this.clock = clock;
  }

  @GET
  @Path("logs")
  public Dtos.LogList logs(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = query(request);
    AnalyticsParams params =
        AnalyticsParams.of(uri.getQueryParameters(), "limit", "offset", "cursor");
    LogFilter filter = params.filter();
    LogCursor cursor = params.parsed("cursor", LogCursor::parse);
    if (params.text("cursor") != null && params.text("offset") != null) {
      params.reject("cursor", "cannot be combined with offset: page by one or the other");
    }
    Page page;
    try {
      page = Page.of(params.text("limit"), params.text("offset"));
    } catch (InvalidInputException e) {
      e.errors().forEach(error -> params.reject(error.param(), error.message()));
      page = null;
    }
    params.check();
    AnalyticsQueries.LogPage logs =
        analytics.logs(caller, filter, page.limit(), page.offset(), cursor);
    return new Dtos.LogList(
        logs.logs(),
        logs.total(),
        logs.limit(),
        logs.offset(),
        logs.nextCursor() == null ? null : logs.nextCursor().token());
  }

  @GET
  @Path("logs/{id}")
  public RequestLog log(@Context HttpServletRequest request, @PathParam("id") String id) {
    return analytics.log(query(request), id);
  }

  @GET
  @Path("stats")
  public UsageStats stats(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = query(request);
    return analytics.stats(caller, filterOnly(uri));
  }

  @GET
  @Path("costs")
  public CostSummary costs(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = query(request);
    return analytics.costs(caller, filterOnly(uri));
  }

  /** How many groups a breakdown lists when the caller names no limit. */
  static final int DEFAULT_GROUPS = 50;

  private static int groupLimit(String value) {
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= AnalyticsQueries.MAX_GROUPS) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Answered below, with the rule.
    }
    throw new IllegalArgumentException(
        "must be a whole number from 1 to "
            + AnalyticsQueries.MAX_GROUPS
            + "; got '"
            + value
            + "'");
  }

  @GET
  @Path("breakdown")
  public UsageBreakdown breakdown(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = query(request);
    AnalyticsParams params = AnalyticsParams.of(uri.getQueryParameters(), "group_by", "limit");
    LogFilter filter = params.filter();
    Dimension dimension = params.parsed("group_by", Dimension::parse);
    if (params.text("group_by") == null) {
      params.reject(
          "group_by", "is required: the dimension to break down by (user, team, session, …)");
    }
    Integer limit = params.parsed("limit", value -> groupLimit(value));
    params.check();
    return analytics.breakdown(caller, filter, dimension, limit == null ? DEFAULT_GROUPS : limit);
  }

  @GET
  @Path("timeseries")
  public TimeSeries timeseries(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = query(request);
    AnalyticsParams params =
        AnalyticsParams.of(uri.getQueryParameters(), "bucket", "group_by", "metric");
    LogFilter filter = params.filter();
    TimeBucket bucket = params.parsed("bucket", TimeBucket::parse);
    String groupBy = params.text("group_by");
    Dimension dimension =
        groupBy == null || groupBy.equalsIgnoreCase("none")
            ? null
            : params.parsed("group_by", value -> Dimension.parse(value));
    TimeSeriesMetric metric = params.parsed("metric", TimeSeriesMetric::parse);
    params.check();
    return analytics.timeseries(
        caller, filter, bucket, dimension, metric == null ? TimeSeriesMetric.REQUESTS : metric);
  }

  /** How many values each list of movers has when the caller names no number. */
  static final int DEFAULT_MOVERS = 5;

  @GET
  @Path("trends")
  public UsageTrends trends(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = query(request);
    AnalyticsParams params =
        AnalyticsParams.of(uri.getQueryParameters(), "group_by", "period", "limit", "movers");
    LogFilter filter = params.filter();
    noStart(
        params,
        "the period decides where the compared ranges start (end_time, or now, is where they end)");
    Dimension dimension = params.parsed("group_by", Dimension::parse);
    if (params.text("group_by") == null) {
      params.reject(
          "group_by", "is required: the dimension whose values to compare (model, user, team, …)");
    }
    TrendPeriod period = params.parsed("period", TrendPeriod::parse);
    Integer limit = params.parsed("limit", value -> groupLimit(value));
    Integer movers = params.parsed("movers", value -> moverCount(value));
    params.check();
    return trends.trends(
        caller,
        filter,
        dimension,
        period == null ? TrendPeriod.WEEK : period,
        limit == null ? DEFAULT_GROUPS : limit,
        movers == null ? DEFAULT_MOVERS : movers);
  }

  @GET
  @Path("projection")
  public MonthProjection projection(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = query(request);
    AnalyticsParams params = AnalyticsParams.of(uri.getQueryParameters());
    LogFilter filter = params.filter();
    noStart(params, "the projection covers the month of end_time (or of now) up to it");
    params.check();
    return trends.projection(caller, filter);
  }

  /** Refuses a start_time where the endpoint decides the start itself, rather than ignoring it. */
  private static void noStart(AnalyticsParams params, String why) {
    if (params.text("start_time") != null) {
      params.reject("start_time", "is not taken here: " + why);
    }
  }

  private static int moverCount(String value) {
    try {
      int count = Integer.parseInt(value);
      if (count >= 1 && count <= TrendQueries.MAX_MOVERS) {
        return count;
      }
    } catch (NumberFormatException e) {
      // Answered below, with the rule.
    }
    throw new IllegalArgumentException(
        "must be a whole number from 1 to " + TrendQueries.MAX_MOVERS + "; got '" + value + "'");
  }

  @GET
  @Path("export")
  public Response export(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = export(request);
    AnalyticsParams params = AnalyticsParams.of(uri.getQueryParameters(), "format");
    LogFilter filter = params.filter();
    ExportFormat format = params.parsed("format", ExportFormat::parse);
    if (params.text("format") == null) {
      params.reject("format", "is required: csv, json, ndjson or focus");
    }
    params.check();
    return download(
        out -> analytics.export(caller, filter, format, out, params.describe()),
        format.contentType(),
        format.filename(today()));
  }

  @GET
  @Path("export-stats")
  public Response exportStats(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = export(request);
    AnalyticsParams params = AnalyticsParams.of(uri.getQueryParameters(), "format");
    LogFilter filter = params.filter();
    String format = params.text("format");
    if (format == null || !(format.equalsIgnoreCase("csv") || format.equalsIgnoreCase("json"))) {
      params.reject(
          "format",
          format == null
              ? "is required: csv or json"
              : "must be csv or json; got '" + format + "'");
    }
    params.check();
    boolean csv = format.equalsIgnoreCase("csv");
    return download(
        out -> analytics.exportStats(caller, filter, csv, out, params.describe()),
        csv ? "text/csv; charset=utf-8" : MediaType.APPLICATION_JSON,
        "loom-stats-" + today() + (csv ? ".csv" : ".json"));
  }

  @GET
  @Path("exports")
  public Dtos.ExportList exports(@Context HttpServletRequest request, @Context UriInfo uri) {
    Caller caller = query(request);
    AnalyticsParams params = AnalyticsParams.only(uri.getQueryParameters(), "limit", "offset");
    params.check();
    Page page = Page.of(params.text("limit"), params.text("offset"));
    return new Dtos.ExportList(
        analytics.exports(caller, page.limit(), page.offset()),
        analytics.exportCount(caller),
        page.limit(),
        page.offset());
  }

  @POST
  @Path("purge")
  @Consumes(MediaType.APPLICATION_JSON)
  public Dtos.PurgeView purge(@Context HttpServletRequest request, Dtos.PurgeRequest body) {
    Dtos.PurgeRequest purge = Dtos.required(body);
    if (purge.before() == null) {
      throw InvalidInputException.of("before", "is required (RFC 3339, e.g. 2026-01-01T00:00:00Z)");
    }
    return new Dtos.PurgeView(analytics.purge(Caller.of(request), purge.before()));
  }

  private Caller query(HttpServletRequest request) {
    Caller caller = Caller.of(request);
    limits.queries().acquire(caller.userId());
    return caller;
  }

  private Caller export(HttpServletRequest request) {
    Caller caller = Caller.of(request);
    limits.exports().acquire(caller.userId());
    return caller;
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** The filter of an endpoint that takes nothing else. */
  private static LogFilter filterOnly(UriInfo uri) {
    AnalyticsParams params = AnalyticsParams.of(uri.getQueryParameters());
    LogFilter filter = params.filter();
    params.check();
    return filter;
  }

  /** A download written by {@code export} into a buffered UTF-8 writer as the client reads it. */
  private static Response download(Consumer<Writer> export, String contentType, String filename) {
    StreamingOutput body =
        output -> {
          Writer out =
              new BufferedWriter(
                  new OutputStreamWriter(output, StandardCharsets.UTF_8), EXPORT_BUFFER);
          export.accept(out);
          out.flush();
        };
    return Response.ok(body, contentType)
        .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
        .header("Cache-Control", "no-store")
        .build();
  }
}
