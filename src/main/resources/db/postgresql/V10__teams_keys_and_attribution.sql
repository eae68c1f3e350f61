-- (PostgreSQL) The SQLite migration of the same number means the same.
-- Teams, key policy, and what every request is attributed to beyond its user: its team, session, client tool
-- and tags. Times are epoch milliseconds (UTC).

-- A team groups users and keys; the spend of the calls made with a key bound to a team is the team's.
CREATE TABLE teams (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- A user may be in several teams; a team 'admin' sees and manages the team's keys, budgets and data.
CREATE TABLE team_members (
  team_id    TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('member', 'admin')),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);

CREATE INDEX team_members_by_user ON team_members (user_id);

-- Key policy, each part optional: the team the key's spend belongs to, the models it may call (a JSON array of
-- names or provider/name; NULL: any), when it stops working, and the tags its calls carry by default (a JSON
-- array of tags). A key's budgets are alert_settings rows of scope 'key:<id>', a team's of scope 'team:<id>'.
ALTER TABLE api_keys ADD COLUMN team_id TEXT REFERENCES teams (id) ON DELETE SET NULL;
ALTER TABLE api_keys ADD COLUMN allowed_models TEXT;
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
ALTER TABLE api_keys ADD COLUMN default_tags TEXT;

CREATE INDEX api_keys_by_team ON api_keys (team_id);

-- The attribution of a request: the team of its key, the agent session it belongs to (as the client named it,
-- bounded in length), the client tool that sent it (ClientTool names: claude-code, codex, openai-sdk-python, …) and its
-- tags (a JSON array, also one row each in request_log_tags, which filters and breakdowns read). NULL: none.
ALTER TABLE request_logs ADD COLUMN team_id TEXT;
ALTER TABLE request_logs ADD COLUMN session_id TEXT;
ALTER TABLE request_logs ADD COLUMN client_tool TEXT;
ALTER TABLE request_logs ADD COLUMN tags TEXT;

-- A team's, a session's and a client tool's calls of a range are one index range each. Keys and end users get no
-- index: a busy gateway's batch of logs spreads over thousands of them, and two such indexes halved the writer's
-- throughput (bench/writer-throughput.sh, docs/PERFORMANCE.md); their sums come from the attributed daily rollups
-- (V11), and their calls through the time index.
CREATE INDEX request_logs_by_team_ts ON request_logs (team_id, ts) WHERE team_id IS NOT NULL;
CREATE INDEX request_logs_by_session_ts ON request_logs (session_id, ts) WHERE session_id IS NOT NULL;
CREATE INDEX request_logs_by_tool_ts ON request_logs (client_tool, ts);

-- One row per tag of a logged request; ts repeats the request's time so a tag's requests of a range are one
-- index range. Deleted with their request.
CREATE TABLE request_log_tags (
  log_id TEXT NOT NULL REFERENCES request_logs (id) ON DELETE CASCADE,
  tag    TEXT NOT NULL,
  ts     BIGINT NOT NULL,
  PRIMARY KEY (log_id, tag)
);

CREATE INDEX request_log_tags_by_tag_ts ON request_log_tags (tag, ts);

-- What the providers' prompt caching saved on a request: its cache reads priced at the input price, minus what they
-- were charged (nano-dollars; 0 without cache reads or a price). Summed in both rollups like the cost.
ALTER TABLE request_logs ADD COLUMN prompt_cache_saved_nanos BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups_hourly ADD COLUMN prompt_cache_saved_nanos BIGINT NOT NULL DEFAULT 0;
ALTER TABLE request_rollups_daily ADD COLUMN prompt_cache_saved_nanos BIGINT NOT NULL DEFAULT 0;
