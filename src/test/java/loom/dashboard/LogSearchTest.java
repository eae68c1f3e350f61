package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;
import loom.proxy.CacheStatus;
import org.junit.jupiter.api.Test;

class LogSearchTest {
  private static final Window WINDOW =
      new Window(
          Instant.parse("2026-01-20T12:00:00Z"),
          Instant.parse("2026-01-21T12:00:00Z"),
          "last 24 hours");

  @Test
  void anEmptyFormFiltersByTheTimeRangeOnly() {
    LogSearch search = new LogSearch();

    assertThat(search.toFilter(WINDOW, true))
        .isEqualTo(LogFilter.ALL.withRange(WINDOW.start(), WINDOW.end()));
    assertThat(search.isFiltered()).isFalse();
  }

  @Test
  void everyFieldOfTheFormBecomesItsPartOfTheFilter() {
    LogSearch search = filled();

    assertThat(search.toFilter(WINDOW, true))
        .isEqualTo(
            new LogFilter(
                WINDOW.start(),
                WINDOW.end(),
                "usr_ada",
                "openai",
                "gpt-4o",
                "messages",
                LogFilter.Outcome.ERROR,
                CacheStatus.MISS,
                "time out"));
    assertThat(search.isFiltered()).isTrue();
    search.setStatus("success");
    search.setCacheStatus("HIT");
    assertThat(search.toFilter(WINDOW, true).outcome()).isEqualTo(LogFilter.Outcome.SUCCESS);
    assertThat(search.toFilter(WINDOW, true).cacheStatus()).isEqualTo(CacheStatus.HIT);
  }

  @Test
  void aUserWhoIsNotAnAdminNeverFiltersByAnotherUser() {
    assertThat(filled().toFilter(WINDOW, false).userId()).isNull();
  }

  @Test
  void anEndpointAloneFiltersTheLogs() {
    LogSearch search = new LogSearch();
    search.setEndpoint("responses.retrieve");

    assertThat(search.isFiltered()).isTrue();
    assertThat(search.toFilter(WINDOW, false))
        .isEqualTo(
            LogFilter.ALL
                .withRange(WINDOW.start(), WINDOW.end())
                .withEndpoint("responses.retrieve"));
  }

  @Test
  void blankTextIsNoSearch() {
    LogSearch search = new LogSearch();
    search.setText("   ");
    search.setProviderId(" ");

    assertThat(search.toFilter(WINDOW, true).search()).isNull();
    assertThat(search.toFilter(WINDOW, true).providerId()).isNull();
  }

  @Test
  void theAuditTrailGetsTheFilterInTheApisParameterNames() {
    LogFilter filter = filled().toFilter(WINDOW, true);

    assertThat(LogSearch.describe(filter))
        .isEqualTo(
            "cache_status=MISS&end_time=2026-01-21T12:00:00Z"
                + "&endpoint=messages&model=gpt-4o&provider_id=openai&search=time out&start_time=2026-01-20T12:00:00Z"
                + "&status=error&user_id=usr_ada");
    assertThat(LogSearch.describe(LogFilter.ALL)).isEmpty();
  }

  @Test
  void theAttributionFiltersNarrowTheFilterAndTheAuditTrailNamesThem() {
    LogSearch search = new LogSearch();
    search.getAttribution().setTeamId("team_red");
    search.getAttribution().setApiKeyId(" key_1 ");
    search.getAttribution().setTag("env:prod");
    search.getAttribution().setEndUser("u-42");
    search.getAttribution().setSessionId("sess-1");
    search.getAttribution().setClientTool("claude-code");

    LogFilter filter = search.toFilter(WINDOW, false);

    assertThat(search.isFiltered()).isTrue();
    assertThat(filter.valueOf(Dimension.TEAM)).isEqualTo("team_red");
    assertThat(filter.valueOf(Dimension.KEY)).isEqualTo("key_1");
    assertThat(filter.valueOf(Dimension.TAG)).isEqualTo("env:prod");
    assertThat(filter.valueOf(Dimension.END_USER)).isEqualTo("u-42");
    assertThat(filter.valueOf(Dimension.SESSION)).isEqualTo("sess-1");
    assertThat(filter.valueOf(Dimension.CLIENT_TOOL)).isEqualTo("claude-code");
    assertThat(LogSearch.describe(filter))
        .isEqualTo(
            "api_key_id=key_1&client_tool=claude-code"
                + "&end_time=2026-01-21T12:00:00Z&end_user=u-42&session_id=sess-1&start_time=2026-01-20T12:00:00Z"
                + "&tag=env:prod&team_id=team_red");
    search.clear();
    assertThat(search.isFiltered()).isFalse();
    assertThat(search.toFilter(WINDOW, false))
        .isEqualTo(LogFilter.ALL.withRange(WINDOW.start(), WINDOW.end()));
  }

  @Test
  void theClientToolMenuListsEveryToolTheProxyRecognises() {
    assertThat(AttributionSearch.CLIENT_TOOLS)
        .extracting(Choice::value)
        .contains("claude-code", "codex", "curl");
  }

  private static LogSearch filled() {
    LogSearch search = new LogSearch();
    search.setUserId("usr_ada");
    search.setProviderId("openai");
    search.setModel("gpt-4o");
    search.setEndpoint("messages");
    search.setStatus("error");
    search.setCacheStatus("MISS");
    search.setText("  time out ");
    return search;
  }
}
