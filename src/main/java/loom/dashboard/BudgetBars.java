package loom.dashboard;

import java.util.ArrayList;
import java.util.List;
import loom.alerts.AlertService;
import loom.alerts.AlertSettings;
import loom.alerts.Spend;
import loom.auth.Caller;

/**
 * The budget bars the pages show: today's and this month's spend against the daily and monthly budget of a scope, as
 * the alert checks see them (the alert service's spend and settings, in the alert zone's calendar).
 */
final class BudgetBars {
  private BudgetBars() {}

  /** The caller's daily and monthly budgets, and for admins the whole gateway's, with the spend the checks read. */
  static List<BudgetBar> of(AlertService alerts, Caller caller) {
    List<BudgetBar> bars = new ArrayList<>();
    addBars(bars, "", "Your", alerts.spend(caller, null), alerts.settings(caller, null));
    if (caller.isAdmin()) {
      addBars(
          bars,
          "global-",
          "The whole gateway's",
          alerts.spend(caller, "global"),
          alerts.settings(caller, "global"));
    }
    return List.copyOf(bars);
  }

  /**
   * A team's daily and monthly bars: its spend today and this month (its keys' calls, in the alert zone's calendar)
   * against its budgets (the alert settings of scope {@code team:<id>}), as the checks and the enforcement read them.
   *
   * @param idPrefix for the page's element ids ({@code team-red-}), followed by {@code daily} or {@code monthly}
   */
  static List<BudgetBar> ofTeam(String idPrefix, Spend spend, AlertSettings settings) {
    List<BudgetBar> bars = new ArrayList<>();
    addBars(bars, idPrefix, "The team's", spend, settings);
    return List.copyOf(bars);
  }

  private static void addBars(
      List<BudgetBar> bars, String idPrefix, String whose, Spend spend, AlertSettings settings) {
    bars.add(
        BudgetBar.of(
            idPrefix + "daily",
            whose + " daily budget",
            spend.today(),
            settings.dailyBudgetUsd(),
            spend.day()));
    bars.add(
        BudgetBar.of(
            idPrefix + "monthly",
            whose + " monthly budget",
            spend.monthToDate(),
            settings.monthlyBudgetUsd(),
            spend.month()));
  }
}
