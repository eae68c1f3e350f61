-- (SQLite) The PostgreSQL migration of the same number means the same.
-- The endpoint of every request as a dimension, and the tokens written to a provider's prompt cache.
--
-- request_logs gains endpoint (EndpointNames: chat.completions, responses.retrieve, messages.count_tokens, …, other
-- /v1 paths without /v1 and their ids), cache_write_tokens (part of prompt_tokens) and cache_write_1h_tokens (the
-- part of the writes kept for an hour, which costs more: kept so that repricing prices it again the same way).
-- Rows stored before are named from path and method below, by the rules of EndpointNames.of: the APIs the
-- gateway reads exactly; other paths by themselves where they hold only lower-case names (a path with an id keeps
-- 'other': SQL does not strip ids the way the Java rule does), and 'other' for a caller without a key. Before V8
-- the gateway served only chat/completions, completions, embeddings and models; other paths were 404s.
ALTER TABLE request_logs ADD COLUMN endpoint TEXT NOT NULL DEFAULT '';
ALTER TABLE request_logs ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_logs ADD COLUMN cache_write_1h_tokens BIGINT NOT NULL DEFAULT 0;

UPDATE request_logs SET endpoint = CASE
  WHEN RTRIM(path, '/') = '/v1/chat/completions' THEN 'chat.completions'
  WHEN RTRIM(path, '/') = '/v1/completions' THEN 'completions'
  WHEN RTRIM(path, '/') = '/v1/embeddings' THEN 'embeddings'
  WHEN RTRIM(path, '/') = '/v1/responses' THEN 'responses'
  WHEN RTRIM(path, '/') = '/v1/responses/input_tokens' THEN 'responses.input_tokens'
  WHEN RTRIM(path, '/') = '/v1/messages' THEN 'messages'
  WHEN RTRIM(path, '/') = '/v1/messages/count_tokens' THEN 'messages.count_tokens'
  WHEN RTRIM(path, '/') = '/v1/models' OR path LIKE '/v1/models/%' THEN 'models'
  WHEN RTRIM(path, '/') GLOB '/v1/responses/?*/input_items'
    AND RTRIM(path, '/') NOT GLOB '/v1/responses/*/*/input_items' THEN 'responses.input_items'
  WHEN RTRIM(path, '/') GLOB '/v1/responses/?*/cancel'
    AND RTRIM(path, '/') NOT GLOB '/v1/responses/*/*/cancel' THEN 'responses.cancel'
  WHEN RTRIM(path, '/') GLOB '/v1/responses/?*'
    AND RTRIM(path, '/') NOT GLOB '/v1/responses/*/*'
    THEN CASE WHEN UPPER(method) = 'DELETE' THEN 'responses.delete' ELSE 'responses.retrieve' END
  WHEN user_id IS NULL THEN 'other'
  WHEN path GLOB '/v1/?*' AND SUBSTR(RTRIM(path, '/'), 5) NOT GLOB '*[^a-z_/-]*'
      AND RTRIM(path, '/') NOT GLOB '*//*'
    THEN SUBSTR(RTRIM(path, '/'), 5)
  ELSE 'other' END;

CREATE INDEX request_logs_by_endpoint_ts ON request_logs (endpoint, ts);

-- The hourly and daily rollups get endpoint as a fifth key and cache_write_tokens as a sum, so a breakdown or a
-- filter by endpoint is summed from them like one by provider or model. A primary key cannot change in place on
-- SQLite, so both tables are built anew (the same statements on both dialects) and replace the old ones.
--
-- Each old rollup row is split by endpoint from the request logs of its slot that are still stored; whatever the
-- stored logs do not account for (logs that retention or a purge deleted, in whole or in part, while their rollups
-- stayed) remains under endpoint '' (shown as "(none)"), so every total over every range is what it was.

