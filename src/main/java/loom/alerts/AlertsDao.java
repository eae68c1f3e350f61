package loom.alerts;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code alert_settings} and {@code alerts} tables; the same SQL on SQLite and PostgreSQL. */
@RegisterConstructorMapper(AlertsDao.SettingsRow.class)
@RegisterConstructorMapper(AlertsDao.AlertRow.class)
interface AlertsDao {
  String ALERT_COLUMNS =
      "id, scope, type, severity, period, message, current_nanos, threshold_nanos, triggered_at,"
          + " acknowledged_at, acknowledged_by, webhook_status, email_status";

  /** A stored settings row; public only because JDBI maps public types. Null budgets mean none. */
  record SettingsRow(
      String scope,
      Long dailyBudgetNanos,
      Long monthlyBudgetNanos,
      Double anomalyThreshold,
      boolean enforce,
      String webhookUrl,
      String emailAddress,
      boolean enableEmailAlerts,
      boolean enableWebhookAlerts,
      long updatedAt) {}

  /** A stored alert; public only because JDBI maps public types. */
  record AlertRow(
      String id,
      String scope,
      String type,
      String severity,
      String period,
      String message,
      long currentNanos,
      long thresholdNanos,
      long triggeredAt,
      Long acknowledgedAt,
      String acknowledgedBy,
      String webhookStatus,
      String emailStatus) {}

  @SqlQuery(
      "SELECT scope, daily_budget_nanos, monthly_budget_nanos, anomaly_threshold, enforce, webhook_url,"
          + " email_address, enable_email_alerts, enable_webhook_alerts, updated_at FROM alert_settings WHERE scope = :scope")
  Optional<SettingsRow> findSettings(@Bind("scope") String scope);

  @SqlQuery(
      "SELECT scope, daily_budget_nanos, monthly_budget_nanos, anomaly_threshold, enforce, webhook_url,"
          + " email_address, enable_email_alerts, enable_webhook_alerts, updated_at FROM alert_settings ORDER BY scope")
  List<SettingsRow> listSettings();

  @SqlUpdate(
      "INSERT INTO alert_settings (scope, daily_budget_nanos, monthly_budget_nanos, anomaly_threshold, enforce,"
          + " webhook_url, email_address, enable_email_alerts, enable_webhook_alerts, updated_at) VALUES (:scope,"
          + " :dailyBudgetNanos, :monthlyBudgetNanos, :anomalyThreshold, :enforce, :webhookUrl, :emailAddress,"
          + " :enableEmailAlerts, :enableWebhookAlerts, :updatedAt) ON CONFLICT (scope) DO UPDATE SET"
          + " daily_budget_nanos = excluded.daily_budget_nanos, monthly_budget_nanos = excluded.monthly_budget_nanos,"
          + " anomaly_threshold = excluded.anomaly_threshold, enforce = excluded.enforce,"
          + " webhook_url = excluded.webhook_url, email_address = excluded.email_address,"
          + " enable_email_alerts = excluded.enable_email_alerts, enable_webhook_alerts = excluded.enable_webhook_alerts,"
          + " updated_at = excluded.updated_at")
  void saveSettings(@BindMethods SettingsRow row);

  /** Stores an alert unless one of its scope, type and period exists; 1 when stored, 0 when it existed. */
  @SqlUpdate(
      "INSERT INTO alerts ("
          + ALERT_COLUMNS
          + ") VALUES (:id, :scope, :type, :severity, :period, :message,"
          + " :currentNanos, :thresholdNanos, :triggeredAt, :acknowledgedAt, :acknowledgedBy, :webhookStatus,"
          + " :emailStatus) ON CONFLICT (scope, type, period) DO NOTHING")
  int insertAlert(@BindMethods AlertRow row);

  @SqlQuery("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = :id")
  Optional<AlertRow> findAlert(@Bind("id") String id);

  @SqlUpdate(
      "UPDATE alerts SET acknowledged_at = :at, acknowledged_by = :by WHERE id = :id AND acknowledged_at IS NULL")
  int acknowledge(@Bind("id") String id, @Bind("at") long at, @Bind("by") String by);

  @SqlUpdate("UPDATE alerts SET webhook_status = :status WHERE id = :id")
  void webhookStatus(@Bind("id") String id, @Bind("status") String status);

  @SqlUpdate("UPDATE alerts SET email_status = :status WHERE id = :id")
  void emailStatus(@Bind("id") String id, @Bind("status") String status);
}
