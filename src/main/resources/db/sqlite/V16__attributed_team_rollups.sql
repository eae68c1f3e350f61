-- (SQLite) The PostgreSQL migration of the same number means the same.
-- Daily rollups of each team's requests per key, tag, end user, session and client tool: what a team's admins (and
-- admins filtering by a team) break their team's spend down by, summed from the team's few thousand rows a month
-- instead of its raw requests (0.17-1.3 s for a team of 66,000 requests a month). Requests without a team are
-- not here. Written only by the attributed rollup job (V14) per closed 5 minutes, and at once for a late request;
-- repricing, erasure and retention keep it in step. Filled here with the requests before the watermark.
CREATE TABLE request_rollups_attributed_team_daily (
  day_start                BIGINT NOT NULL,
  team_id                  TEXT NOT NULL,
  dimension                TEXT NOT NULL,
  value                    TEXT NOT NULL,
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
  PRIMARY KEY (team_id, dimension, day_start, value)
);

INSERT INTO request_rollups_attributed_team_daily (
    day_start, team_id, dimension, value, requests, errors, prompt_tokens, completion_tokens, total_tokens,
    cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos, prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, team_id, 'api_key_id', COALESCE(api_key_id, ''),
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
  WHERE team_id IS NOT NULL
    AND ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, team_id, COALESCE(api_key_id, '');

INSERT INTO request_rollups_attributed_team_daily (
    day_start, team_id, dimension, value, requests, errors, prompt_tokens, completion_tokens, total_tokens,
    cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos, prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, team_id, 'end_user', COALESCE(end_user, ''),
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
  WHERE team_id IS NOT NULL
    AND ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, team_id, COALESCE(end_user, '');

INSERT INTO request_rollups_attributed_team_daily (
    day_start, team_id, dimension, value, requests, errors, prompt_tokens, completion_tokens, total_tokens,
    cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos, prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, team_id, 'session_id', COALESCE(session_id, ''),
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
  WHERE team_id IS NOT NULL
    AND ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, team_id, COALESCE(session_id, '');

INSERT INTO request_rollups_attributed_team_daily (
    day_start, team_id, dimension, value, requests, errors, prompt_tokens, completion_tokens, total_tokens,
    cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos, prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (ts / 86400000) * 86400000, team_id, 'client_tool', COALESCE(client_tool, ''),
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
  WHERE team_id IS NOT NULL
    AND ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (ts / 86400000) * 86400000, team_id, COALESCE(client_tool, '');

INSERT INTO request_rollups_attributed_team_daily (
    day_start, team_id, dimension, value, requests, errors, prompt_tokens, completion_tokens, total_tokens,
    cached_tokens, cache_write_tokens, cost_nanos, cost_saved_nanos, prompt_cache_saved_nanos, cache_hits,
    latency_sum_ms, le_1, le_2, le_5, le_10, le_25, le_50, le_100, le_250, le_500, le_1000, le_2500, le_5000,
    le_10000, le_30000, le_60000, le_120000, le_inf)
  SELECT (l.ts / 86400000) * 86400000, l.team_id, 'tag', COALESCE(t.tag, ''),
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
  WHERE l.team_id IS NOT NULL
    AND l.ts < (SELECT rolled_up_before FROM attributed_rollup_watermark WHERE id = 1)
  GROUP BY (l.ts / 86400000) * 86400000, l.team_id, COALESCE(t.tag, '');
