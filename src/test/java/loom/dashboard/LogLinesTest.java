package loom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loom.analytics.AnalyticsQueries.LogOrder;
import loom.analytics.LogFilter;
import loom.analytics.RequestLog;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import org.junit.jupiter.api.Test;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

class LogLinesTest {
  private static final LogFilter RANGE =
      LogFilter.ALL.withRange(
          Instant.parse("2026-01-20T12:00:00Z"), Instant.parse("2026-01-21T12:00:00Z"));

  /** Records what the table asked for. */
  private static final class RecordingSource implements LogLines.Source {
    private static final long serialVersionUID = 1L;
    final List<String> calls = new ArrayList<>();

    @Override
    public long count(LogFilter filter) {
      calls.add("count " + filter.providerId());
      return 42;
    }

    @Override
    public List<LogLine> rows(LogFilter filter, LogOrder order, int limit, int offset) {
      calls.add("rows " + filter.providerId() + " " + order + " " + limit + " " + offset);
      return List.of(
          LogLine.of(log("log_1"), id -> id, id -> id),
          LogLine.of(log("log_2"), id -> id, id -> id));
    }
  }

  @Test
  void aPageIsOneCountAndOneQueryOfTheAppliedFilterAtTheTablesOffset() {
    RecordingSource source = new RecordingSource();
    LogLines lines = new LogLines(source, RANGE);

    assertThat(lines.count(Map.of())).isEqualTo(42);
    assertThat(lines.load(50, 25, Map.of(), Map.of()))
        .extracting(LogLine::id)
        .containsExactly("log_1", "log_2");
    lines.filter(RANGE.withSearch("x").withUser(null));
    lines.filter(new LogFilter(RANGE.start(), RANGE.end(), null, "openai", null, null, null));
    lines.load(0, 10, Map.of(LogLines.TIME, sort(LogLines.TIME, SortOrder.ASCENDING)), Map.of());

    assertThat(source.calls)
        .containsExactly(
            "count null", "rows null NEWEST_FIRST 25 50", "rows openai OLDEST_FIRST 10 0");
  }

  @Test
  void onlyAnAscendingTimeSortListsTheOldestFirst() {
    assertThat(LogLines.orderOf(null)).isEqualTo(LogOrder.NEWEST_FIRST);
    assertThat(LogLines.orderOf(Map.of())).isEqualTo(LogOrder.NEWEST_FIRST);
    assertThat(LogLines.orderOf(Map.of("time", sort("time", SortOrder.DESCENDING))))
        .isEqualTo(LogOrder.NEWEST_FIRST);
    assertThat(LogLines.orderOf(Map.of("time", sort("time", SortOrder.ASCENDING))))
        .isEqualTo(LogOrder.OLDEST_FIRST);
    assertThat(LogLines.orderOf(Map.of("time", sort("time", SortOrder.UNSORTED))))
        .isEqualTo(LogOrder.NEWEST_FIRST);
    assertThat(LogLines.orderOf(Map.of("model", sort("model", SortOrder.ASCENDING))))
        .as("no other column sorts")
        .isEqualTo(LogOrder.NEWEST_FIRST);
  }

  @Test
  void rowsAreFoundByTheirLogId() {
    LogLines lines = new LogLines(new RecordingSource(), RANGE);
    lines.setWrappedData(lines.load(0, 25, Map.of(), Map.of()));

    assertThat(lines.getRowKey(lines.getRowData("log_2"))).isEqualTo("log_2");
    assertThat(lines.getRowData("log_9")).isNull();
  }

