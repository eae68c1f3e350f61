package loom.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import loom.auth.Caller;
import loom.auth.Team;

/**
 * Which teams the Teams page shows a caller: an admin every team, a team admin the teams they administer (not those
 * they are a plain member of: the page is about managing and paying for a team). A team asked for by id that is not
 * among them is not shown, whatever the address says; the services refuse it on their own as well.
 */
final class TeamAccess {
  private TeamAccess() {}

  /**
   * @param listed the teams the team service lists for the caller (an admin's all, anyone else's their own)
   * @param administered the ids of the teams the caller administers
   */
  static List<Team> visible(Caller caller, List<Team> listed, Set<String> administered) {
    return caller.isAdmin()
        ? listed
        : listed.stream().filter(team -> administered.contains(team.id())).toList();
  }

  /** The team of the id asked for, when the caller may see it here. */
  static Optional<Team> select(String requestedId, List<Team> visible) {
    if (requestedId == null || requestedId.isBlank()) {
      return Optional.empty();
    }
    return visible.stream().filter(team -> team.id().equals(requestedId.strip())).findFirst();
  }
}
