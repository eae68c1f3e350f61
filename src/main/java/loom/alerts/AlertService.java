package loom.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import loom.analytics.LogFilter;
import loom.analytics.Money;
import loom.analytics.MonthlyBudget;
import loom.analytics.SpendReader;
import loom.auth.Caller;
import loom.config.AlertsConfig;
import loom.store.Store;
import loom.support.AccessDeniedException;
import loom.support.NotFoundException;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Spending alerts: checks the whole gateway's and each user's spend against their budgets, stores each new
 * breach once per scope, type and period, sends it out, and serves the alerts and budgets to the API and the
 * dashboard (a user sees their own, an admin all). Why a notification failed is for admins only: a user sees
 * {@code failed}. Thread-safe; checks of one scope may run concurrently (the store's uniqueness keeps one alert
 * per breach).
 */
public final class AlertService {
  private final Store store;
  private final AlertsConfig config;
  private final AlertSettingsStore settings;
  private final SpendCalendar calendar;
  private final AlertDispatcher dispatcher;
  private final BudgetOwners owners;
  private final SpendReader spenders;
  private final SpendLedger ledger;
  private final Clock clock;

  AlertService(
      Store store,
      AlertsConfig config,
      AlertSettingsStore settings,
      SpendCalendar calendar,
      AlertDispatcher dispatcher,
      BudgetOwners owners,
      SpendReader spenders,
      SpendLedger ledger,
      Clock clock) {
    this.store = store;
    this.config = config;
    this.settings = settings;
    this.calendar = calendar;
    this.dispatcher = dispatcher;
    this.owners = owners;
    this.spenders = spenders;
    this.ledger = ledger;
    this.clock = clock;
  }

  // Checks
  // ------------------------------------------------------------------------------------------------

  /** Checks the whole gateway and every user who spent this month or has budgets; returns the new alerts. */
  public List<Alert> checkAll() {
    Set<String> users = new LinkedHashSet<>(settings.usersWithSettings());
    users.addAll(spenders.usersActiveSince(calendar.monthStart()));
    List<Alert> raised = new ArrayList<>(check(AlertSettingsStore.GLOBAL));
    for (String user : users) {
      raised.addAll(check(user));
    }
    return raised;
  }

  /** Checks the whole gateway and these users (whose spend just grew); returns the new alerts. */
  public List<Alert> checkUsers(Set<String> users) {
    List<Alert> raised = new ArrayList<>(check(AlertSettingsStore.GLOBAL));
    for (String user : users) {
      raised.addAll(check(user));
    }
    return raised;
  }

  private List<Alert> check(String scope) {
    String who = owners.describe(BudgetScope.of(scope));
    Spend spend = calendar.spend(BudgetScope.of(scope));
    ledger.observe(
        scope,
        new SpendLedger.Spent(Money.toNanos(spend.today()), Money.toNanos(spend.monthToDate())),
        new SpendLedger.Periods(spend.day(), spend.month()));
    List<Alert> raised = new ArrayList<>();
    for (Breach breach : AlertEvaluator.evaluate(who, settings.budgets(scope), spend)) {
      store(scope, breach).ifPresent(raised::add);
    }
    return raised;
  }

  /** Stores a breach as a new alert and sends it, unless this scope, type and period alerted already. */
  private Optional<Alert> store(String scope, Breach breach) {
    Target target = targetOf(scope);
    List<String> channels = dispatcher.channelsFor(target);
    AlertsDao.AlertRow row =
        new AlertsDao.AlertRow(
            "alr_" + UUID.randomUUID().toString().replace("-", ""),
            scope,
            breach.type().id(),
            breach.type().severity(),
            breach.period(),
            breach.message(),
            Money.toNanos(breach.currentUsd()),
            Money.toNanos(breach.thresholdUsd()),
            clock.millis(),
            null,
            null,
            channels.contains("webhook") ? "pending" : null,
            channels.contains("email") ? "pending" : null);
    int stored = store.write(handle -> handle.attach(AlertsDao.class).insertAlert(row));
    if (stored == 0) {
      return Optional.empty();
    }
    Alert alert = toAlert(row);
    dispatcher.dispatch(message(alert, scope), target);
    return Optional.of(alert);
  }

