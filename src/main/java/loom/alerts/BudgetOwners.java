package loom.alerts;

import java.util.Optional;
import java.util.Set;

/**
 * What the alerts need to know about the owners of budgets, from the users, teams and keys of the gateway: their
 * names (for messages) and who may manage a team's or a key's budgets.
 */
public interface BudgetOwners {
  /** A key as far as its budgets go: its name, its owner and the team it is bound to (null for none). */
  record KeyOwner(String name, String userId, String teamId) {}

  Optional<String> userName(String userId);

  Optional<String> teamName(String teamId);

  Optional<KeyOwner> key(String keyId);

  Set<String> teamsAdministeredBy(String userId);

  /** How a scope is named in messages: a user's name, {@code team 'platform'}, {@code key 'ci-bot'}. */
  default String describe(BudgetScope scope) {
    return switch (scope.kind()) {
      case GLOBAL -> "the whole gateway";
      case USER -> userName(scope.id()).orElse(scope.id());
      case TEAM -> "team '" + teamName(scope.id()).orElse(scope.id()) + "'";
      case KEY -> "key '" + key(scope.id()).map(KeyOwner::name).orElse(scope.id()) + "'";
    };
  }
}
