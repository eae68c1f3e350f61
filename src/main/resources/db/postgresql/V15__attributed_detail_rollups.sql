-- (PostgreSQL) The SQLite migration of the same number means the same.
-- Daily rollups per attribution value and per user, provider, model and endpoint: the sums of
-- request_rollups_attributed_daily (V11) split further, so the stats, costs and daily series of one team, key, tag,
-- end user, session or client tool (and a team admin's numbers of their team by user, provider, model or endpoint)
-- sum a few hundred to a few thousand rows instead of that value's raw rows (0.2-1.6 s for a busy team, key, tag
-- or tool of a million requests a month). Written only by the attributed rollup job (V14) per closed 5 minutes, and at
-- once for a late request, so the writer pays nothing for it; repricing, erasure and retention keep it in step.
-- The key orders a value's days together. Filled here with what the other attributed rollups hold (the requests
-- before the watermark).
CREATE TABLE request_rollups_attributed_detail_daily (
  day_start                BIGINT NOT NULL,
  dimension                TEXT NOT NULL,
  value                    TEXT NOT NULL,
  user_id                  TEXT NOT NULL,
  provider_id              TEXT NOT NULL,
  model_name               TEXT NOT NULL,
  endpoint                 TEXT NOT NULL,
  requests                 BIGINT NOT NULL DEFAULT 0,
  errors                   BIGINT NOT NULL DEFAULT 0,
  prompt_tokens            BIGINT NOT NULL DEFAULT 0,
  completion_tokens        BIGINT NOT NULL DEFAULT 0,
  total_tokens             BIGINT NOT NULL DEFAULT 0,
  cached_tokens            BIGINT NOT NULL DEFAULT 0,
  cache_write_tokens       BIGINT NOT NULL DEFAULT 0,
  cost_nanos               BIGINT NOT NULL DEFAULT 0,
  cost_saved_nanos         BIGINT NOT NULL DEFAULT 0,
  prompt_cache_saved_nanos BIGINT NOT NULL DEFAULT 0,
  cache_hits               BIGINT NOT NULL DEFAULT 0,
  latency_sum_ms           BIGINT NOT NULL DEFAULT 0,
  le_1                     BIGINT NOT NULL DEFAULT 0,
  le_2                     BIGINT NOT NULL DEFAULT 0,
  le_5                     BIGINT NOT NULL DEFAULT 0,
  le_10                    BIGINT NOT NULL DEFAULT 0,
  le_25                    BIGINT NOT NULL DEFAULT 0,
  le_50                    BIGINT NOT NULL DEFAULT 0,
  le_100                   BIGINT NOT NULL DEFAULT 0,
  le_250                   BIGINT NOT NULL DEFAULT 0,
  le_500                   BIGINT NOT NULL DEFAULT 0,
  le_1000                  BIGINT NOT NULL DEFAULT 0,
  le_2500                  BIGINT NOT NULL DEFAULT 0,
  le_5000                  BIGINT NOT NULL DEFAULT 0,
  le_10000                 BIGINT NOT NULL DEFAULT 0,
  le_30000                 BIGINT NOT NULL DEFAULT 0,
  le_60000                 BIGINT NOT NULL DEFAULT 0,
  le_120000                BIGINT NOT NULL DEFAULT 0,
  le_inf                   BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (dimension, value, day_start, user_id, provider_id, model_name, endpoint)
);

INSERT INTO request_rollups_attributed_detail_daily (
    day_start, dimension, value, user_id, provider_id, model_name, endpoint, requests, errors, prompt_tokens,
    completion_tokens, total_tokens, cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos,
    prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, 'team_id', COALESCE(team_id, ''),
    COALESCE(user_id, ''), COALESCE(provider_id, ''), COALESCE(model_name, ''), COALESCE(endpoint, ''),
    COUNT(*), SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens), SUM(completion_tokens),
    SUM(total_tokens), SUM(cached_tokens), SUM(cache_write_tokens), SUM(cost_nanos), SUM(cost_saved_nanos),
    SUM(prompt_cache_saved_nanos), SUM(CASE WHEN cache_status = 'HIT' THEN 1 ELSE 0 END), SUM(latency_ms),
    SUM(CASE WHEN latency_ms <= 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1 AND latency_ms <= 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2 AND latency_ms <= 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5 AND latency_ms <= 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10 AND latency_ms <= 25 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 25 AND latency_ms <= 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 50 AND latency_ms <= 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 100 AND latency_ms <= 250 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 250 AND latency_ms <= 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 500 AND latency_ms <= 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1000 AND latency_ms <= 2500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2500 AND latency_ms <= 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5000 AND latency_ms <= 10000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10000 AND latency_ms <= 30000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 30000 AND latency_ms <= 60000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 60000 AND latency_ms <= 120000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 120000 THEN 1 ELSE 0 END)
  FROM request_logs
  WHERE ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, COALESCE(team_id, ''), COALESCE(user_id, ''), COALESCE(provider_id, ''),
    COALESCE(model_name, ''), COALESCE(endpoint, '');