  // Reading and acknowledging
  // ----------------------------------------------------------------------------

  /** Alerts newest first: a user's own, or for an admin all (or one scope: a user id or {@code global}). */
  public List<Alert> list(
      Caller caller, String scope, Boolean acknowledged, int limit, int offset) {
    String visible = visibleScope(caller, scope);
    String sql =
        "SELECT "
            + AlertsDao.ALERT_COLUMNS
            + " FROM alerts WHERE "
            + conditions(visible, acknowledged)
            + " ORDER BY triggered_at DESC, id DESC LIMIT :limit OFFSET :offset";
    return store
        .read(
            handle ->
                bindScope(handle.createQuery(sql), visible)
                    .bind("limit", limit)
                    .bind("offset", offset)
                    .map(ConstructorMapper.of(AlertsDao.AlertRow.class))
                    .list())
        .stream()
        .map(row -> visibleTo(caller, toAlert(row)))
        .toList();
  }

  /** How many alerts {@link #list} would page through. */
  public long count(Caller caller, String scope, Boolean acknowledged) {
    String visible = visibleScope(caller, scope);
    return store.read(
        handle ->
            bindScope(
                    handle.createQuery(
                        "SELECT COUNT(*) FROM alerts WHERE " + conditions(visible, acknowledged)),
                    visible)
                .mapTo(Long.class)
                .one());
  }

  /** Runs every check now (admins); returns the alerts raised. */
  public List<Alert> checkNow(Caller caller) {
    if (!caller.isAdmin()) {
      throw new AccessDeniedException("Only an admin may run the alert checks.");
    }
    return checkAll();
  }

  private static String conditions(String scope, Boolean acknowledged) {
    String where = scope == null ? "TRUE" : "scope = :scope";
    if (acknowledged != null) {
      where += acknowledged ? " AND acknowledged_at IS NOT NULL" : " AND acknowledged_at IS NULL";
    }
    return where;
  }

  private static Query bindScope(Query query, String scope) {
    return scope == null ? query : query.bind("scope", scope);
  }

  public Alert acknowledge(Caller caller, String id) {
    AlertsDao.AlertRow row = visibleAlert(caller, id);
    store.write(
        handle -> handle.attach(AlertsDao.class).acknowledge(id, clock.millis(), caller.userId()));
    return visibleTo(caller, toAlert(visibleAlert(caller, row.id())));
  }

  private AlertsDao.AlertRow visibleAlert(Caller caller, String id) {
    return store
        .read(handle -> handle.attach(AlertsDao.class).findAlert(id))
        .filter(
            row ->
                row.scope().equals(caller.userId())
                    || mayManage(caller, BudgetScope.of(row.scope())))
        .orElseThrow(() -> new NotFoundException("alert", id));
  }

  // Settings
  // ---------------------------------------------------------------------------------------------

  /** The budgets and channels of the caller, or (admins) of a user or {@code global}. */
  public AlertSettings settings(Caller caller, String scope) {
    return settings.settings(ownOrAdmin(caller, scope));
  }

  /**
   * What the caller, or (admins) a user or {@code global}, has spent today and this month in the alert zone's
   * calendar: the same figures the checks compare with the budgets.
   */
  public Spend spend(Caller caller, String scope) {
    return calendar.spend(BudgetScope.of(ownOrAdmin(caller, scope)));
  }

