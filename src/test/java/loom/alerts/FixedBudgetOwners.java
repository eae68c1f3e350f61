package loom.alerts;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Budget owners a test declares: users named {@code name-<id>} unless named here, teams, keys and team admins. */
final class FixedBudgetOwners implements BudgetOwners {
  private final Map<String, String> teams = new HashMap<>();
  private final Map<String, KeyOwner> keys = new HashMap<>();
  private final Map<String, Set<String>> administered = new HashMap<>();

  FixedBudgetOwners team(String id, String name, String... admins) {
    teams.put(id, name);
    for (String admin : admins) {
      administered.computeIfAbsent(admin, user -> new HashSet<>()).add(id);
    }
    return this;
  }

  FixedBudgetOwners key(String id, String name, String userId, String teamId) {
    keys.put(id, new KeyOwner(name, userId, teamId));
    return this;
  }

  @Override
  public Optional<String> userName(String userId) {
    return Optional.of("name-" + userId);
  }

  @Override
  public Optional<String> teamName(String teamId) {
    return Optional.ofNullable(teams.get(teamId));
  }

  @Override
  public Optional<KeyOwner> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  @Override
  public Set<String> teamsAdministeredBy(String userId) {
    return Set.copyOf(administered.getOrDefault(userId, Set.of()));
  }
}
