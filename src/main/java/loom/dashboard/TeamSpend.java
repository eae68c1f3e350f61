package loom.dashboard;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import loom.analytics.AnalyticsQueries;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.auth.Caller;

/**
 * What a team's keys cost today and this month so far (UTC days and months), summed by the analytics service from
 * the calls attributed to the team, so an admin and the team's admins see the same figures.
 *
 * @param day today in UTC ({@code 2026-01-21})
 * @param month this month in UTC ({@code 2026-01})
 */
record TeamSpend(String day, String month, BigDecimal today, BigDecimal monthToDate) {
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM", Locale.US);

  /** @throws loom.support.AccessDeniedException never for an admin or the team's admin (the service's rule) */
  static TeamSpend of(AnalyticsQueries analytics, Caller caller, String teamId, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant monthStart = date.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    LogFilter team = LogFilter.ALL.with(Dimension.TEAM, teamId);
    BigDecimal today = analytics.costs(caller, team.withRange(dayStart, now)).totalCostUsd();
    BigDecimal month = analytics.costs(caller, team.withRange(monthStart, now)).totalCostUsd();
    return new TeamSpend(date.toString(), MONTH.format(date), today, month);
  }
}
