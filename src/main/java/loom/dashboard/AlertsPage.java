package loom.dashboard;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import loom.alerts.Alert;
import loom.alerts.AlertSettings;
import loom.auth.Caller;
import loom.auth.User;
import loom.support.GatewayException;

/**
 * {@code dashboard/alerts.xhtml}: the alerts (a user's own, an admin's all), newest first, a page at a time, with
 * acknowledging; the budgets and channels of the user (admins: of the gateway or any user), checked by the
 * alert service's own rules; a test notification; and for admins the checks run now. Every action is one call
 * of {@code AlertService}, with the logged-in user as the caller, exactly as {@code /api/v1/alerts} makes it.
 */
@Named
@ViewScoped
public class AlertsPage implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The settings' API field names → their inputs on the page. */
  static final Map<String, String> SETTINGS_FIELDS =
      Map.of(
          "daily_budget_usd", "settings:daily",
          "monthly_budget_usd", "settings:monthly",
          "anomaly_threshold", "settings:anomaly",
          "enforce", "settings:enforce",
          "webhook_url", "settings:webhookUrl",
          "email_address", "settings:emailAddress",
          "enable_webhook_alerts", "settings:enableWebhook",
          "enable_email_alerts", "settings:enableEmail");

  /** The scope of the settings that means "my own". */
  static final String OWN = "";

  static final String GLOBAL = "global";

  @Inject Services services;
  @Inject CurrentUser currentUser;

  private boolean admin;
  private String show = "all";
  private PagedRows<AlertRow> alerts;
  private List<Choice> scopes = List.of();
  private String scope = OWN;
  private BigDecimal dailyBudget;
  private BigDecimal monthlyBudget;
  private Double anomalyThreshold;
  private boolean enforce;
  private String webhookUrl;
  private String emailAddress;
  private boolean enableWebhook;
  private boolean enableEmail;
  private boolean budgetsLocked;
  private List<String> testOutcome = List.of();

  @PostConstruct
  void load() {
    Caller caller = currentUser.caller();
    admin = caller.isAdmin();
    alerts = new PagedRows<>(this::page, this::count, AlertRow::id);
    if (admin) {
      List<Choice> options = new ArrayList<>();
      options.add(new Choice(OWN, "Me (" + caller.userName() + ")"));
      options.add(new Choice(GLOBAL, "The whole gateway (global)"));
      for (User user : services.users().list(caller, 1000, 0)) {
        if (!user.id().equals(caller.userId())) {
          options.add(new Choice(user.id(), user.name()));
        }
      }
      scopes = List.copyOf(options);
    }
    fill(services.alerts().settings(caller, scopeParameter()));
  }

  // The alerts
  // ---------------------------------------------------------------------------------------------

  private List<AlertRow> page(int limit, int offset) {
    Caller caller = currentUser.caller();
    Map<String, String> names = new HashMap<>();
    names.put(caller.userId(), caller.userName());
    return services.alerts().list(caller, null, acknowledgedFilter(show), limit, offset).stream()
        .map(
            alert ->
                AlertRow.of(
                    alert,
                    id ->
                        names.computeIfAbsent(
                            id,
                            unknown ->
                                services
                                    .users()
                                    .nameOf(unknown)
                                    .orElse("deleted user " + unknown))))
        .toList();
  }

  private long count() {
    return services.alerts().count(currentUser.caller(), null, acknowledgedFilter(show));
  }

  /** The {@code acknowledged} filter of the API for the page's choice: all (null), open or acknowledged. */
  static Boolean acknowledgedFilter(String show) {
    return switch (show == null ? "all" : show) {
      case "open" -> false;
      case "acknowledged" -> true;
      default -> null;
    };
  }

  /** The filter changed: back to the first page of the table. */
  public void showChanged() {
    PagedRows.showFirstPage("alertsForm:alerts");
  }

  public void acknowledge(String id) {
    try {
      Alert alert = services.alerts().acknowledge(currentUser.caller(), id);
      FormMessages.info(
          "Acknowledged: " + AlertRow.typeTitle(alert.type()) + " (" + alert.period() + ").");
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  /** Runs every check now (admins; the service refuses anyone else). */
  public void checkNow() {
    try {
      List<Alert> raised = services.alerts().checkNow(currentUser.caller());
      FormMessages.info(
          raised.isEmpty()
              ? "Checked: no new alerts."
              : "Checked: "
                  + raised.size()
                  + (raised.size() == 1 ? " new alert." : " new alerts."));
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  // The settings
  // -------------------------------------------------------------------------------------------

  /** The admin chose whose settings to edit. */
  public void scopeChanged() {
    testOutcome = List.of();
    try {
      fill(services.alerts().settings(currentUser.caller(), scopeParameter()));
    } catch (GatewayException e) {
      FormMessages.show(e, Map.of());
    }
  }

  public void save() {
    testOutcome = List.of();
    Caller caller = currentUser.caller();
    AlertSettings update =
        new AlertSettings(
            null,
            dailyBudget,
            monthlyBudget,
            anomalyThreshold,
            enforce,
            webhookUrl,
            emailAddress,
            enableEmail,
            enableWebhook);
    try {
      fill(services.alerts().saveSettings(caller, scopeParameter(), update));
      FormMessages.info("Saved the budgets and channels of " + scopeLabel() + ".");
    } catch (GatewayException e) {
      FormMessages.show(e, SETTINGS_FIELDS);
    }
  }

  /** Sends a test message on the saved channels of the scope and shows what happened on each. */
  public void sendTest() {
    try {
      testOutcome =
          outcomeLines(services.alerts().testNotification(currentUser.caller(), scopeParameter()));
    } catch (GatewayException e) {
      testOutcome = List.of();
      FormMessages.show(e, Map.of());
    }
  }

  /** {@code {"webhook":"sent","email":"not configured"}} as lines: "Webhook: sent", "E-mail: not configured". */
  static List<String> outcomeLines(Map<String, String> outcome) {
    List<String> lines = new ArrayList<>();
    outcome.forEach(
        (channel, result) ->
            lines.add(
                switch (channel) {
                      case "webhook" -> "Webhook";
                      case "email" -> "E-mail";
                      default -> channel;
                    }
                    + ": "
                    + result));
    lines.sort(null);
    return List.copyOf(lines);
  }

  private void fill(AlertSettings settings) {
    dailyBudget = settings.dailyBudgetUsd();
    monthlyBudget = settings.monthlyBudgetUsd();
    anomalyThreshold = settings.anomalyThreshold();
    enforce = settings.enforce();
    webhookUrl = settings.webhookUrl();
    emailAddress = settings.emailAddress();
    enableWebhook = settings.enableWebhookAlerts();
    enableEmail = settings.enableEmailAlerts();
    // The service refuses a user's change of budgets an admin enforces; the form says so before
    // they try.
    budgetsLocked = !admin && settings.enforce();
  }

  /** The {@code user_id} of the API: null for the caller's own; an admin's choice otherwise. */
  private String scopeParameter() {
    return admin && scope != null && !scope.isEmpty() ? scope : null;
  }

  private String scopeLabel() {
    String value = scopeParameter();
    if (value == null) {
      return "your account";
    }
    return scopes.stream()
        .filter(option -> option.value().equals(value))
        .map(Choice::label)
        .findFirst()
        .orElse(value);
  }

  // View state
  // ---------------------------------------------------------------------------------------------

  public boolean isAdmin() {
    return admin;
  }

  public PagedRows<AlertRow> getAlerts() {
    return alerts;
  }

  public String getShow() {
    return show;
  }

  public void setShow(String show) {
    this.show = show;
  }

  public List<Choice> getScopes() {
    return scopes;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public BigDecimal getDailyBudget() {
    return dailyBudget;
  }

  public void setDailyBudget(BigDecimal dailyBudget) {
    this.dailyBudget = dailyBudget;
  }

  public BigDecimal getMonthlyBudget() {
    return monthlyBudget;
  }

  public void setMonthlyBudget(BigDecimal monthlyBudget) {
    this.monthlyBudget = monthlyBudget;
  }

  public Double getAnomalyThreshold() {
    return anomalyThreshold;
  }

  public void setAnomalyThreshold(Double anomalyThreshold) {
    this.anomalyThreshold = anomalyThreshold;
  }

  public boolean isEnforce() {
    return enforce;
  }

  public void setEnforce(boolean enforce) {
    this.enforce = enforce;
  }

  public String getWebhookUrl() {
    return webhookUrl;
  }

  public void setWebhookUrl(String webhookUrl) {
    this.webhookUrl = webhookUrl;
  }

  public String getEmailAddress() {
    return emailAddress;
  }

  public void setEmailAddress(String emailAddress) {
    this.emailAddress = emailAddress;
  }

  public boolean isEnableWebhook() {
    return enableWebhook;
  }

  public void setEnableWebhook(boolean enableWebhook) {
    this.enableWebhook = enableWebhook;
  }

  public boolean isEnableEmail() {
    return enableEmail;
  }

  public void setEnableEmail(boolean enableEmail) {
    this.enableEmail = enableEmail;
  }

  public boolean isBudgetsLocked() {
    return budgetsLocked;
  }

  public List<String> getTestOutcome() {
    return testOutcome;
  }
}
