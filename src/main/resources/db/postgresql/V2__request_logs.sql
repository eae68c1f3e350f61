-- Request logs and their hourly rollups (PostgreSQL). Times are epoch milliseconds (UTC), costs whole
-- nano-dollars (10^-9 USD). The SQLite migration of the same number means the same.

-- One row per proxied request, as AnalyticsWriter writes it.
CREATE TABLE request_logs (
  id                    TEXT PRIMARY KEY,
  request_id            TEXT NOT NULL,
  ts                    BIGINT NOT NULL,
  user_id               TEXT,
  api_key_id            TEXT,
  end_user              TEXT,
  method                TEXT NOT NULL,
  path                  TEXT NOT NULL,
  provider_id           TEXT,
  model_name            TEXT,
  prompt_tokens         BIGINT NOT NULL,
  completion_tokens     BIGINT NOT NULL,
  total_tokens          BIGINT NOT NULL,
  cached_tokens         BIGINT NOT NULL,
  reasoning_tokens      BIGINT NOT NULL,
  latency_ms            BIGINT NOT NULL,
  time_to_first_byte_ms BIGINT,
  status_code           INTEGER NOT NULL,
  cost_nanos            BIGINT NOT NULL,
  cost_saved_nanos      BIGINT NOT NULL,
  price_version         TEXT,
  cache_status          TEXT NOT NULL CHECK (cache_status IN ('HIT', 'MISS', 'BYPASS')),
  -- BOOLEAN on both dialects (SQLite keeps 0/1): JDBI binds and reads a Java boolean on either.
  stream                BOOLEAN NOT NULL,
  error_message         TEXT,
  request_body          TEXT,
  response_body         TEXT,
  metadata              TEXT
);

CREATE INDEX request_logs_by_ts ON request_logs (ts);
CREATE INDEX request_logs_by_user_ts ON request_logs (user_id, ts);
CREATE INDEX request_logs_by_provider_ts ON request_logs (provider_id, ts);
CREATE INDEX request_logs_by_provider_model_ts ON request_logs (provider_id, model_name, ts);

-- Sums per hour × user × provider × model ('' where the request had none), kept up to date by the writer in
-- the same transaction as the rows. le_N counts the requests with latency in (previous bound, N] ms, one
-- bucket each (not cumulative), so percentiles can be estimated from any range of hours.
CREATE TABLE request_rollups_hourly (
  hour_start        BIGINT NOT NULL,
  user_id           TEXT NOT NULL DEFAULT '',
  provider_id       TEXT NOT NULL DEFAULT '',
  model_name        TEXT NOT NULL DEFAULT '',
  requests          BIGINT NOT NULL DEFAULT 0,
  errors            BIGINT NOT NULL DEFAULT 0,
  prompt_tokens     BIGINT NOT NULL DEFAULT 0,
  completion_tokens BIGINT NOT NULL DEFAULT 0,
  total_tokens      BIGINT NOT NULL DEFAULT 0,
  cached_tokens     BIGINT NOT NULL DEFAULT 0,
  cost_nanos        BIGINT NOT NULL DEFAULT 0,
  cost_saved_nanos  BIGINT NOT NULL DEFAULT 0,
  cache_hits        BIGINT NOT NULL DEFAULT 0,
  latency_sum_ms    BIGINT NOT NULL DEFAULT 0,
  le_50             BIGINT NOT NULL DEFAULT 0,
  le_100            BIGINT NOT NULL DEFAULT 0,
  le_250            BIGINT NOT NULL DEFAULT 0,
  le_500            BIGINT NOT NULL DEFAULT 0,
  le_1000           BIGINT NOT NULL DEFAULT 0,
  le_2500           BIGINT NOT NULL DEFAULT 0,
  le_5000           BIGINT NOT NULL DEFAULT 0,
  le_10000          BIGINT NOT NULL DEFAULT 0,
  le_30000          BIGINT NOT NULL DEFAULT 0,
  le_60000          BIGINT NOT NULL DEFAULT 0,
  le_120000         BIGINT NOT NULL DEFAULT 0,
  le_inf            BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (hour_start, user_id, provider_id, model_name)
);

-- The primary key already serves ranges of hours; this one serves one user's hours and their erasure.
CREATE INDEX request_rollups_hourly_by_user ON request_rollups_hourly (user_id, hour_start);
