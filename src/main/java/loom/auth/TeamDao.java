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

/**
 * The {@code teams} and {@code team_members} tables; the same parameterised SQL on SQLite and PostgreSQL, times as
 * epoch millis. Deleting a team deletes its memberships (cascade) and unbinds its keys ({@code ON DELETE SET NULL}).
 */
@RegisterRowMapper(TeamDao.TeamMapper.class)
@RegisterRowMapper(TeamDao.MemberMapper.class)
@RegisterRowMapper(TeamDao.MembershipMapper.class)
interface TeamDao {
  String COLUMNS = "t.id, t.name, t.created_at, t.updated_at";

  @SqlUpdate(
      "INSERT INTO teams (id, name, created_at, updated_at) VALUES (:id, :name, :createdAt, :createdAt)")
  void insert(@Bind("id") String id, @Bind("name") String name, @Bind("createdAt") long createdAt);

  @SqlQuery("SELECT " + COLUMNS + " FROM teams t WHERE t.id = :id")
  Optional<Team> findById(@Bind("id") String id);

  @SqlQuery("SELECT " + COLUMNS + " FROM teams t WHERE t.name = :name")
  Optional<Team> findByName(@Bind("name") String name);

  @SqlQuery("SELECT " + COLUMNS + " FROM teams t ORDER BY t.name, t.id LIMIT :limit OFFSET :offset")
  List<Team> listAll(@Bind("limit") int limit, @Bind("offset") long offset);

  @SqlQuery("SELECT COUNT(*) FROM teams")
  long countAll();

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = :userId"
          + " ORDER BY t.name, t.id LIMIT :limit OFFSET :offset")
  List<Team> listByMember(
      @Bind("userId") String userId, @Bind("limit") int limit, @Bind("offset") long offset);

  @SqlQuery("SELECT COUNT(*) FROM team_members WHERE user_id = :userId")
  long countByMember(@Bind("userId") String userId);

  /** Every team of the user with their role in it, by team name. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + ", m.role FROM teams t JOIN team_members m ON m.team_id = t.id"
          + " WHERE m.user_id = :userId ORDER BY t.name, t.id")
  List<TeamMembership> listMemberships(@Bind("userId") String userId);

  @SqlUpdate("UPDATE teams SET name = :name, updated_at = :updatedAt WHERE id = :id")
  int rename(@Bind("id") String id, @Bind("name") String name, @Bind("updatedAt") long updatedAt);

  @SqlUpdate("DELETE FROM teams WHERE id = :id")
  int delete(@Bind("id") String id);

  @SqlQuery(
      "SELECT m.user_id, u.name AS user_name, m.role, m.created_at FROM team_members m"
          + " JOIN users u ON u.id = m.user_id WHERE m.team_id = :teamId ORDER BY u.name, m.user_id")
  List<TeamMember> listMembers(@Bind("teamId") String teamId);

  @SqlQuery(
      "SELECT m.user_id, u.name AS user_name, m.role, m.created_at FROM team_members m"
          + " JOIN users u ON u.id = m.user_id WHERE m.team_id = :teamId AND m.user_id = :userId")
  Optional<TeamMember> findMember(@Bind("teamId") String teamId, @Bind("userId") String userId);

  @SqlUpdate(
      "INSERT INTO team_members (team_id, user_id, role, created_at) VALUES (:teamId, :userId, :role, :at)")
  void insertMember(
      @Bind("teamId") String teamId,
      @Bind("userId") String userId,
      @Bind("role") String role,
      @Bind("at") long at);

  @SqlUpdate("UPDATE team_members SET role = :role WHERE team_id = :teamId AND user_id = :userId")
  int updateMemberRole(
      @Bind("teamId") String teamId, @Bind("userId") String userId, @Bind("role") String role);

  @SqlUpdate("DELETE FROM team_members WHERE team_id = :teamId AND user_id = :userId")
  int deleteMember(@Bind("teamId") String teamId, @Bind("userId") String userId);

  default boolean exists(String teamId) {
    return findById(teamId).isPresent();
  }

  default boolean isMember(String userId, String teamId) {
    return findMember(teamId, userId).isPresent();
  }

  default boolean isAdmin(String userId, String teamId) {
    return findMember(teamId, userId).filter(TeamMember::isAdmin).isPresent();
  }

  /** The ids of the teams in which the user is an admin. */
  @SqlQuery(
      "SELECT team_id FROM team_members WHERE user_id = :userId AND role = 'admin' ORDER BY team_id")
  List<String> listAdministeredBy(@Bind("userId") String userId);

  /** Maps a row of {@link #COLUMNS} to a {@link Team}. */
  final class TeamMapper implements RowMapper<Team> {
    @Override
    public Team map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Team(
          rs.getString("id"),
          rs.getString("name"),
          Instant.ofEpochMilli(rs.getLong("created_at")),
          Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
  }

  /** Maps a membership row joined with its user's name. */
  final class MemberMapper implements RowMapper<TeamMember> {
    @Override
    public TeamMember map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TeamMember(
          rs.getString("user_id"),
          rs.getString("user_name"),
          TeamRole.parse(rs.getString("role")),
          Instant.ofEpochMilli(rs.getLong("created_at")));
    }
  }

  /** Maps {@link #COLUMNS} plus the member's {@code role}. */
  final class MembershipMapper implements RowMapper<TeamMembership> {
    @Override
    public TeamMembership map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new TeamMembership(
          new TeamMapper().map(rs, ctx), TeamRole.parse(rs.getString("role")));
    }
  }
}
