package loom.dashboard;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loom.auth.Caller;
import loom.auth.Team;
import loom.auth.TeamService;

/**
 * The teams a caller may name in a filter, read once per view: an admin's are all teams, anyone else's those they
 * are in (the team service's rule). Gives the filter menu and the name shown for a team id in tables; a team the
 * caller cannot see (or one deleted since) is shown by its id.
 */
final class TeamNames implements Serializable {
  /** The most teams a menu lists (in name order). */
  static final int MAX_TEAMS = 1_000;

  private static final long serialVersionUID = 1L;

  private final Map<String, String> names;

  TeamNames(Map<String, String> names) {
    this.names = new LinkedHashMap<>(names);
  }

  static TeamNames of(TeamService teams, Caller caller) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Team team : teams.list(caller, MAX_TEAMS, 0)) {
      names.put(team.id(), team.name());
    }
    return new TeamNames(names);
  }

  /** The team's name, its id when the caller cannot see it, a dash for none. */
  String nameOf(String teamId) {
    if (teamId == null || teamId.isEmpty()) {
      return LogLine.MISSING;
    }
    return names.getOrDefault(teamId, teamId);
  }

  /** The menu entries, by name. */
  List<Choice> options() {
    return names.entrySet().stream()
        .map(entry -> new Choice(entry.getKey(), entry.getValue()))
        .toList();
  }
}
