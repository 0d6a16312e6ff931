/**
 * Migration 5: metering. Money is INTEGER micro-USD, as on the wire: every published Sonar and Search API
 * price is a whole number of micro-USD per unit (see api/pricing.ts), so nothing finer is needed.
 *
 * - `credit_ledger`: the append-only credit ledger; `credit_balances` stays as its cached sum, updated in
 *   the same transaction as each entry. Balances of databases from before the ledger become one
 *   `adjustment` entry each, so the ledger sums to the cached balance from the start.
 * - `usage_events`: every recorded event, kept for deduplication by id (`fingerprint` is the SHA-256 of
 *   the event as validated, to tell an identical replay from a conflicting one); WITHOUT ROWID, so the
 *   id's b-tree is the table and an insert writes one b-tree less.
 * - `usage_daily`: per-day totals by key, model, search context size and Pro Search type, for the usage
 *   chart, the billing breakdown and the invoices (`cycle` is the month the usage was received in).
 * - `auto_reloads`: every reload attempt; at most one `pending` per group (a second guard next to the
 *   serialized transaction); `consecutive_failures` counts declined reloads since the last success.
 */
export const METERING_MIGRATION = `
  CREATE TABLE credit_ledger (
    seq                      INTEGER PRIMARY KEY,
    group_id                 TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    kind                     TEXT NOT NULL CHECK (kind IN ('purchase', 'auto_reload', 'usage_debit', 'adjustment')),
    amount_usd_micros        INTEGER NOT NULL,
    balance_after_usd_micros INTEGER NOT NULL,
    reference                TEXT,
    created_at_ms            INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX credit_ledger_by_group ON credit_ledger (group_id, seq);
  INSERT INTO credit_ledger (group_id, kind, amount_usd_micros, balance_after_usd_micros, reference, created_at_ms)
    SELECT group_id, 'adjustment', credit_balance_usd_micros, credit_balance_usd_micros, 'opening_balance', CAST(strftime('%s', 'now') AS INTEGER) * 1000
    FROM credit_balances WHERE credit_balance_usd_micros <> 0;

  CREATE TABLE usage_events (
    id              TEXT PRIMARY KEY,
    group_id        TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    api_key_id      TEXT NOT NULL,
    model           TEXT NOT NULL,
    occurred_at_ms  INTEGER NOT NULL,
    received_at_ms  INTEGER NOT NULL,
    fingerprint     TEXT NOT NULL,
    cost_usd_micros INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX usage_events_by_group ON usage_events (group_id);

  CREATE TABLE usage_daily (
    group_id         TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    day              INTEGER NOT NULL,
    cycle            TEXT NOT NULL,
    api_key_id       TEXT NOT NULL,
    model            TEXT NOT NULL,
    context          TEXT NOT NULL,
    search_type      TEXT NOT NULL,
    requests         INTEGER NOT NULL,
    input_tokens     INTEGER NOT NULL,
    output_tokens    INTEGER NOT NULL,
    citation_tokens  INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL,
    search_queries   INTEGER NOT NULL,
    cost_usd_micros  INTEGER NOT NULL,
    PRIMARY KEY (group_id, day, cycle, api_key_id, model, context, search_type)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE auto_reloads (
    id                TEXT PRIMARY KEY,
    group_id          TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    amount_usd_micros INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'skipped')),
    reason            TEXT,
    created_at_ms     INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX auto_reloads_by_group ON auto_reloads (group_id, created_at_ms);
  CREATE UNIQUE INDEX auto_reloads_one_pending ON auto_reloads (group_id) WHERE status = 'pending';

  ALTER TABLE auto_reload_settings ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
`;
