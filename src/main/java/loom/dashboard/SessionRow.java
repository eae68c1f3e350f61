package loom.dashboard;

import java.io.Serializable;
import java.util.List;
import loom.analytics.AnalyticsQueries;
import loom.analytics.AnalyticsQueries.LogOrder;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.RequestLog;
import loom.analytics.UsageBreakdown;
import loom.auth.Caller;
import loom.support.Usd;

/**
 * A session on the Sessions page: its id, cost, requests and tokens in the range, the client tool of its first call,
 * and the times of its first and last call (UTC). Read in EL as {@code #{row.session()}}; the id is what a client
 * sent, written as escaped text only.
 */
public record SessionRow(
    String session,
    String cost,
    String requests,
    String tokens,
    String promptCacheSaved,
    String clientTool,
    String first,
    String last)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The row of a breakdown group, with the first and last call of the session within {@code filter} (two reads of
   * one call each, by the session index).
   */
  static SessionRow of(
      UsageBreakdown.Group group, AnalyticsQueries analytics, Caller caller, LogFilter filter) {
    LogFilter session = filter.with(Dimension.SESSION, group.key());
    List<RequestLog> first = analytics.logRows(caller, session, LogOrder.OLDEST_FIRST, 1, 0);
    List<RequestLog> last = analytics.logRows(caller, session, LogOrder.NEWEST_FIRST, 1, 0);
    return of(group, first.isEmpty() ? null : first.get(0), last.isEmpty() ? null : last.get(0));
  }

  /** @param first the session's first call, null when not known (same for {@code last}) */
  static SessionRow of(UsageBreakdown.Group group, RequestLog first, RequestLog last) {
    String tool =
        first == null || first.attribution().clientTool() == null
            ? LogLine.MISSING
            : first.attribution().clientTool();
    return new SessionRow(
        group.key(),
        Usd.format(group.costUsd()),
        Formats.count(group.requests()),
        Formats.count(group.totalTokens()),
        Usd.format(group.promptCache().savedUsd()),
        tool,
        first == null ? LogLine.MISSING : LogLine.TIME.format(first.timestamp()),
        last == null ? LogLine.MISSING : LogLine.TIME.format(last.timestamp()));
  }
}
