-- (SQLite) The PostgreSQL migration of the same number means the same.
-- Run-time prices: what admins set through /api/v1/prices or the dashboard's Prices page, without a redeploy.
-- They win over pricing in loom.yaml and over the shipped price list. Prices are USD per one million tokens as
-- whole nano-dollars (10^-9 USD, the unit of every cost in the store); times are epoch milliseconds (UTC).
CREATE TABLE price_overrides (
  -- A configured provider's id (loom.yaml providers[].id) and the model name exactly as sent upstream.
  provider_id                TEXT NOT NULL,
  model                      TEXT NOT NULL,
  -- The price applies to calls made at or after this time; 0 means every call (no start). Several rows of one
  -- model are its price history: a call pays the row with the latest effective_from not after the call.
  effective_from             BIGINT NOT NULL CHECK (effective_from >= 0),
  input_nanos_per_mtok       BIGINT NOT NULL CHECK (input_nanos_per_mtok >= 0),
  output_nanos_per_mtok      BIGINT NOT NULL CHECK (output_nanos_per_mtok >= 0),
  -- NULL: cached prompt tokens (cache reads) and cache writes cost the input price.
  cache_read_nanos_per_mtok  BIGINT CHECK (cache_read_nanos_per_mtok >= 0),
  cache_write_nanos_per_mtok BIGINT CHECK (cache_write_nanos_per_mtok >= 0),
  -- Who set the price last (user id, and the name they had then, which outlives a deleted user) and when.
  changed_by                 TEXT NOT NULL,
  changed_by_name            TEXT NOT NULL,
  changed_at                 BIGINT NOT NULL,
  PRIMARY KEY (provider_id, model, effective_from)
);

-- One row: a counter that every change of price_overrides increments in the same transaction. Every gateway
-- sharing the store reads it every few seconds (one tiny read) and reloads the prices only when it moved.
CREATE TABLE price_overrides_revision (
  id                         INTEGER PRIMARY KEY CHECK (id = 1),
  revision                   BIGINT NOT NULL
);

INSERT INTO price_overrides_revision (id, revision) VALUES (1, 0);
