package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loom.analytics.PromptCacheSummary;
import loom.analytics.RequestLog;
import loom.analytics.UsageBreakdown;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import org.junit.jupiter.api.Test;

class SessionsPageTest {
  @Test
  void aSessionRowShowsItsCostToolAndFirstAndLastCall() {
    SessionRow row =
        SessionRow.of(
            group("sess-1", "2.5", 12),
            call("2026-01-21T09:00:00Z", "claude-code"),
            call("2026-01-21T09:45:30Z", "claude-code"));

    assertThat(row)
        .isEqualTo(
            new SessionRow(
                "sess-1",
                "$2.50",
                "12",
                "1,200",
                "$0.30",
                "claude-code",
                "2026-01-21 09:00:00",
                "2026-01-21 09:45:30"));
    assertThat(SessionRow.of(group("sess-2", "0", 1), null, null))
        .extracting(SessionRow::clientTool, SessionRow::first, SessionRow::last)
        .containsExactly("–", "–", "–");
  }

  @Test
  void theSessionsLeftOutAreSummedExactlyOrAsAnUpperBoundWhenOtherMayHoldCallsWithoutASession() {
    assertThat(SessionsPage.others(List.of(), null)).isNull();
    assertThat(SessionsPage.others(List.of(group("s26", "1", 3)), null))
        .isEqualTo("$1.00 in 3 more requests of other sessions");
    assertThat(SessionsPage.others(List.of(group("s26", "1", 3)), group("(other)", "0.5", 2)))
        .isEqualTo("at most $1.50 in 5 more requests of other sessions");
  }

  @Test
  void aLinkFromTheSessionsPagePresetsTheSessionAndTeamAndShowsTheCallsOldestFirst() {
    AttributionSearch search = new AttributionSearch();
    Map<String, String> parameters =
        new HashMap<>(Map.of("session", "sess-1", "team", "team_red", "order", "oldest"));

    assertThat(LinkTo.fromRequest(parameters, search)).isTrue();
    assertThat(search.getSessionId()).isEqualTo("sess-1");
    assertThat(search.getTeamId()).isEqualTo("team_red");

    AttributionSearch plain = new AttributionSearch();
    assertThat(LinkTo.fromRequest(Map.of(), plain)).isFalse();
    assertThat(plain.isFiltered()).isFalse();
    parameters.put("session", "x".repeat(AttributionSearch.MAX_TEXT + 1));
    AttributionSearch tooLong = new AttributionSearch();
    LinkTo.fromRequest(parameters, tooLong);
    assertThat(tooLong.getSessionId()).as("longer than the form takes: ignored").isEmpty();
  }

  private static UsageBreakdown.Group group(String key, String cost, long requests) {
    return new UsageBreakdown.Group(
        key,
        requests,
        0,
        0,
        1_000,
        200,
        1_200,
        new BigDecimal(cost),
        BigDecimal.ZERO,
        0,
        300,
        600,
        new PromptCacheSummary(new BigDecimal("0.3"), 0.5, 500, 100, 0));
  }

  private static RequestLog call(String at, String tool) {
    RequestLog plain =
        new RequestLog(
            "log_" + at,
            "req_" + at,
            Instant.parse(at),
            "usr_ada",
            "key_1",
            null,
            "POST",
            "/v1/messages",
            null,
            "anthropic",
            "claude-sonnet-4-5",
            10,
            5,
            15,
            0,
            0,
            0,
            0,
            100,
            null,
            200,
            BigDecimal.ONE,
            BigDecimal.ZERO,
            null,
            CacheStatus.MISS,
            false,
            null,
            null,
            null,
            null);
    return new RequestLog(
        plain.id(),
        plain.requestId(),
        plain.timestamp(),
        plain.userId(),
        plain.apiKeyId(),
        null,
        plain.method(),
        plain.path(),
        null,
        plain.providerId(),
        plain.modelName(),
        10,
        5,
        15,
        0,
        0,
        0,
        0,
        100,
        null,
        200,
        BigDecimal.ONE,
        BigDecimal.ZERO,
        null,
        CacheStatus.MISS,
        false,
        null,
        null,
        null,
        null,
        null,
        new Attribution(null, "sess-1", tool, List.of()),
        BigDecimal.ZERO);
  }
}