INSERT INTO request_rollups_attributed_detail_daily (
    day_start, dimension, value, user_id, provider_id, model_name, endpoint, requests, errors, prompt_tokens,
    completion_tokens, total_tokens, cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos,
    prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, 'api_key_id', COALESCE(api_key_id, ''),
    COALESCE(user_id, ''), COALESCE(provider_id, ''), COALESCE(model_name, ''), COALESCE(endpoint, ''),
    COUNT(*), SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens), SUM(completion_tokens),
    SUM(total_tokens), SUM(cached_tokens), SUM(cache_write_tokens), SUM(cost_nanos), SUM(cost_saved_nanos),
    SUM(prompt_cache_saved_nanos), SUM(CASE WHEN cache_status = 'HIT' THEN 1 ELSE 0 END), SUM(latency_ms),
    SUM(CASE WHEN latency_ms <= 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1 AND latency_ms <= 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2 AND latency_ms <= 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5 AND latency_ms <= 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10 AND latency_ms <= 25 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 25 AND latency_ms <= 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 50 AND latency_ms <= 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 100 AND latency_ms <= 250 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 250 AND latency_ms <= 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 500 AND latency_ms <= 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1000 AND latency_ms <= 2500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2500 AND latency_ms <= 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5000 AND latency_ms <= 10000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10000 AND latency_ms <= 30000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 30000 AND latency_ms <= 60000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 60000 AND latency_ms <= 120000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 120000 THEN 1 ELSE 0 END)
  FROM request_logs
  WHERE ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, COALESCE(api_key_id, ''), COALESCE(user_id, ''), COALESCE(provider_id, ''),
    COALESCE(model_name, ''), COALESCE(endpoint, '');

INSERT INTO request_rollups_attributed_detail_daily (
    day_start, dimension, value, user_id, provider_id, model_name, endpoint, requests, errors, prompt_tokens,
    completion_tokens, total_tokens, cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos,
    prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, 'end_user', COALESCE(end_user, ''),
    COALESCE(user_id, ''), COALESCE(provider_id, ''), COALESCE(model_name, ''), COALESCE(endpoint, ''),
    COUNT(*), SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens), SUM(completion_tokens),
    SUM(total_tokens), SUM(cached_tokens), SUM(cache_write_tokens), SUM(cost_nanos), SUM(cost_saved_nanos),
    SUM(prompt_cache_saved_nanos), SUM(CASE WHEN cache_status = 'HIT' THEN 1 ELSE 0 END), SUM(latency_ms),
    SUM(CASE WHEN latency_ms <= 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1 AND latency_ms <= 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2 AND latency_ms <= 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5 AND latency_ms <= 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10 AND latency_ms <= 25 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 25 AND latency_ms <= 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 50 AND latency_ms <= 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 100 AND latency_ms <= 250 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 250 AND latency_ms <= 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 500 AND latency_ms <= 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1000 AND latency_ms <= 2500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2500 AND latency_ms <= 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5000 AND latency_ms <= 10000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10000 AND latency_ms <= 30000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 30000 AND latency_ms <= 60000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 60000 AND latency_ms <= 120000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 120000 THEN 1 ELSE 0 END)
  FROM request_logs
  WHERE ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, COALESCE(end_user, ''), COALESCE(user_id, ''), COALESCE(provider_id, ''),
    COALESCE(model_name, ''), COALESCE(endpoint, '');

INSERT INTO request_rollups_attributed_detail_daily (
    day_start, dimension, value, user_id, provider_id, model_name, endpoint, requests, errors, prompt_tokens,
    completion_tokens, total_tokens, cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos,
    prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, 'session_id', COALESCE(session_id, ''),
    COALESCE(user_id, ''), COALESCE(provider_id, ''), COALESCE(model_name, ''), COALESCE(endpoint, ''),
    COUNT(*), SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens), SUM(completion_tokens),
    SUM(total_tokens), SUM(cached_tokens), SUM(cache_write_tokens), SUM(cost_nanos), SUM(cost_saved_nanos),
    SUM(prompt_cache_saved_nanos), SUM(CASE WHEN cache_status = 'HIT' THEN 1 ELSE 0 END), SUM(latency_ms),
    SUM(CASE WHEN latency_ms <= 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1 AND latency_ms <= 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2 AND latency_ms <= 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5 AND latency_ms <= 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10 AND latency_ms <= 25 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 25 AND latency_ms <= 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 50 AND latency_ms <= 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 100 AND latency_ms <= 250 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 250 AND latency_ms <= 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 500 AND latency_ms <= 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1000 AND latency_ms <= 2500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2500 AND latency_ms <= 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5000 AND latency_ms <= 10000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10000 AND latency_ms <= 30000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 30000 AND latency_ms <= 60000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 60000 AND latency_ms <= 120000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 120000 THEN 1 ELSE 0 END)
  FROM request_logs
  WHERE ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, COALESCE(session_id, ''), COALESCE(user_id, ''), COALESCE(provider_id, ''),
    COALESCE(model_name, ''), COALESCE(endpoint, '');

