package loom.dashboard;

import java.io.Serializable;
import java.util.List;
import loom.alerts.AlertSettings;
import loom.alerts.Spend;
import loom.support.Usd;

/**
 * A team on the Teams page: its name, what its keys cost today and this month (in the alert zone), and its budget
 * bars. Read in
 * EL as {@code #{team.name()}}; the name is what an admin typed, written as escaped text only.
 */
public record TeamRow(String id, String name, String today, String month, List<BudgetBar> budgets)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public TeamRow {
    budgets = List.copyOf(budgets);
  }

  static TeamRow of(String id, String name, Spend spend, AlertSettings settings) {
    return new TeamRow(
        id,
        name,
        Usd.format(spend.today()),
        Usd.format(spend.monthToDate()),
        BudgetBars.ofTeam("team-" + id + "-", spend, settings));
  }
}
