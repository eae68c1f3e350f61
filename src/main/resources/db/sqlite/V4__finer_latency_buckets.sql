-- Finer latency buckets for the hourly rollups: le_1, le_2, le_5, le_10 and le_25 split what le_50 counted
-- alone (0-50 ms), so percentiles of fast requests (cache hits, embeddings) are estimated from buckets a few ms
-- wide instead of 50. From now on le_50 counts (25, 50] ms. Hours whose request logs are still stored are split
-- exactly from them; hours whose logs retention already deleted keep their 0-50 ms count in le_50.
ALTER TABLE request_rollups_hourly ADD COLUMN le_1 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups_hourly ADD COLUMN le_2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups_hourly ADD COLUMN le_5 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups_hourly ADD COLUMN le_10 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups_hourly ADD COLUMN le_25 BIGINT NOT NULL DEFAULT 0;

UPDATE request_rollups_hourly SET
  le_1 = (SELECT COUNT(*) FROM request_logs l
    WHERE l.ts >= request_rollups_hourly.hour_start AND l.ts < request_rollups_hourly.hour_start + 3600000
      AND COALESCE(l.user_id, '') = request_rollups_hourly.user_id
      AND COALESCE(l.provider_id, '') = request_rollups_hourly.provider_id
      AND COALESCE(l.model_name, '') = request_rollups_hourly.model_name AND l.latency_ms <= 1),
  le_2 = (SELECT COUNT(*) FROM request_logs l
    WHERE l.ts >= request_rollups_hourly.hour_start AND l.ts < request_rollups_hourly.hour_start + 3600000
      AND COALESCE(l.user_id, '') = request_rollups_hourly.user_id
      AND COALESCE(l.provider_id, '') = request_rollups_hourly.provider_id
      AND COALESCE(l.model_name, '') = request_rollups_hourly.model_name AND l.latency_ms > 1 AND l.latency_ms <= 2),
  le_5 = (SELECT COUNT(*) FROM request_logs l
    WHERE l.ts >= request_rollups_hourly.hour_start AND l.ts < request_rollups_hourly.hour_start + 3600000
      AND COALESCE(l.user_id, '') = request_rollups_hourly.user_id
      AND COALESCE(l.provider_id, '') = request_rollups_hourly.provider_id
      AND COALESCE(l.model_name, '') = request_rollups_hourly.model_name AND l.latency_ms > 2 AND l.latency_ms <= 5),
  le_10 = (SELECT COUNT(*) FROM request_logs l
    WHERE l.ts >= request_rollups_hourly.hour_start AND l.ts < request_rollups_hourly.hour_start + 3600000
      AND COALESCE(l.user_id, '') = request_rollups_hourly.user_id
      AND COALESCE(l.provider_id, '') = request_rollups_hourly.provider_id
      AND COALESCE(l.model_name, '') = request_rollups_hourly.model_name AND l.latency_ms > 5 AND l.latency_ms <= 10),
  le_25 = (SELECT COUNT(*) FROM request_logs l
    WHERE l.ts >= request_rollups_hourly.hour_start AND l.ts < request_rollups_hourly.hour_start + 3600000
      AND COALESCE(l.user_id, '') = request_rollups_hourly.user_id
      AND COALESCE(l.provider_id, '') = request_rollups_hourly.provider_id
      AND COALESCE(l.model_name, '') = request_rollups_hourly.model_name AND l.latency_ms > 10 AND l.latency_ms <= 25);

UPDATE request_rollups_hourly SET le_50 = le_50 - le_1 - le_2 - le_5 - le_10 - le_25;
