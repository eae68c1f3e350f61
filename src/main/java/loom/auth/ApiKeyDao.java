package loom.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import loom.support.JsonStrings;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code api_keys} table, which keeps only the SHA-256 of each key; the same parameterised SQL on
 * SQLite and PostgreSQL, times as epoch millis.
 */
@RegisterRowMapper(ApiKeyDao.ApiKeyMapper.class)
@RegisterRowMapper(ApiKeyDao.KeyOwnerMapper.class)
interface ApiKeyDao {
  String COLUMNS =
      "id, user_id, name, prefix, created_at, last_used_at, revoked_at, team_id, allowed_models,"
          + " expires_at, default_tags";

  @SqlUpdate(
      "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at, team_id, allowed_models,"
          + " expires_at, default_tags)"
          + " VALUES (:id, :userId, :name, :prefix, :keyHash, :createdAt, :teamId, :allowedModels, :expiresAt, :defaultTags)")
  void insert(
      @Bind("id") String id,
      @Bind("userId") String userId,
      @Bind("name") String name,
      @Bind("prefix") String prefix,
      @Bind("keyHash") String keyHash,
      @Bind("createdAt") long createdAt,
      @Bind("teamId") String teamId,
      @Bind("allowedModels") String allowedModels,
      @Bind("expiresAt") Long expiresAt,
      @Bind("defaultTags") String defaultTags);

  default void insert(ApiKey key, String keyHash) {
    KeyPolicy policy = key.policy();
    insert(
        key.id(),
        key.userId(),
        key.name(),
        key.prefix(),
        keyHash,
        key.createdAt().toEpochMilli(),
        key.teamId(),
        JsonStrings.toColumn(policy.allowedModels()),
        millis(policy.expiresAt()),
        JsonStrings.toColumn(policy.defaultTags()));
  }

  /** Sets the name, team and policy of a key (all of them: the service merged the changes). */
  @SqlUpdate(
      "UPDATE api_keys SET name = :name, team_id = :teamId, allowed_models = :allowedModels,"
          + " expires_at = :expiresAt, default_tags = :defaultTags WHERE id = :id")
  int update(
      @Bind("id") String id,
      @Bind("name") String name,
      @Bind("teamId") String teamId,
      @Bind("allowedModels") String allowedModels,
      @Bind("expiresAt") Long expiresAt,
      @Bind("defaultTags") String defaultTags);

  default void update(ApiKey key) {
    KeyPolicy policy = key.policy();
    update(
        key.id(),
        key.name(),
        key.teamId(),
        JsonStrings.toColumn(policy.allowedModels()),
        millis(policy.expiresAt()),
        JsonStrings.toColumn(policy.defaultTags()));
  }

  /** Unbinds the user's keys from the team (the user left it). */
  @SqlUpdate("UPDATE api_keys SET team_id = NULL WHERE team_id = :teamId AND user_id = :userId")
  int unbind(@Bind("teamId") String teamId, @Bind("userId") String userId);

  @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
  Optional<ApiKey> findById(@Bind("id") String id);

  @SqlQuery(
      "SELECT k.id AS key_id, k.key_hash, k.revoked_at, u.id AS user_id, u.name AS user_name, u.role,"
          + " k.team_id, k.allowed_models, k.expires_at, k.default_tags"
          + " FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = :keyHash")
  Optional<KeyOwner> findOwner(@Bind("keyHash") String keyHash);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM api_keys ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
  List<ApiKey> listAll(@Bind("limit") int limit, @Bind("offset") long offset);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM api_keys WHERE user_id = :userId"
          + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
  List<ApiKey> listByUser(
      @Bind("userId") String userId, @Bind("limit") int limit, @Bind("offset") long offset);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM api_keys WHERE team_id = :teamId"
          + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
  List<ApiKey> listByTeam(
      @Bind("teamId") String teamId, @Bind("limit") int limit, @Bind("offset") long offset);

  @SqlQuery("SELECT COUNT(*) FROM api_keys WHERE team_id = :teamId")
  long countByTeam(@Bind("teamId") String teamId);

  @SqlQuery("SELECT COUNT(*) FROM api_keys")
  long countAll();

  @SqlQuery("SELECT COUNT(*) FROM api_keys WHERE user_id = :userId")
  long countByUser(@Bind("userId") String userId);

  /** Revokes the key unless it is revoked already (the first revocation time stays). */
  @SqlUpdate("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
  int revoke(@Bind("id") String id, @Bind("at") long at);

  /** Records when keys were last used; never moves a time back (another gateway may have written a later one). */
  @SqlBatch(
      "UPDATE api_keys SET last_used_at = :at WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
  int[] recordUse(@Bind("id") List<String> ids, @Bind("at") List<Long> at);

  /** Maps a row of {@link #COLUMNS} to an {@link ApiKey}. */
  final class ApiKeyMapper implements RowMapper<ApiKey> {
    @Override
    public ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new ApiKey(
          rs.getString("id"),
          rs.getString("user_id"),
          rs.getString("name"),
          rs.getString("prefix"),
          Instant.ofEpochMilli(rs.getLong("created_at")),
          instant(rs, "last_used_at"),
          instant(rs, "revoked_at"),
          rs.getString("team_id"),
          policy(rs));
    }
  }

  /** Maps the row of {@link #findOwner}. */
  final class KeyOwnerMapper implements RowMapper<KeyOwner> {
    @Override
    public KeyOwner map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new KeyOwner(
          rs.getString("key_id"),
          rs.getString("key_hash"),
          instant(rs, "revoked_at") != null,
          rs.getString("user_id"),
          rs.getString("user_name"),
          Role.parse(rs.getString("role")),
          rs.getString("team_id"),
          policy(rs));
    }
  }

  private static KeyPolicy policy(ResultSet rs) throws SQLException {
    return new KeyPolicy(
        JsonStrings.fromColumn(rs.getString("allowed_models")),
        instant(rs, "expires_at"),
        JsonStrings.fromColumn(rs.getString("default_tags")));
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
