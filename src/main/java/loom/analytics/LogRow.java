package loom.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import loom.proxy.Attribution;
import loom.proxy.CacheStatus;
import loom.support.JsonStrings;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A {@link RequestLog} as one row of {@code request_logs}: times in epoch millis, costs in nano-dollars,
 * the cache status by name, NUL characters (which PostgreSQL text cannot hold) replaced by U+FFFD on both
 * dialects, so the two stores keep the same text. Components are named after the columns, so JDBI binds
 * them by name and maps columns back by snake case. Public only because JDBI binds and maps public types;
 * code outside the package works with {@link RequestLog}.
 */
public record LogRow(
    String id,
    String requestId,
    long ts,
    String userId,
    String apiKeyId,
    String endUser,
    String method,
    String path,
    String endpoint,
    String providerId,
    String modelName,
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens,
    long cacheWrite1hTokens,
    long reasoningTokens,
    long latencyMs,
    Long timeToFirstByteMs,
    int statusCode,
    long costNanos,
    long costSavedNanos,
    String priceVersion,
    String cacheStatus,
    boolean stream,
    String errorMessage,
    String requestBody,
    String responseBody,
    String metadata,
    String responseId,
    String teamId,
    String sessionId,
    String clientTool,
    String tags,
    long promptCacheSavedNanos) {

  /**
   * Maps a row selected as {@link AnalyticsDao#LOG_COLUMNS} (in that order) by position. An export maps a
   * million rows: JDBI's reflective constructor mapper (arguments by name, a null check per column) cost more
   * CPU than the CSV it became (bench/analytics-api.sh, profiled).
   */
  static final RowMapper<LogRow> BY_POSITION = LogRow::map;

  private static LogRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    long timeToFirstByteMs = rs.getLong(20);
    Long timeToFirstByte = rs.wasNull() ? null : timeToFirstByteMs;
    return new LogRow(
        rs.getString(1),
        rs.getString(2),
        rs.getLong(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getLong(12),
        rs.getLong(13),
        rs.getLong(14),
        rs.getLong(15),
        rs.getLong(16),
        rs.getLong(17),
        rs.getLong(18),
        rs.getLong(19),
        timeToFirstByte,
        rs.getInt(21),
        rs.getLong(22),
        rs.getLong(23),
        rs.getString(24),
        rs.getString(25),
        rs.getBoolean(26),
        rs.getString(27),
        rs.getString(28),
        rs.getString(29),
        rs.getString(30),
        rs.getString(31),
        rs.getString(32),
        rs.getString(33),
        rs.getString(34),
        rs.getString(35),
        rs.getLong(36));
  }

  /** The row of a log; throws ArithmeticException for a time or cost a BIGINT cannot hold. */
  static LogRow of(RequestLog log) {
    return new LogRow(
        text(log.id()),
        text(log.requestId()),
        log.timestamp().toEpochMilli(),
        text(log.userId()),
        text(log.apiKeyId()),
        text(log.endUser()),
        text(log.method()),
        text(log.path()),
        text(log.endpoint()),
        text(log.providerId()),
        text(log.modelName()),
        log.promptTokens(),
        log.completionTokens(),
        log.totalTokens(),
        log.cachedTokens(),
        log.cacheWriteTokens(),
        log.cacheWrite1hTokens(),
        log.reasoningTokens(),
        log.latencyMs(),
        log.timeToFirstByteMs(),
        log.statusCode(),
        Money.toNanos(log.costUsd()),
        Money.toNanos(log.costSavedUsd()),
        text(log.priceVersion()),
        log.cacheStatus().name(),
        log.stream(),
        text(log.errorMessage()),
        text(log.requestBody()),
        text(log.responseBody()),
        text(log.metadata()),
        text(log.responseId()),
        text(log.attribution().teamId()),
        text(log.attribution().sessionId()),
        text(log.attribution().clientTool()),
        text(JsonStrings.toColumn(log.attribution().tags())),
        Money.toNanos(log.promptCacheSavedUsd()));
  }

  RequestLog toLog() {
    return new RequestLog(
        id,
        requestId,
        Instant.ofEpochMilli(ts),
        userId,
        apiKeyId,
        endUser,
        method,
        path,
        endpoint,
        providerId,
        modelName,
        promptTokens,
        completionTokens,
        totalTokens,
        cachedTokens,
        cacheWriteTokens,
        cacheWrite1hTokens,
        reasoningTokens,
        latencyMs,
        timeToFirstByteMs,
        statusCode,
        Money.fromNanos(costNanos),
        Money.fromNanos(costSavedNanos),
        priceVersion,
        CacheStatus.valueOf(cacheStatus),
        stream,
        errorMessage,
        requestBody,
        responseBody,
        metadata,
        responseId,
        new Attribution(teamId, sessionId, clientTool, JsonStrings.fromColumn(tags)),
        Money.fromNanos(promptCacheSavedNanos));
  }

  boolean isError() {
    return statusCode >= 400;
  }

  private static String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }
}
