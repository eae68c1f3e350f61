package loom.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the export audit trail ({@code GET /analytics/exports}): who exported what, when, and how many
 * rows reached them.
 *
 * @param kind {@code logs} (request logs) or {@code stats} (a summary)
 * @param filter the filter of the export as canonical query text ({@code start_time=…&provider_id=…})
 * @param completed false when the export stopped half way (client gone, store failure)
 */
public record ExportRecord(
    String id,
    String userId,
    String userName,
    Instant createdAt,
    String kind,
    String format,
    String filter,
    long rows,
    boolean completed,
    long durationMs) {
  public ExportRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