  /**
   * The monthly budget of the scope whose spend is exactly the requests of {@code whose} ({@link BudgetScope#covering}),
   * if the caller may see that scope's settings and it has one: what the month's projection is drawn against. Never
   * refuses: a scope the caller may not see has no budget for them.
   */
  public Optional<MonthlyBudget> monthlyBudget(Caller caller, LogFilter whose) {
    return BudgetScope.covering(whose)
        .filter(scope -> mayManage(caller, scope))
        .flatMap(
            scope ->
                Optional.ofNullable(settings.settings(scope.stored()).monthlyBudgetUsd())
                    .filter(amount -> amount.signum() > 0)
                    .map(
                        amount ->
                            new MonthlyBudget(
                                scope.kind().name().toLowerCase(Locale.ROOT),
                                scope.kind() == BudgetScope.Kind.GLOBAL ? null : scope.id(),
                                amount)));
  }

  /**
   * Replaces the budgets and channels of the caller, or (admins) of a user or {@code global}. A user may not
   * change budgets an admin enforces on them.
   */
  public AlertSettings saveSettings(Caller caller, String scope, AlertSettings update) {
    String target = ownOrAdmin(caller, scope);
    if (!caller.isAdmin()) {
      AlertSettings current = settings.settings(target);
      boolean budgetsChanged =
          !sameAmount(current.dailyBudgetUsd(), update.dailyBudgetUsd())
              || !sameAmount(current.monthlyBudgetUsd(), update.monthlyBudgetUsd())
              || current.enforce() != update.enforce();
      if (current.enforce() && budgetsChanged) {
        throw new AccessDeniedException(
            "Your budgets are enforced by an admin; only an admin may change them.");
      }
    }
    return settings.save(target, update);
  }

  /**
   * Sends a test message on the channels of the caller (admins: of a user or {@code global}) and waits: {@code
   * channel → sent | failed | not configured}. Only admins learn why a channel failed: the reason describes the
   * gateway's network (refused addresses, closed ports, timeouts), and the log keeps it.
   */
  public Map<String, String> testNotification(Caller caller, String scope) {
    String target = ownOrAdmin(caller, scope);
    boolean global = AlertSettingsStore.GLOBAL.equals(target);
    String who = owners.describe(BudgetScope.of(target));
    AlertMessage message =
        new AlertMessage(
            "test",
            target,
            global ? null : who,
            "test",
            "info",
            "This is a test notification from Loom Gateway: alerts for " + who + " reach you here.",
            java.math.BigDecimal.ZERO,
            java.math.BigDecimal.ZERO,
            calendar.today(),
            clock.instant(),
            null);
    Map<String, String> outcomes =
        new LinkedHashMap<>(dispatcher.sendNow(message, targetOf(target)));
    outcomes.replaceAll((channel, outcome) -> visibleStatus(caller, outcome));
    return outcomes;
  }

  // Helpers
  // ----------------------------------------------------------------------------------------------

