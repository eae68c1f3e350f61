package loom.dashboard;

import java.io.Serializable;
import java.util.List;

/**
 * A team on the Teams page: its name, what its keys cost today and this month (UTC), and its budget bars. Read in
 * EL as {@code #{team.name()}}; the name is what an admin typed, written as escaped text only.
 */
public record TeamRow(String id, String name, String today, String month, List<BudgetBar> budgets)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public TeamRow {
    budgets = List.copyOf(budgets);
  }

  static TeamRow of(String id, String name, TeamSpend spend, BudgetBars.TeamBudget budget) {
    return new TeamRow(id, name, Formats.usd(spend.today()), Formats.usd(spend.monthToDate()),
        BudgetBars.ofTeam("team-" + id + "-", spend, budget));
  }
}
