-- (PostgreSQL) The SQLite migration of the same number means the same.
-- The Responses API responses the gateway relayed: which provider holds each one and whose it is, so calls about a
-- response (GET /v1/responses/{id}, cancel, previous_response_id) reach that provider from any gateway node sharing
-- the store. The log row of the call that made or touched a response carries its id.
ALTER TABLE request_logs ADD COLUMN response_id TEXT;
CREATE INDEX request_logs_by_response_id ON request_logs (response_id) WHERE response_id IS NOT NULL;

-- A background response is priced exactly once, by the first call on any node that sees it finished: that call
-- inserts the response's id here, and a call whose insert finds it already there prices nothing.
CREATE TABLE response_pricing (
  response_id TEXT PRIMARY KEY,
  priced_at   BIGINT NOT NULL
);