  /** Equal amounts, whatever their scale (5 and 5.00), or both none. */
  private static boolean sameAmount(java.math.BigDecimal a, java.math.BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  /**
   * Where alerts of a scope go: the scope's own enabled channels, plus the gateway's (admins hear of all). A user's
   * own webhook takes the place of the gateway's for that user's alerts (one webhook per alert).
   */
  private Target targetOf(String scope) {
    AlertSettings global = settings.settings(AlertSettingsStore.GLOBAL);
    Set<String> emails = new LinkedHashSet<>(config.emailTo());
    String webhook =
        global.enableWebhookAlerts() && global.webhookUrl() != null ? global.webhookUrl() : "";
    Target.WebhookOwner owner = Target.WebhookOwner.GATEWAY;
    if (global.enableEmailAlerts() && global.emailAddress() != null) {
      emails.add(global.emailAddress());
    }
    if (!AlertSettingsStore.GLOBAL.equals(scope)) {
      AlertSettings own = settings.settings(scope);
      if (own.enableEmailAlerts() && own.emailAddress() != null) {
        emails.add(own.emailAddress());
      }
      if (own.enableWebhookAlerts() && own.webhookUrl() != null) {
        webhook = own.webhookUrl();
        owner = Target.WebhookOwner.USER;
      }
    }
    return new Target(webhook, owner, List.copyOf(emails));
  }

  private AlertMessage message(Alert alert, String scope) {
    boolean global = AlertSettingsStore.GLOBAL.equals(scope);
    return new AlertMessage(
        alert.id(),
        scope,
        global ? null : owners.describe(BudgetScope.of(scope)),
        alert.type(),
        alert.severity(),
        alert.message(),
        alert.currentValue(),
        alert.thresholdValue(),
        alert.period(),
        alert.triggeredAt(),
        null);
  }

  /**
   * The scope a caller may read or set ({@code null} = their own): their own; a team they administer and its keys;
   * their own keys; any for admins.
   */
  private String ownOrAdmin(Caller caller, String scope) {
    if (scope == null || scope.isEmpty() || scope.equals(caller.userId())) {
      return caller.userId();
    }
    if (!mayManage(caller, BudgetScope.of(scope))) {
      throw new AccessDeniedException(
          "Only an admin may see or change another user's or the global alert settings; "
              + "a team's only its admins, a key's only its owner and its team's admins.");
    }
    return scope;
  }

  private boolean mayManage(Caller caller, BudgetScope scope) {
    if (caller.isAdmin()) {
      return true;
    }
    return switch (scope.kind()) {
      case GLOBAL -> false;
      case USER -> scope.id().equals(caller.userId());
      case TEAM -> owners.teamsAdministeredBy(caller.userId()).contains(scope.id());
      case KEY ->
          owners
              .key(scope.id())
              .map(
                  key ->
                      key.userId().equals(caller.userId())
                          || key.teamId() != null
                              && owners.teamsAdministeredBy(caller.userId()).contains(key.teamId()))
              .orElse(false);
    };
  }

  /** The one scope a listing is narrowed to: a user's own or one they manage; for admins the one asked for, or all. */
  private String visibleScope(Caller caller, String scope) {
    if (!caller.isAdmin()) {
      if (scope != null && !scope.isEmpty() && !mayManage(caller, BudgetScope.of(scope))) {
        throw new AccessDeniedException(
            "Only an admin may see another user's or the global alerts.");
      }
      return scope == null || scope.isEmpty() ? caller.userId() : scope;
    }
    return scope == null || scope.isEmpty() ? null : scope;
  }

  /** The alert as the caller may see it: for non-admins, a failed notification says only {@code failed}. */
  private static Alert visibleTo(Caller caller, Alert alert) {
    if (caller.isAdmin()) {
      return alert;
    }
    return new Alert(
        alert.id(),
        alert.userId(),
        alert.type(),
        alert.severity(),
        alert.message(),
        alert.currentValue(),
        alert.thresholdValue(),
        alert.period(),
        alert.triggeredAt(),
        alert.acknowledged(),
        alert.acknowledgedAt(),
        alert.acknowledgedBy(),
        visibleStatus(caller, alert.webhookStatus()),
        visibleStatus(caller, alert.emailStatus()));
  }

  /**
   * A notification status as the caller may see it: admins get {@code failed: <reason>}, everyone else
   * {@code failed}, since the reason can map the gateway's network (which addresses are refused, which ports
   * answer).
   */
  private static String visibleStatus(Caller caller, String status) {
    return caller.isAdmin() || status == null || !status.startsWith("failed") ? status : "failed";
  }

  static Alert toAlert(AlertsDao.AlertRow row) {
    return new Alert(
        row.id(),
        AlertSettingsStore.GLOBAL.equals(row.scope()) ? null : row.scope(),
        row.type(),
        row.severity(),
        row.message(),
        Money.plain(row.currentNanos()),
        Money.plain(row.thresholdNanos()),
        row.period(),
        Instant.ofEpochMilli(row.triggeredAt()),
        row.acknowledgedAt() != null,
        row.acknowledgedAt() == null ? null : Instant.ofEpochMilli(row.acknowledgedAt()),
        row.acknowledgedBy(),
        row.webhookStatus(),
        row.emailStatus());
  }
}