CREATE TABLE request_rollups_hourly_v8 (
  hour_start         BIGINT NOT NULL,
  user_id            TEXT NOT NULL DEFAULT '',
  provider_id        TEXT NOT NULL DEFAULT '',
  model_name         TEXT NOT NULL DEFAULT '',
  endpoint           TEXT NOT NULL DEFAULT '',
  requests           BIGINT NOT NULL DEFAULT 0,
  errors             BIGINT NOT NULL DEFAULT 0,
  prompt_tokens      BIGINT NOT NULL DEFAULT 0,
  completion_tokens  BIGINT NOT NULL DEFAULT 0,
  total_tokens       BIGINT NOT NULL DEFAULT 0,
  cached_tokens      BIGINT NOT NULL DEFAULT 0,
  cache_write_tokens BIGINT NOT NULL DEFAULT 0,
  cost_nanos         BIGINT NOT NULL DEFAULT 0,
  cost_saved_nanos   BIGINT NOT NULL DEFAULT 0,
  cache_hits         BIGINT NOT NULL DEFAULT 0,
  latency_sum_ms     BIGINT NOT NULL DEFAULT 0,
  le_1               BIGINT NOT NULL DEFAULT 0,
  le_2               BIGINT NOT NULL DEFAULT 0,
  le_5               BIGINT NOT NULL DEFAULT 0,
  le_10              BIGINT NOT NULL DEFAULT 0,
  le_25              BIGINT NOT NULL DEFAULT 0,
  le_50              BIGINT NOT NULL DEFAULT 0,
  le_100             BIGINT NOT NULL DEFAULT 0,
  le_250             BIGINT NOT NULL DEFAULT 0,
  le_500             BIGINT NOT NULL DEFAULT 0,
  le_1000            BIGINT NOT NULL DEFAULT 0,
  le_2500            BIGINT NOT NULL DEFAULT 0,
  le_5000            BIGINT NOT NULL DEFAULT 0,
  le_10000           BIGINT NOT NULL DEFAULT 0,
  le_30000           BIGINT NOT NULL DEFAULT 0,
  le_60000           BIGINT NOT NULL DEFAULT 0,
  le_120000          BIGINT NOT NULL DEFAULT 0,
  le_inf             BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (hour_start, user_id, provider_id, model_name, endpoint)
);

-- The hours' requests per endpoint, from the logs of every hour × user × provider × model that has a rollup.
INSERT INTO request_rollups_hourly_v8 (hour_start, user_id, provider_id, model_name, endpoint,
    requests, errors, prompt_tokens, completion_tokens, total_tokens, cached_tokens, cache_write_tokens,
    cost_nanos, cost_saved_nanos, cache_hits, latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100,
    le_250, le_500, le_1000, le_2500, le_5000, le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT g.* FROM (
    SELECT
      ts - ((ts % 3600000) + 3600000) % 3600000 AS hour_start, COALESCE(user_id, '') AS user_id,
      COALESCE(provider_id, '') AS provider_id, COALESCE(model_name, '') AS model_name, endpoint,
      COUNT(*) AS requests, SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END) AS errors,
      SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
      SUM(total_tokens) AS total_tokens, SUM(cached_tokens) AS cached_tokens,
      SUM(cache_write_tokens) AS cache_write_tokens, SUM(cost_nanos) AS cost_nanos,
      SUM(cost_saved_nanos) AS cost_saved_nanos,
      SUM(CASE WHEN cache_status = 'HIT' THEN 1 ELSE 0 END) AS cache_hits, SUM(latency_ms) AS latency_sum_ms,
      SUM(CASE WHEN latency_ms <= 1 THEN 1 ELSE 0 END) AS le_1,
      SUM(CASE WHEN latency_ms > 1 AND latency_ms <= 2 THEN 1 ELSE 0 END) AS le_2,
      SUM(CASE WHEN latency_ms > 2 AND latency_ms <= 5 THEN 1 ELSE 0 END) AS le_5,
      SUM(CASE WHEN latency_ms > 5 AND latency_ms <= 10 THEN 1 ELSE 0 END) AS le_10,
      SUM(CASE WHEN latency_ms > 10 AND latency_ms <= 25 THEN 1 ELSE 0 END) AS le_25,
      SUM(CASE WHEN latency_ms > 25 AND latency_ms <= 50 THEN 1 ELSE 0 END) AS le_50,
      SUM(CASE WHEN latency_ms > 50 AND latency_ms <= 100 THEN 1 ELSE 0 END) AS le_100,
      SUM(CASE WHEN latency_ms > 100 AND latency_ms <= 250 THEN 1 ELSE 0 END) AS le_250,
      SUM(CASE WHEN latency_ms > 250 AND latency_ms <= 500 THEN 1 ELSE 0 END) AS le_500,
      SUM(CASE WHEN latency_ms > 500 AND latency_ms <= 1000 THEN 1 ELSE 0 END) AS le_1000,
      SUM(CASE WHEN latency_ms > 1000 AND latency_ms <= 2500 THEN 1 ELSE 0 END) AS le_2500,
      SUM(CASE WHEN latency_ms > 2500 AND latency_ms <= 5000 THEN 1 ELSE 0 END) AS le_5000,
      SUM(CASE WHEN latency_ms > 5000 AND latency_ms <= 10000 THEN 1 ELSE 0 END) AS le_10000,
      SUM(CASE WHEN latency_ms > 10000 AND latency_ms <= 30000 THEN 1 ELSE 0 END) AS le_30000,
      SUM(CASE WHEN latency_ms > 30000 AND latency_ms <= 60000 THEN 1 ELSE 0 END) AS le_60000,
      SUM(CASE WHEN latency_ms > 60000 AND latency_ms <= 120000 THEN 1 ELSE 0 END) AS le_120000,
      SUM(CASE WHEN latency_ms > 120000 THEN 1 ELSE 0 END) AS le_inf
    FROM request_logs
    GROUP BY ts - ((ts % 3600000) + 3600000) % 3600000, COALESCE(user_id, ''), COALESCE(provider_id, ''),
      COALESCE(model_name, ''), endpoint) g
  WHERE EXISTS (SELECT 1 FROM request_rollups_hourly r WHERE r.hour_start = g.hour_start AND r.user_id = g.user_id
    AND r.provider_id = g.provider_id AND r.model_name = g.model_name);

