package loom.alerts;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import loom.analytics.Dimension;
import loom.analytics.LogFilter;

/**
 * Whose spend a budget limits, and how it is stored ({@code alert_settings.scope}, {@code alerts.scope},
 * {@code budget_counters.scope}): the whole gateway ({@code global}), a user (their id), a team
 * ({@code team:<id>}) or an API key ({@code key:<id>}). User ids are the gateway's own ({@code usr_…}), so the
 * prefixes never clash with one.
 */
public record BudgetScope(Kind kind, String id) {
  /** What a budget is on. */
  public enum Kind {
    GLOBAL,
    USER,
    TEAM,
    KEY
  }

  public static final BudgetScope GLOBAL = new BudgetScope(Kind.GLOBAL, AlertSettingsStore.GLOBAL);
  private static final String TEAM_PREFIX = "team:";
  private static final String KEY_PREFIX = "key:";

  public BudgetScope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  public static BudgetScope user(String userId) {
    return new BudgetScope(Kind.USER, userId);
  }

  public static BudgetScope team(String teamId) {
    return new BudgetScope(Kind.TEAM, teamId);
  }

  public static BudgetScope key(String keyId) {
    return new BudgetScope(Kind.KEY, keyId);
  }

  /** The scope a stored name names. */
  public static BudgetScope of(String stored) {
    if (AlertSettingsStore.GLOBAL.equals(stored)) {
      return GLOBAL;
    }
    if (stored.startsWith(TEAM_PREFIX)) {
      return team(stored.substring(TEAM_PREFIX.length()));
    }
    if (stored.startsWith(KEY_PREFIX)) {
      return key(stored.substring(KEY_PREFIX.length()));
    }
    return user(stored);
  }

  /** The name the store keeps. */
  public String stored() {
    return switch (kind) {
      case GLOBAL -> AlertSettingsStore.GLOBAL;
      case USER -> id;
      case TEAM -> TEAM_PREFIX + id;
      case KEY -> KEY_PREFIX + id;
    };
  }

  /** The request logs whose cost counts against this scope's budgets. */
  LogFilter spendFilter() {
    return switch (kind) {
      case GLOBAL -> LogFilter.ALL;
      case USER -> LogFilter.ALL.withUser(id);
      case TEAM -> LogFilter.ALL.with(Dimension.TEAM, id);
      case KEY -> LogFilter.ALL.with(Dimension.KEY, id);
    };
  }

  /**
   * The scope whose spend is exactly the requests of {@code filter} (its range aside), the inverse of
   * {@link #spendFilter}: everyone's, one user's, one team's or one key's. Empty for any other filter (a model's
   * requests, a user's of one team), whose spend no budget limits as such.
   */
  public static Optional<BudgetScope> covering(LogFilter filter) {
    if (filter.providerId() != null
        || filter.model() != null
        || filter.endpoint() != null
        || filter.outcome() != null
        || filter.cacheStatus() != null
        || filter.search() != null) {
      return Optional.empty();
    }
    Map<Dimension, String> attributes = filter.attributes();
    if (filter.userId() != null) {
      return attributes.isEmpty() ? Optional.of(user(filter.userId())) : Optional.empty();
    }
    if (attributes.isEmpty()) {
      return Optional.of(GLOBAL);
    }
    if (attributes.size() == 1 && attributes.containsKey(Dimension.TEAM)) {
      return Optional.of(team(attributes.get(Dimension.TEAM)));
    }
    if (attributes.size() == 1 && attributes.containsKey(Dimension.KEY)) {
      return Optional.of(key(attributes.get(Dimension.KEY)));
    }
    return Optional.empty();
  }
}
