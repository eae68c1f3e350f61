-- Spending alerts. Times are epoch milliseconds (UTC), money whole nano-dollars (10^-9 USD).

-- Budgets and channels per scope: 'global' (the whole gateway; overrides loom.yaml once saved) or a user id.
-- A NULL budget means none.
CREATE TABLE alert_settings (
  scope                 TEXT PRIMARY KEY,
  daily_budget_nanos    BIGINT,
  monthly_budget_nanos  BIGINT,
  anomaly_threshold     DOUBLE PRECISION,
  enforce               BOOLEAN NOT NULL,
  webhook_url           TEXT,
  email_address         TEXT,
  enable_email_alerts   BOOLEAN NOT NULL,
  enable_webhook_alerts BOOLEAN NOT NULL,
  updated_at            BIGINT NOT NULL
);

-- One alert per scope, type and period (a day or a month in the configured zone): the same breach is not
-- raised again at every check. Notification outcomes are kept on the alert.
CREATE TABLE alerts (
  id               TEXT PRIMARY KEY,
  scope            TEXT NOT NULL,
  type             TEXT NOT NULL,
  severity         TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  period           TEXT NOT NULL,
  message          TEXT NOT NULL,
  current_nanos    BIGINT NOT NULL,
  threshold_nanos  BIGINT NOT NULL,
  triggered_at     BIGINT NOT NULL,
  acknowledged_at  BIGINT,
  acknowledged_by  TEXT,
  webhook_status   TEXT,
  email_status     TEXT,
  UNIQUE (scope, type, period)
);

CREATE INDEX alerts_by_triggered ON alerts (triggered_at);
CREATE INDEX alerts_by_scope ON alerts (scope, triggered_at);
