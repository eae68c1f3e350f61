-- Users and their API keys. Ids are text made by the gateway; times are epoch milliseconds.
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'user')),
  password_hash TEXT,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);

-- Only the SHA-256 of a key is kept; prefix is the first characters of the key, for people to tell keys apart.
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  key_hash     TEXT NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);

CREATE INDEX api_keys_by_user ON api_keys (user_id);