  @Test
  void aLineShowsEveryFieldAsTextInUtcUsdAndMilliseconds() {
    LogLine line = LogLine.of(log("log_1"), id -> "ada", id -> id);

    assertThat(line.time()).isEqualTo("2026-01-21 09:30:05");
    assertThat(line.user()).isEqualTo("ada");
    assertThat(line.model()).isEqualTo("<script>window.__xss=1</script>");
    assertThat(line.endpoint()).isEqualTo("chat.completions");
    assertThat(line.path()).isEqualTo("/v1/chat/completions");
    assertThat(line.latency()).isEqualTo("1,234 ms");
    assertThat(line.cost()).isEqualTo("$0.001235");
    assertThat(line.status()).isEqualTo("502");
    assertThat(line.error()).isTrue();
    assertThat(line.details())
        .extracting(LogLine.Detail::label)
        .contains(
            "Request id",
            "API key",
            "End user",
            "Prompt tokens",
            "Completion tokens",
            "Cached tokens",
            "Reasoning tokens",
            "Time to first byte",
            "Cost (USD)",
            "Cost saved by the cache (USD)",
            "Price table",
            "Error",
            "Metadata");
    assertThat(line.details())
        .contains(
            new LogLine.Detail("User", "ada (usr_ada)"),
            new LogLine.Detail("Cost (USD)", "$0.001234567"),
            new LogLine.Detail("Time to first byte", "–"),
            new LogLine.Detail("Time (UTC)", "2026-01-21T09:30:05.123Z"),
            new LogLine.Detail("Error", "upstream failed"),
            new LogLine.Detail("Endpoint", "chat.completions"),
            new LogLine.Detail("Cache write tokens", "0"));
    assertThat(line.requestBody()).isEqualTo("{\"messages\":[]}");
    assertThat(line.responseBody()).isNull();
    assertThat(line.hasBodies()).isTrue();
    assertThat(LogLine.of(log("log_2").withBodies(null, null), id -> id, id -> id).hasBodies())
        .isFalse();
  }

  @Test
  void cacheWritesShowTheirOneHourPart() {
    RequestLog l = log("log_3");
    RequestLog withWrites =
        new RequestLog(
            l.id(),
            l.requestId(),
            l.timestamp(),
            l.userId(),
            l.apiKeyId(),
            null,
            "POST",
            "/v1/messages",
            null,
            "anthropic",
            "claude-sonnet-4-5",
            12_000,
            10,
            12_010,
            0,
            10_500,
            2_000,
            0,
            900,
            null,
            200,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null);

    LogLine line = LogLine.of(withWrites, id -> id, id -> id);

    assertThat(line.endpoint()).isEqualTo("messages");
    assertThat(line.details())
        .contains(new LogLine.Detail("Cache write tokens", "10,500 (2,000 kept 1 hour)"));
  }

  @Test
  void aLineShowsItsTeamByNameItsSessionToolTagsAndWhatThePromptCacheSaved() {
    RequestLog l = log("log_4");
    RequestLog attributed =
        new RequestLog(
            l.id(),
            l.requestId(),
            l.timestamp(),
            l.userId(),
            l.apiKeyId(),
            null,
            "POST",
            "/v1/messages",
            null,
            "anthropic",
            "claude-sonnet-4-5",
            12_000,
            10,
            12_010,
            10_000,
            0,
            0,
            0,
            900,
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
            new Attribution("team_red", "sess-1", "claude-code", List.of("env:prod", "billing")),
            new BigDecimal("0.027"));

    LogLine line = LogLine.of(attributed, id -> id, id -> id.equals("team_red") ? "red" : id);

    assertThat(line.attributed())
        .isEqualTo(new LogLine.Attributed("red", "sess-1", "claude-code", "env:prod, billing"));
    assertThat(line.details())
        .contains(
            new LogLine.Detail("Team", "red (team_red)"),
            new LogLine.Detail("Session", "sess-1"),
            new LogLine.Detail("Client tool", "claude-code"),
            new LogLine.Detail("Tags", "env:prod, billing"),
            new LogLine.Detail("Saved by the provider's prompt cache (USD)", "$0.027"));
    assertThat(LogLine.of(log("log_5"), id -> id, id -> id).attributed())
        .isEqualTo(new LogLine.Attributed("–", "–", "–", "–"));
  }

  private static SortMeta sort(String field, SortOrder order) {
    return SortMeta.builder().field(field).order(order).build();
  }

  private static RequestLog log(String id) {
    return new RequestLog(
        id,
        "req_" + id,
        Instant.parse("2026-01-21T09:30:05.123Z"),
        "usr_ada",
        "key_1",
        null,
        "POST",
        "/v1/chat/completions",
        null,
        "mock",
        "<script>window.__xss=1</script>",
        10,
        0,
        10,
        0,
        0,
        0,
        0,
        1234,
        null,
        502,
        new BigDecimal("0.001234567"),
        BigDecimal.ZERO,
        "prices-1",
        CacheStatus.MISS,
        false,
        "upstream failed",
        "{\"messages\":[]}",
        null,
        null);
  }
}