-- What the logs of an hour do not account for stays under endpoint ''.
INSERT INTO request_rollups_hourly_v8 (hour_start, user_id, provider_id, model_name, endpoint,
    requests, errors, prompt_tokens, completion_tokens, total_tokens, cached_tokens, cache_write_tokens,
    cost_nanos, cost_saved_nanos, cache_hits, latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100,
    le_250, le_500, le_1000, le_2500, le_5000, le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT
    r.hour_start, r.user_id, r.provider_id, r.model_name, '', r.requests - COALESCE(n.requests, 0),
    r.errors - COALESCE(n.errors, 0), r.prompt_tokens - COALESCE(n.prompt_tokens, 0),
    r.completion_tokens - COALESCE(n.completion_tokens, 0), r.total_tokens - COALESCE(n.total_tokens, 0),
    r.cached_tokens - COALESCE(n.cached_tokens, 0), 0, r.cost_nanos - COALESCE(n.cost_nanos, 0),
    r.cost_saved_nanos - COALESCE(n.cost_saved_nanos, 0), r.cache_hits - COALESCE(n.cache_hits, 0),
    r.latency_sum_ms - COALESCE(n.latency_sum_ms, 0), r.le_1 - COALESCE(n.le_1, 0),
    r.le_2 - COALESCE(n.le_2, 0), r.le_5 - COALESCE(n.le_5, 0), r.le_10 - COALESCE(n.le_10, 0),
    r.le_25 - COALESCE(n.le_25, 0), r.le_50 - COALESCE(n.le_50, 0), r.le_100 - COALESCE(n.le_100, 0),
    r.le_250 - COALESCE(n.le_250, 0), r.le_500 - COALESCE(n.le_500, 0), r.le_1000 - COALESCE(n.le_1000, 0),
    r.le_2500 - COALESCE(n.le_2500, 0), r.le_5000 - COALESCE(n.le_5000, 0),
    r.le_10000 - COALESCE(n.le_10000, 0), r.le_30000 - COALESCE(n.le_30000, 0),
    r.le_60000 - COALESCE(n.le_60000, 0), r.le_120000 - COALESCE(n.le_120000, 0),
    r.le_inf - COALESCE(n.le_inf, 0)
  FROM request_rollups_hourly r LEFT JOIN (
    SELECT hour_start, user_id, provider_id, model_name,
      SUM(requests) AS requests, SUM(errors) AS errors, SUM(prompt_tokens) AS prompt_tokens,
      SUM(completion_tokens) AS completion_tokens, SUM(total_tokens) AS total_tokens,
      SUM(cached_tokens) AS cached_tokens, SUM(cost_nanos) AS cost_nanos,
      SUM(cost_saved_nanos) AS cost_saved_nanos, SUM(cache_hits) AS cache_hits,
      SUM(latency_sum_ms) AS latency_sum_ms, SUM(le_1) AS le_1, SUM(le_2) AS le_2, SUM(le_5) AS le_5,
      SUM(le_10) AS le_10, SUM(le_25) AS le_25, SUM(le_50) AS le_50, SUM(le_100) AS le_100,
      SUM(le_250) AS le_250, SUM(le_500) AS le_500, SUM(le_1000) AS le_1000, SUM(le_2500) AS le_2500,
      SUM(le_5000) AS le_5000, SUM(le_10000) AS le_10000, SUM(le_30000) AS le_30000, SUM(le_60000) AS le_60000,
      SUM(le_120000) AS le_120000, SUM(le_inf) AS le_inf
    FROM request_rollups_hourly_v8 WHERE endpoint <> '' GROUP BY hour_start, user_id, provider_id, model_name) n
    ON n.hour_start = r.hour_start AND n.user_id = r.user_id AND n.provider_id = r.provider_id
    AND n.model_name = r.model_name
  WHERE r.requests <> COALESCE(n.requests, 0) OR r.errors <> COALESCE(n.errors, 0)
    OR r.prompt_tokens <> COALESCE(n.prompt_tokens, 0)
    OR r.completion_tokens <> COALESCE(n.completion_tokens, 0) OR r.total_tokens <> COALESCE(n.total_tokens, 0)
    OR r.cached_tokens <> COALESCE(n.cached_tokens, 0) OR r.cost_nanos <> COALESCE(n.cost_nanos, 0)
    OR r.cost_saved_nanos <> COALESCE(n.cost_saved_nanos, 0) OR r.cache_hits <> COALESCE(n.cache_hits, 0)
    OR r.latency_sum_ms <> COALESCE(n.latency_sum_ms, 0) OR r.le_1 <> COALESCE(n.le_1, 0)
    OR r.le_2 <> COALESCE(n.le_2, 0) OR r.le_5 <> COALESCE(n.le_5, 0) OR r.le_10 <> COALESCE(n.le_10, 0)
    OR r.le_25 <> COALESCE(n.le_25, 0) OR r.le_50 <> COALESCE(n.le_50, 0) OR r.le_100 <> COALESCE(n.le_100, 0)
    OR r.le_250 <> COALESCE(n.le_250, 0) OR r.le_500 <> COALESCE(n.le_500, 0)
    OR r.le_1000 <> COALESCE(n.le_1000, 0) OR r.le_2500 <> COALESCE(n.le_2500, 0)
    OR r.le_5000 <> COALESCE(n.le_5000, 0) OR r.le_10000 <> COALESCE(n.le_10000, 0)
    OR r.le_30000 <> COALESCE(n.le_30000, 0) OR r.le_60000 <> COALESCE(n.le_60000, 0)
    OR r.le_120000 <> COALESCE(n.le_120000, 0) OR r.le_inf <> COALESCE(n.le_inf, 0);

CREATE TABLE request_rollups_daily_v8 (
  day_start          BIGINT NOT NULL,
  user_id            TEXT NOT NULL DEFAULT '',
  provider_id        TEXT NOT NULL DEFAULT '',
  model_name         TEXT NOT NULL DEFAULT '',
  endpoint           TEXT NOT NULL DEFAULT '',
  requests           BIGINT NOT NULL DEFAULT 0,
  errors             BIGINT NOT NULL DEFAULT 0,
  prompt_tokens      BIGINT NOT NULL DEFAULT 0,
  completion_tokens  BIGINT NOT NULL DEFAULT 0,
  total_tokens       BIGINT NOT NULL DEFAULT 0,
  cached_tokens      BIGINT NOT NULL DEFAULT 0,
  cache_write_tokens BIGINT NOT NULL DEFAULT 0,
  cost_nanos         BIGINT NOT NULL DEFAULT 0,
  cost_saved_nanos   BIGINT NOT NULL DEFAULT 0,
  cache_hits         BIGINT NOT NULL DEFAULT 0,
  latency_sum_ms     BIGINT NOT NULL DEFAULT 0,
  le_1               BIGINT NOT NULL DEFAULT 0,
  le_2               BIGINT NOT NULL DEFAULT 0,
  le_5               BIGINT NOT NULL DEFAULT 0,
  le_10              BIGINT NOT NULL DEFAULT 0,
  le_25              BIGINT NOT NULL DEFAULT 0,
  le_50              BIGINT NOT NULL DEFAULT 0,
  le_100             BIGINT NOT NULL DEFAULT 0,
  le_250             BIGINT NOT NULL DEFAULT 0,
  le_500             BIGINT NOT NULL DEFAULT 0,
  le_1000            BIGINT NOT NULL DEFAULT 0,
  le_2500            BIGINT NOT NULL DEFAULT 0,
  le_5000            BIGINT NOT NULL DEFAULT 0,
  le_10000           BIGINT NOT NULL DEFAULT 0,
  le_30000           BIGINT NOT NULL DEFAULT 0,
  le_60000           BIGINT NOT NULL DEFAULT 0,
  le_120000          BIGINT NOT NULL DEFAULT 0,
  le_inf             BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day_start, user_id, provider_id, model_name, endpoint)
);

