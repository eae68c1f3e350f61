package loom.bootstrap;

import java.util.Optional;
import java.util.Set;
import loom.alerts.BudgetOwners;
import loom.auth.ApiKeyService;
import loom.auth.TeamService;
import loom.auth.UserService;

/** The users, teams and keys of the gateway as the alerts see the owners of budgets. */
final class GatewayBudgetOwners implements BudgetOwners {
  private final UserService users;
  private final TeamService teams;
  private final ApiKeyService keys;

  GatewayBudgetOwners(UserService users, TeamService teams, ApiKeyService keys) {
    this.users = users;
    this.teams = teams;
    this.keys = keys;
  }

  @Override
  public Optional<String> userName(String userId) {
    return users.nameOf(userId);
  }

  @Override
  public Optional<String> teamName(String teamId) {
    return teams.nameOf(teamId);
  }

  @Override
  public Optional<KeyOwner> key(String keyId) {
    return keys.find(keyId).map(key -> new KeyOwner(key.name(), key.userId(), key.teamId()));
  }

  @Override
  public Set<String> teamsAdministeredBy(String userId) {
    return teams.teamsAdministeredBy(userId);
  }
}
