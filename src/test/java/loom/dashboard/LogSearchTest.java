package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import loom.analytics.LogFilter;
import loom.proxy.CacheStatus;
import org.junit.jupiter.api.Test;

class LogSearchTest {
  private static final Window WINDOW =
      new Window(Instant.parse("2026-01-20T12:00:00Z"), Instant.parse("2026-01-21T12:00:00Z"), "last 24 hours");

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

    assertThat(search.toFilter(WINDOW, true)).isEqualTo(new LogFilter(WINDOW.start(), WINDOW.end(), "usr_ada", "openai",
        "gpt-4o", "messages", LogFilter.Outcome.ERROR, CacheStatus.MISS, "time out"));
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
        .isEqualTo(LogFilter.ALL.withRange(WINDOW.start(), WINDOW.end()).withEndpoint("responses.retrieve"));
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

    assertThat(LogSearch.describe(filter)).isEqualTo("cache_status=MISS&end_time=2026-01-21T12:00:00Z"
        + "&endpoint=messages&model=gpt-4o&provider_id=openai&search=time out&start_time=2026-01-20T12:00:00Z"
        + "&status=error&user_id=usr_ada");
    assertThat(LogSearch.describe(LogFilter.ALL)).isEmpty();
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