-- The days' requests per endpoint, from the hours above (the day is the floor, also before 1970).
INSERT INTO request_rollups_daily_v8 (day_start, user_id, provider_id, model_name, endpoint,
    requests, errors, prompt_tokens, completion_tokens, total_tokens, cached_tokens, cache_write_tokens,
    cost_nanos, cost_saved_nanos, cache_hits, latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100,
    le_250, le_500, le_1000, le_2500, le_5000, le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT g.* FROM (
    SELECT
      hour_start - ((hour_start % 86400000) + 86400000) % 86400000 AS day_start, user_id, provider_id,
      model_name, endpoint, SUM(requests) AS requests, SUM(errors) AS errors,
      SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens,
      SUM(total_tokens) AS total_tokens, SUM(cached_tokens) AS cached_tokens,
      SUM(cache_write_tokens) AS cache_write_tokens, SUM(cost_nanos) AS cost_nanos,
      SUM(cost_saved_nanos) AS cost_saved_nanos, SUM(cache_hits) AS cache_hits,
      SUM(latency_sum_ms) AS latency_sum_ms, SUM(le_1) AS le_1, SUM(le_2) AS le_2, SUM(le_5) AS le_5,
      SUM(le_10) AS le_10, SUM(le_25) AS le_25, SUM(le_50) AS le_50, SUM(le_100) AS le_100,
      SUM(le_250) AS le_250, SUM(le_500) AS le_500, SUM(le_1000) AS le_1000, SUM(le_2500) AS le_2500,
      SUM(le_5000) AS le_5000, SUM(le_10000) AS le_10000, SUM(le_30000) AS le_30000, SUM(le_60000) AS le_60000,
      SUM(le_120000) AS le_120000, SUM(le_inf) AS le_inf
    FROM request_rollups_hourly_v8 WHERE endpoint <> ''
    GROUP BY hour_start - ((hour_start % 86400000) + 86400000) % 86400000,
      user_id, provider_id, model_name, endpoint) g
  WHERE EXISTS (SELECT 1 FROM request_rollups_daily r WHERE r.day_start = g.day_start AND r.user_id = g.user_id
    AND r.provider_id = g.provider_id AND r.model_name = g.model_name);

-- What the hours of a day do not account for (hours past rollup retention, logs deleted) stays under ''.
INSERT INTO request_rollups_daily_v8 (day_start, user_id, provider_id, model_name, endpoint,
    requests, errors, prompt_tokens, completion_tokens, total_tokens, cached_tokens, cache_write_tokens,
    cost_nanos, cost_saved_nanos, cache_hits, latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100,
    le_250, le_500, le_1000, le_2500, le_5000, le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT
    r.day_start, r.user_id, r.provider_id, r.model_name, '', r.requests - COALESCE(n.requests, 0),
    r.errors - COALESCE(n.errors, 0), r.prompt_tokens - COALESCE(n.prompt_tokens, 0),
    r.completion_tokens - COALESCE(n.completion_tokens, 0), r.total_tokens - COALESCE(n.total_tokens, 0),
    r.cached_tokens - COALESCE(n.cached_tokens, 0), 0, r.cost_nanos - COALESCE(n.cost_nanos, 0),
    r.cost_saved_nanos - COALESCE(n.cost_saved_nanos, 0), r.cache_hits - COALESCE(n.cache_hits, 0),
    r.latency_sum_ms - COALESCE(n.latency_sum_ms, 0), r.le_1 - COALESCE(n.le_1, 0),
    r.le_2 - COALESCE(n.le_2, 0), r.le_5 - COALESCE(n.le_5, 0), r.le_10 - COALESCE(n.le_10, 0),
    r.le_25 - COALESCE(n.le_25, 0), r.le_50 - COALESCE(n.le_50, 0), r.le_100 - COALESCE(n.le_100, 0),
    r.le_250 - COALESCE(n.le_250, 0), r.le_500 - COALESCE(n.le_500, 0), r.le_1000 - COALESCE(n.le_1000, 0),
    r.le_2500 - COALESCE(n.le_2500, 0), r.le_5000 - COALESCE(n.le_5000, 0),
    r.le_10000 - COALESCE(n.le_10000, 0), r.le_30000 - COALESCE(n.le_30000, 0),
    r.le_60000 - COALESCE(n.le_60000, 0), r.le_120000 - COALESCE(n.le_120000, 0),
    r.le_inf - COALESCE(n.le_inf, 0)
  FROM request_rollups_daily r LEFT JOIN (
    SELECT day_start, user_id, provider_id, model_name,
      SUM(requests) AS requests, SUM(errors) AS errors, SUM(prompt_tokens) AS prompt_tokens,
      SUM(completion_tokens) AS completion_tokens, SUM(total_tokens) AS total_tokens,
      SUM(cached_tokens) AS cached_tokens, SUM(cost_nanos) AS cost_nanos,
      SUM(cost_saved_nanos) AS cost_saved_nanos, SUM(cache_hits) AS cache_hits,
      SUM(latency_sum_ms) AS latency_sum_ms, SUM(le_1) AS le_1, SUM(le_2) AS le_2, SUM(le_5) AS le_5,
      SUM(le_10) AS le_10, SUM(le_25) AS le_25, SUM(le_50) AS le_50, SUM(le_100) AS le_100,
      SUM(le_250) AS le_250, SUM(le_500) AS le_500, SUM(le_1000) AS le_1000, SUM(le_2500) AS le_2500,
      SUM(le_5000) AS le_5000, SUM(le_10000) AS le_10000, SUM(le_30000) AS le_30000, SUM(le_60000) AS le_60000,
      SUM(le_120000) AS le_120000, SUM(le_inf) AS le_inf
    FROM request_rollups_daily_v8 WHERE endpoint <> '' GROUP BY day_start, user_id, provider_id, model_name) n
    ON n.day_start = r.day_start AND n.user_id = r.user_id AND n.provider_id = r.provider_id
    AND n.model_name = r.model_name
  WHERE r.requests <> COALESCE(n.requests, 0) OR r.errors <> COALESCE(n.errors, 0)
    OR r.prompt_tokens <> COALESCE(n.prompt_tokens, 0)
    OR r.completion_tokens <> COALESCE(n.completion_tokens, 0) OR r.total_tokens <> COALESCE(n.total_tokens, 0)
    OR r.cached_tokens <> COALESCE(n.cached_tokens, 0) OR r.cost_nanos <> COALESCE(n.cost_nanos, 0)
    OR r.cost_saved_nanos <> COALESCE(n.cost_saved_nanos, 0) OR r.cache_hits <> COALESCE(n.cache_hits, 0)
    OR r.latency_sum_ms <> COALESCE(n.latency_sum_ms, 0) OR r.le_1 <> COALESCE(n.le_1, 0)
    OR r.le_2 <> COALESCE(n.le_2, 0) OR r.le_5 <> COALESCE(n.le_5, 0) OR r.le_10 <> COALESCE(n.le_10, 0)
    OR r.le_25 <> COALESCE(n.le_25, 0) OR r.le_50 <> COALESCE(n.le_50, 0) OR r.le_100 <> COALESCE(n.le_100, 0)
    OR r.le_250 <> COALESCE(n.le_250, 0) OR r.le_500 <> COALESCE(n.le_500, 0)
    OR r.le_1000 <> COALESCE(n.le_1000, 0) OR r.le_2500 <> COALESCE(n.le_2500, 0)
    OR r.le_5000 <> COALESCE(n.le_5000, 0) OR r.le_10000 <> COALESCE(n.le_10000, 0)
    OR r.le_30000 <> COALESCE(n.le_30000, 0) OR r.le_60000 <> COALESCE(n.le_60000, 0)
    OR r.le_120000 <> COALESCE(n.le_120000, 0) OR r.le_inf <> COALESCE(n.le_inf, 0);

DROP TABLE request_rollups_hourly;
DROP TABLE request_rollups_daily;
ALTER TABLE request_rollups_hourly_v8 RENAME TO request_rollups_hourly;
ALTER TABLE request_rollups_daily_v8 RENAME TO request_rollups_daily;

-- As before: one user's hours and days, and their erasure.
CREATE INDEX request_rollups_hourly_by_user ON request_rollups_hourly (user_id, hour_start);
CREATE INDEX request_rollups_daily_by_user ON request_rollups_daily (user_id, day_start);
