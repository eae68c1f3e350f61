package loom.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.ConflictException;
import loom.support.NotFoundException;
import org.jdbi.v3.core.JdbiException;

/**
 * Teams and their members. Only an admin creates, renames and deletes teams and changes who is in them; a member
 * sees the teams they are in and their members, and to anyone else a team is not found (not told apart from a
 * missing one). Deleting a team unbinds its keys; removing a member unbinds that member's keys from the team. Both
 * work at once on this gateway, on others within the key cache TTL. Thread-safe.
 */
public final class TeamService {
  private final Store store;
  private final ApiKeyService keys;
  private final Clock clock;
  private final KeyMaterial material;

  public TeamService(Store store, ApiKeyService keys, Clock clock) {
    this(store, keys, clock, new KeyMaterial());
  }

  TeamService(Store store, ApiKeyService keys, Clock clock, KeyMaterial material) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
    this.material = material;
  }

  /** Creates a team; its name follows the rules of user names and is unique. */
  public Team create(Caller caller, String name) {
    requireAdmin(caller);
    String teamName = Inputs.name("name", name);
    Instant now = now();
    Team team = new Team(material.newTeamId(), teamName, now, now);
    return nameMustBeFree(
        teamName,
        team.id(),
        () ->
            store.write(
                handle -> {
                  TeamDao teams = handle.attach(TeamDao.class);
                  if (teams.findByName(teamName).isPresent()) {
                    throw nameTaken(teamName);
                  }
                  teams.insert(team.id(), team.name(), now.toEpochMilli());
                  return team;
                }));
  }

  public Team rename(Caller caller, String id, String name) {
    requireAdmin(caller);
    String teamName = Inputs.name("name", name);
    return nameMustBeFree(
        teamName,
        id,
        () ->
            store.write(
                handle -> {
                  TeamDao teams = handle.attach(TeamDao.class);
                  Team team =
                      teams.findById(id).orElseThrow(() -> new NotFoundException("team", id));
                  if (!team.name().equals(teamName) && teams.findByName(teamName).isPresent()) {
                    throw nameTaken(teamName);
                  }
                  teams.rename(id, teamName, now().toEpochMilli());
                  return teams.findById(id).orElseThrow();
                }));
  }

  /** Deletes the team and its memberships; its keys keep working, bound to no team. */
  public void delete(Caller caller, String id) {
    requireAdmin(caller);
    store.write(
        handle -> {
          TeamDao teams = handle.attach(TeamDao.class);
          if (teams.delete(id) == 0) {
            throw new NotFoundException("team", id);
          }
          return null;
        });
    keys.forgetTeam(id);
  }

  /** Teams by name: an admin's are all of them, anyone else's those they are a member of. */
  public List<Team> list(Caller caller, int limit, int offset) {
    Inputs.page(limit, offset);
    return store.read(
        handle -> {
          TeamDao teams = handle.attach(TeamDao.class);
          return caller.isAdmin()
              ? teams.listAll(limit, offset)
              : teams.listByMember(caller.userId(), limit, offset);
        });
  }

  /** How many teams {@link #list} would page through. */
  public long count(Caller caller) {
    return store.read(
        handle -> {
          TeamDao teams = handle.attach(TeamDao.class);
          return caller.isAdmin() ? teams.countAll() : teams.countByMember(caller.userId());
        });
  }

  /** The team, for an admin or one of its members; not found for anyone else. */
  public Team require(Caller caller, String id) {
    return store.read(handle -> visible(handle.attach(TeamDao.class), caller, id));
  }

  /** The team's members by name, for an admin or one of its members; not found for anyone else. */
  public List<TeamMember> members(Caller caller, String id) {
    return store.read(
        handle -> {
          TeamDao teams = handle.attach(TeamDao.class);
          visible(teams, caller, id);
          return teams.listMembers(id);
        });
  }

  /** Adds the user to the team with the role, or gives a member the role; admins only. */
  public TeamMember putMember(Caller caller, String teamId, String userId, TeamRole role) {
    requireAdmin(caller);
    return store.write(
        handle -> {
          TeamDao teams = handle.attach(TeamDao.class);
          teams.findById(teamId).orElseThrow(() -> new NotFoundException("team", teamId));
          handle
              .attach(UserDao.class)
              .findById(userId)
              .orElseThrow(() -> new NotFoundException("user", userId));
          if (teams.updateMemberRole(teamId, userId, role.id()) == 0) {
            teams.insertMember(teamId, userId, role.id(), now().toEpochMilli());
          }
          return teams.findMember(teamId, userId).orElseThrow();
        });
  }

  /** Removes the user from the team and unbinds their keys from it; admins only. */
  public void removeMember(Caller caller, String teamId, String userId) {
    requireAdmin(caller);
    store.write(
        handle -> {
          TeamDao teams = handle.attach(TeamDao.class);
          teams.findById(teamId).orElseThrow(() -> new NotFoundException("team", teamId));
          if (teams.deleteMember(teamId, userId) == 0) {
            throw new NotFoundException("member of team '" + teamId + "'", userId);
          }
          return handle.attach(ApiKeyDao.class).unbind(teamId, userId);
        });
    keys.forgetUser(userId);
  }

  /** The caller's own teams with their role in each, by team name (what {@code GET /me} shows). */
  public List<TeamMembership> memberships(Caller caller) {
    return store.read(handle -> handle.attach(TeamDao.class).listMemberships(caller.userId()));
  }

  /** The ids of the teams in which the user is an admin; for other features deciding what a team admin sees. */
  public Set<String> teamsAdministeredBy(String userId) {
    return Set.copyOf(
        store.read(handle -> handle.attach(TeamDao.class).listAdministeredBy(userId)));
  }

  /** The name of a team, for features that name it to whoever may see it (an alert, a budget refusal). */
  public Optional<String> nameOf(String teamId) {
    return store.read(handle -> handle.attach(TeamDao.class).findById(teamId)).map(Team::name);
  }

  /** Whether the user is in the team, in either role. */
  public boolean isMember(String userId, String teamId) {
    return store.read(handle -> handle.attach(TeamDao.class).isMember(userId, teamId));
  }

  private static Team visible(TeamDao teams, Caller caller, String id) {
    return teams
        .findById(id)
        .filter(team -> caller.isAdmin() || teams.isMember(caller.userId(), id))
        .orElseThrow(() -> new NotFoundException("team", id));
  }

  /** A unique-name race lost to another gateway sharing the store is a conflict too, not a failure. */
  private <T> T nameMustBeFree(String name, String id, Supplier<T> write) {
    try {
      return write.get();
    } catch (JdbiException e) {
      if (store
          .read(handle -> handle.attach(TeamDao.class).findByName(name))
          .filter(other -> !other.id().equals(id))
          .isPresent()) {
        throw nameTaken(name);
      }
      throw e;
    }
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException(
          "Only an admin may create, change or delete teams and their members.");
    }
  }

  private static ConflictException nameTaken(String name) {
    return new ConflictException("A team named '" + name + "' exists already.");
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
