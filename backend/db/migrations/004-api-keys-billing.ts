/**
 * Migration 4: API keys, payment methods, auto-reload settings and each group's credit totals.
 *
 * An API key keeps only the SHA-256 hash of its token (for `/revoke_auth_token`, which names the key by
 * its token) and the last 4 characters for the hint; the token itself is never stored. Money here is
 * INTEGER micro-USD, as on the wire. A group without a row in `payment_methods`, `auto_reload_settings`
 * or `credit_balances` has no card, the default policy and zero credit.
 */
export const API_KEYS_BILLING_MIGRATION = `
  CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    group_id      TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    token_last4   TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER
  ) STRICT;
  CREATE INDEX api_keys_by_group ON api_keys (group_id, created_at_ms, id);

  CREATE TABLE payment_methods (
    group_id      TEXT PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
    token         TEXT NOT NULL CHECK (token IN ('pm_card_visa', 'pm_card_mastercard', 'pm_card_declined')),
    brand         TEXT NOT NULL,
    last4         TEXT NOT NULL,
    exp_month     INTEGER NOT NULL,
    exp_year      INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE auto_reload_settings (
    group_id                 TEXT PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
    enabled                  INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    threshold_usd_micros     INTEGER NOT NULL,
    amount_usd_micros        INTEGER NOT NULL,
    monthly_limit_usd_micros INTEGER,
    disabled_reason          TEXT CHECK (disabled_reason IN ('payment_failures')),
    updated_at_ms            INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE credit_balances (
    group_id                      TEXT PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
    credit_balance_usd_micros     INTEGER NOT NULL DEFAULT 0,
    lifetime_purchased_usd_micros INTEGER NOT NULL DEFAULT 0
  ) STRICT;
`;