INSERT INTO request_rollups_attributed_detail_daily (
    day_start, dimension, value, user_id, provider_id, model_name, endpoint, requests, errors, prompt_tokens,
    completion_tokens, total_tokens, cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos,
    prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, 'client_tool', COALESCE(client_tool, ''),
    COALESCE(user_id, ''), COALESCE(provider_id, ''), COALESCE(model_name, ''), COALESCE(endpoint, ''),
    COUNT(*), SUM(CASE WHEN status_code >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens), SUM(completion_tokens),
    SUM(total_tokens), SUM(cached_tokens), SUM(cache_write_tokens), SUM(cost_nanos), SUM(cost_saved_nanos),
    SUM(prompt_cache_saved_nanos), SUM(CASE WHEN cache_status = 'HIT' THEN 1 ELSE 0 END), SUM(latency_ms),
    SUM(CASE WHEN latency_ms <= 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1 AND latency_ms <= 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2 AND latency_ms <= 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5 AND latency_ms <= 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10 AND latency_ms <= 25 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 25 AND latency_ms <= 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 50 AND latency_ms <= 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 100 AND latency_ms <= 250 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 250 AND latency_ms <= 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 500 AND latency_ms <= 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 1000 AND latency_ms <= 2500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 2500 AND latency_ms <= 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 5000 AND latency_ms <= 10000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 10000 AND latency_ms <= 30000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 30000 AND latency_ms <= 60000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 60000 AND latency_ms <= 120000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN latency_ms > 120000 THEN 1 ELSE 0 END)
  FROM request_logs
  WHERE ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, COALESCE(client_tool, ''), COALESCE(user_id, ''), COALESCE(provider_id, ''),
    COALESCE(model_name, ''), COALESCE(endpoint, '');

INSERT INTO request_rollups_attributed_detail_daily (
    day_start, dimension, value, user_id, provider_id, model_name, endpoint, requests, errors, prompt_tokens,
    completion_tokens, total_tokens, cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos,
    prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (l.ts / 86400000) * 86400000, 'tag', COALESCE(t.tag, ''),
    COALESCE(l.user_id, ''), COALESCE(l.provider_id, ''), COALESCE(l.model_name, ''), COALESCE(l.endpoint, ''),
    COUNT(*), SUM(CASE WHEN l.status_code >= 400 THEN 1 ELSE 0 END), SUM(l.prompt_tokens),
    SUM(l.completion_tokens), SUM(l.total_tokens), SUM(l.cached_tokens), SUM(l.cache_write_tokens),
    SUM(l.cost_nanos), SUM(l.cost_saved_nanos), SUM(l.prompt_cache_saved_nanos),
    SUM(CASE WHEN l.cache_status = 'HIT' THEN 1 ELSE 0 END), SUM(l.latency_ms),
    SUM(CASE WHEN l.latency_ms <= 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 1 AND l.latency_ms <= 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 2 AND l.latency_ms <= 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 5 AND l.latency_ms <= 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 10 AND l.latency_ms <= 25 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 25 AND l.latency_ms <= 50 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 50 AND l.latency_ms <= 100 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 100 AND l.latency_ms <= 250 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 250 AND l.latency_ms <= 500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 500 AND l.latency_ms <= 1000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 1000 AND l.latency_ms <= 2500 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 2500 AND l.latency_ms <= 5000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 5000 AND l.latency_ms <= 10000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 10000 AND l.latency_ms <= 30000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 30000 AND l.latency_ms <= 60000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 60000 AND l.latency_ms <= 120000 THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.latency_ms > 120000 THEN 1 ELSE 0 END)
  FROM request_logs l LEFT JOIN request_log_tags t ON t.log_id = l.id
  WHERE l.ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (l.ts / 86400000) * 86400000, COALESCE(t.tag, ''), COALESCE(l.user_id, ''), COALESCE(l.provider_id, ''),
    COALESCE(l.model_name, ''), COALESCE(l.endpoint, '');
