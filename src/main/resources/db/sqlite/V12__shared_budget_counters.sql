-- (SQLite) The PostgreSQL migration of the same number means the same.
-- The spend and the reservations of each enforced budget, per period, shared by every gateway node of one store: a
-- call is admitted by one conditional UPDATE of its row (spent + reserved below the budget, the call's estimate then
-- reserved), which the store applies one at a time, so nodes together overshoot a budget by at most one call each.
-- scope: 'global', a user id, 'team:<id>' or 'key:<id>'; period: 'day:2026-12-06' or 'month:2026-12' in the alert
-- zone's calendar; money in nano-dollars. A row starts from the spend the request logs show for its period.
CREATE TABLE budget_counters (
  scope          TEXT NOT NULL,
  period         TEXT NOT NULL,
  spent_nanos    BIGINT NOT NULL,
  reserved_nanos BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  PRIMARY KEY (scope, period)
);
