-- (SQLite) The PostgreSQL migration of the same number means the same.
-- Daily rollups: the same sums as request_rollups_hourly, per UTC day (day_start = the day's first millisecond,
-- epoch millis) × user × provider × model. Long ranges (a month of stats, costs or daily series, a log page's
-- total) sum whole days from here: about 24 times fewer rows than the hourly rollups. The writer, repricing,
-- erasure and retention keep both tables in step, in the same transactions.
CREATE TABLE request_rollups_daily (
  day_start         BIGINT NOT NULL,
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
  le_1              BIGINT NOT NULL DEFAULT 0,
  le_2              BIGINT NOT NULL DEFAULT 0,
  le_5              BIGINT NOT NULL DEFAULT 0,
  le_10             BIGINT NOT NULL DEFAULT 0,
  le_25             BIGINT NOT NULL DEFAULT 0,
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
  PRIMARY KEY (day_start, user_id, provider_id, model_name)
);

-- As for the hourly rollups: one user's days, and their erasure.
CREATE INDEX request_rollups_daily_by_user ON request_rollups_daily (user_id, day_start);

-- The days of every hour rolled up so far. The day is the floor (also before 1970, where / would round up).
INSERT INTO request_rollups_daily (day_start, user_id, provider_id, model_name, requests, errors, prompt_tokens,
    completion_tokens, total_tokens, cached_tokens, cost_nanos, cost_saved_nanos, cache_hits, latency_sum_ms,
    le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000, le_10000, le_30000,
    le_60000, le_120000, le_inf)
  SELECT hour_start - ((hour_start % 86400000) + 86400000) % 86400000, user_id, provider_id, model_name,
    SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), SUM(total_tokens), SUM(cached_tokens),
    SUM(cost_nanos), SUM(cost_saved_nanos), SUM(cache_hits), SUM(latency_sum_ms), SUM(le_1), SUM(le_2), SUM(le_5),
    SUM(le_10), SUM(le_25), SUM(le_50), SUM(le_100), SUM(le_250), SUM(le_500), SUM(le_1000), SUM(le_2500),
    SUM(le_5000), SUM(le_10000), SUM(le_30000), SUM(le_60000), SUM(le_120000), SUM(le_inf)
  FROM request_rollups_hourly
  GROUP BY hour_start - ((hour_start % 86400000) + 86400000) % 86400000, user_id, provider_id, model_name;
