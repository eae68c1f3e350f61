package loom.bench;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import loom.analytics.AnalyticsQueries;
import loom.analytics.AnalyticsQueries.LogOrder;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.RetentionPurger;
import loom.auth.Caller;
import loom.auth.Role;
import loom.store.Store;

/**
 * The analytics calls of {@link AnalyticsQueryBench} that read the attribution (team, key, tag, session, client
 * tool, end user) over 30 days: stats filtered by one value, breakdowns by each dimension for an admin and for the
 * admin of one team, log pages of one session and one tag, and one session's calls oldest first. Each filter takes
 * the busiest value of its dimension in the store (found once, untimed), the worst case of a single value.
 */
final class AttributionCalls {
  private static final Caller ADMIN = new Caller("usr_bench", "bench", Role.ADMIN, null);
  private static final Caller TEAM_ADMIN =
      new Caller("usr_bench_team", "team bench", Role.USER, null);

  /** The breakdown's group limit: a page of a dashboard table. */
  private static final int GROUPS = 100;

  private AttributionCalls() {}

  /** The calls by name, in the order they are timed; the busiest values are printed first. */
  static Map<String, Supplier<Object>> of(
      Store store, AnalyticsQueries admin, Clock clock, RetentionPurger purger, LogFilter month) {
    String team = busiestTeam(store);
    String key = busiest(store, "SELECT api_key_id FROM request_logs WHERE api_key_id IS NOT NULL");
    String tag = busiest(store, "SELECT tag FROM request_log_tags");
    String session =
        busiest(store, "SELECT session_id FROM request_logs WHERE session_id IS NOT NULL");
    String tool =
        busiest(store, "SELECT client_tool FROM request_logs WHERE client_tool IS NOT NULL");
    System.out.printf(
        "busiest: team %s, key %s, tag %s, session %s, client tool %s%n",
        team, key, tag, session, tool);
    AnalyticsQueries teamAdmin =
        new AnalyticsQueries(
            store,
            clock,
            purger,
            userId -> userId.equals(TEAM_ADMIN.userId()) ? Set.of(team) : Set.of());
    LogFilter ofTeam = month.with(Dimension.TEAM, team);
    Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
    calls.put("stats, 30 days, team=" + team, () -> admin.stats(ADMIN, ofTeam));
    calls.put(
        "stats, 30 days, key=" + key, () -> admin.stats(ADMIN, month.with(Dimension.KEY, key)));
    calls.put(
        "stats, 30 days, tag=" + tag, () -> admin.stats(ADMIN, month.with(Dimension.TAG, tag)));
    calls.put(
        "stats, 30 days, session=" + session,
        () -> admin.stats(ADMIN, month.with(Dimension.SESSION, session)));
    calls.put(
        "stats, 30 days, client_tool=" + tool,
        () -> admin.stats(ADMIN, month.with(Dimension.CLIENT_TOOL, tool)));
    for (Dimension dimension :
        new Dimension[] {
          Dimension.TEAM,
          Dimension.KEY,
          Dimension.TAG,
          Dimension.SESSION,
          Dimension.CLIENT_TOOL,
          Dimension.END_USER
        }) {
      calls.put(
          "breakdown, 30 days, by " + dimension.id(),
          () -> admin.breakdown(ADMIN, month, dimension, GROUPS));
    }
    for (Dimension dimension :
        new Dimension[] {
          Dimension.KEY,
          Dimension.TAG,
          Dimension.SESSION,
          Dimension.CLIENT_TOOL,
          Dimension.END_USER,
          Dimension.USER
        }) {
      calls.put(
          "breakdown, 30 days, team admin, by " + dimension.id(),
          () -> teamAdmin.breakdown(TEAM_ADMIN, ofTeam, dimension, GROUPS));
    }
    calls.put(
        "logs, page of 100, session=" + session,
        () -> admin.logs(ADMIN, LogFilter.ALL.with(Dimension.SESSION, session), 100, 0, null));
    calls.put(
        "logs, page of 100, tag=" + tag,
        () -> admin.logs(ADMIN, LogFilter.ALL.with(Dimension.TAG, tag), 100, 0, null));
    calls.put(
        "session view (oldest first, 500)",
        () ->
            admin.logRows(
                ADMIN,
                LogFilter.ALL.with(Dimension.SESSION, session),
                LogOrder.OLDEST_FIRST,
                500,
                0));
    return calls;
  }

  /** The team with the most logged calls. */
  static String busiestTeam(Store store) {
    return busiest(store, "SELECT team_id FROM request_logs WHERE team_id IS NOT NULL");
  }

  private static String busiest(Store store, String values) {
    return store.read(
        handle ->
            handle
                .createQuery(
                    "SELECT v FROM ("
                        + values.replaceFirst("SELECT (\\w+)", "SELECT $1 AS v")
                        + ") t GROUP BY v ORDER BY COUNT(*) DESC, v LIMIT 1")
                .mapTo(String.class)
                .one());
  }
}
