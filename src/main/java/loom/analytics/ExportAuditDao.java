package loom.analytics;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code analytics_exports} audit table; the same SQL on SQLite and PostgreSQL. Times in epoch millis. */
@RegisterConstructorMapper(ExportAuditDao.ExportRow.class)
interface ExportAuditDao {
  @SqlUpdate(
      "INSERT INTO analytics_exports (id, user_id, user_name, created_at, kind, format, filter, rows_exported,"
          + " completed, duration_ms) VALUES (:id, :userId, :userName, :createdAt, :kind, :format, :filter, :rows,"
          + " :completed, :durationMs)")
  void insert(
      @Bind("id") String id,
      @Bind("userId") String userId,
      @Bind("userName") String userName,
      @Bind("createdAt") long createdAt,
      @Bind("kind") String kind,
      @Bind("format") String format,
      @Bind("filter") String filter,
      @Bind("rows") long rows,
      @Bind("completed") boolean completed,
      @Bind("durationMs") long durationMs);

  /** Newest first. */
  @SqlQuery(
      "SELECT id, user_id, user_name, created_at, kind, format, filter, rows_exported, completed, duration_ms"
          + " FROM analytics_exports ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
  List<ExportRow> list(@Bind("limit") int limit, @Bind("offset") int offset);

  @SqlQuery("SELECT COUNT(*) FROM analytics_exports")
  long count();

  /** A row as stored; public only because JDBI maps public types. */
  record ExportRow(
      String id,
      String userId,
      String userName,
      long createdAt,
      String kind,
      String format,
      String filter,
      long rowsExported,
      boolean completed,
      long durationMs) {}
}
