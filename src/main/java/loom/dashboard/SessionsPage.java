package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import loom.analytics.AnalyticsQueries;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.analytics.UsageBreakdown;
import loom.auth.Caller;
import loom.support.Usd;

/**
 * {@code dashboard/sessions.xhtml}: the costliest agent sessions of the range (a breakdown by session), each with its
 * cost, requests, client tool and first and last call, and a link that opens its calls on the Logs page in the order
 * they were made ({@link LinkTo}). Each caller sees what the analytics service lets them: their own sessions, a team
 * admin (filtering by their team) the team's, an admin everyone's.
 */
@Named
@ViewScoped
public class SessionsPage implements Serializable {
  /** The most sessions listed (each costs two indexed reads for its first and last call). */
  static final int SESSIONS = 25;

  private static final long serialVersionUID = 1L;

  @Inject Services services;
  @Inject CurrentUser currentUser;
  @Inject TimeRange timeRange;

  private final AttributionSearch search = new AttributionSearch();
  private TeamNames teamNames;
  private boolean admin;
  private List<SessionRow> sessions = List.of();
  private String others;

  @PostConstruct
  void load() {
    Caller caller = currentUser.caller();
    admin = caller.isAdmin();
    teamNames = TeamNames.of(services.teams(), caller);
    refresh();
  }

  /** Applies the filters (a full post, like the Costs page's). */
  public void apply() {
    refresh();
  }

  private void refresh() {
    Caller caller = currentUser.caller();
    Window window = timeRange.window(Clock.systemUTC());
    LogFilter filter = search.applyTo(LogFilter.ALL.withRange(window.start(), window.end()));
    AnalyticsQueries analytics = services.analytics();
    // One more than listed: the calls without a session come back as a group of their own, which is
    // no session.
    UsageBreakdown breakdown = analytics.breakdown(caller, filter, Dimension.SESSION, SESSIONS + 1);
    List<UsageBreakdown.Group> named =
        breakdown.groups().stream()
            .filter(group -> !BreakdownRow.NONE.equals(group.key()))
            .toList();
    sessions =
        named.stream()
            .limit(SESSIONS)
            .map(group -> SessionRow.of(group, analytics, caller, filter))
            .toList();
    others = others(named.stream().skip(SESSIONS).toList(), breakdown.other());
  }

  /** What the sessions left out cost ("$1.20 in 14 more requests"), or null when none are. */
  static String others(List<UsageBreakdown.Group> notListed, UsageBreakdown.Group other) {
    BigDecimal cost = BigDecimal.ZERO;
    long requests = 0;
    for (UsageBreakdown.Group group : notListed) {
      cost = cost.add(group.costUsd());
      requests += group.requests();
    }
    // "other" sums every group past the limit, which may include the calls without a session: "at
    // most".
    if (other != null) {
      cost = cost.add(other.costUsd());
      requests += other.requests();
    }
    if (requests == 0) {
      return null;
    }
    return (other == null ? "" : "at most ")
        + Usd.format(cost)
        + " in "
        + Formats.count(requests)
        + " more requests of other sessions";
  }

  public boolean isAdmin() {
    return admin;
  }

  public AttributionSearch getSearch() {
    return search;
  }

  public List<Choice> getTeams() {
    return teamNames.options();
  }

  public List<SessionRow> getSessions() {
    return sessions;
  }

  /** What the sessions past the list cost, or null when none are left out. */
  public String getOthers() {
    return others;
  }

  /** The team filter, passed on to the Logs page with a session, so a team admin sees the team's calls there too. */
  public String getTeamId() {
    return search.getTeamId() == null ? "" : search.getTeamId().strip();
  }
}
