-- The audit trail of analytics exports: who downloaded which rows, when, in what format, and how many.
-- Times are epoch milliseconds (UTC). A row is written when an export ends, also when it failed half way
-- (completed false: the client went away or the store failed), so partial downloads are visible too.
CREATE TABLE analytics_exports (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  user_name     TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('logs', 'stats')),
  format        TEXT NOT NULL,
  filter        TEXT NOT NULL,
  rows_exported BIGINT NOT NULL,
  completed     BOOLEAN NOT NULL,
  duration_ms   BIGINT NOT NULL
);

CREATE INDEX analytics_exports_by_created ON analytics_exports (created_at);
