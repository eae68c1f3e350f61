package loom.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code users} table; the same parameterised SQL on SQLite and PostgreSQL, times as epoch millis. */
@RegisterRowMapper(UserDao.UserMapper.class)
interface UserDao {
  String COLUMNS = "id, name, role, created_at, updated_at";

  @SqlUpdate(
      "INSERT INTO users (id, name, role, password_hash, created_at, updated_at)"
          + " VALUES (:id, :name, :role, :passwordHash, :createdAt, :createdAt)")
  void insert(
      @Bind("id") String id,
      @Bind("name") String name,
      @Bind("role") String role,
      @Bind("passwordHash") String passwordHash,
      @Bind("createdAt") long createdAt);

  default void insert(User user, String passwordHash) {
    insert(user.id(), user.name(), user.role().id(), passwordHash, user.createdAt().toEpochMilli());
  }

  @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
  Optional<User> findById(@Bind("id") String id);

  @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE name = :name")
  Optional<User> findByName(@Bind("name") String name);

  /** Empty when the user does not exist or has no password (a user who only uses API keys). */
  @SqlQuery("SELECT password_hash FROM users WHERE id = :id")
  Optional<String> findPasswordHash(@Bind("id") String id);

  @SqlQuery("SELECT " + COLUMNS + " FROM users ORDER BY name, id LIMIT :limit OFFSET :offset")
  List<User> list(@Bind("limit") int limit, @Bind("offset") long offset);

  @SqlQuery("SELECT COUNT(*) FROM users")
  long count();

  @SqlQuery("SELECT COUNT(*) FROM users WHERE role = 'admin'")
  long countAdmins();

  /**
   * Touches every admin row without changing it. On PostgreSQL this takes their row locks until the
   * transaction ends, so two admins demoting or deleting each other at once cannot both see two admins
   * and leave none; on SQLite writers are serial anyway.
   */
  @SqlUpdate("UPDATE users SET role = role WHERE role = 'admin'")
  int lockAdmins();

  @SqlUpdate("UPDATE users SET name = :name, role = :role, updated_at = :updatedAt WHERE id = :id")
  int update(
      @Bind("id") String id,
      @Bind("name") String name,
      @Bind("role") String role,
      @Bind("updatedAt") long updatedAt);

  @SqlUpdate(
      "UPDATE users SET password_hash = :passwordHash, updated_at = :updatedAt WHERE id = :id")
  int updatePassword(
      @Bind("id") String id,
      @Bind("passwordHash") String passwordHash,
      @Bind("updatedAt") long updatedAt);

  /** Deletes the user; the foreign key cascades to their API keys. */
  @SqlUpdate("DELETE FROM users WHERE id = :id")
  int delete(@Bind("id") String id);

  /** Maps a row of {@link #COLUMNS} to a {@link User}. */
  final class UserMapper implements RowMapper<User> {
    @Override
    public User map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new User(
          rs.getString("id"),
          rs.getString("name"),
          Role.parse(rs.getString("role")),
          Instant.ofEpochMilli(rs.getLong("created_at")),
          Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
  }
}
