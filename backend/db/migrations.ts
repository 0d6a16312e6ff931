/**
 * The schema, as an append-only list of migrations: migration N (1-based) brings the database from
 * version N-1 to N. Never edit an applied migration; add a new one. Money columns are INTEGER nano-USD
 * (never REAL), timestamps INTEGER milliseconds since the Unix epoch (UTC).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: groups, credentials (bearer tokens, stored only as SHA-256 hashes) and idempotency keys.
  `
  CREATE TABLE groups (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    address_line1       TEXT NOT NULL,
    address_line2       TEXT,
    address_city        TEXT NOT NULL,
    address_state       TEXT,
    address_postal_code TEXT NOT NULL,
    address_country     TEXT NOT NULL,
    tax_id_type         TEXT,
    tax_id_value        TEXT,
    tier                TEXT NOT NULL DEFAULT 'tier_0',
    created_at_ms       INTEGER NOT NULL,
    updated_at_ms       INTEGER NOT NULL,
    CHECK ((tax_id_type IS NULL) = (tax_id_value IS NULL))
  ) STRICT;
  CREATE INDEX groups_by_creation ON groups (created_at_ms, id);

  CREATE TABLE credentials (
    token_hash    TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('admin', 'api_key')),
    principal_id  TEXT NOT NULL,
    group_id      TEXT REFERENCES groups (id) ON DELETE CASCADE,
    role          TEXT CHECK (role IN ('admin', 'member')),
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER
  ) STRICT;

  CREATE TABLE idempotency_keys (
    principal_id  TEXT NOT NULL,
    key           TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    status        INTEGER,
    response_body TEXT,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (principal_id, key)
  ) STRICT;
  CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at_ms);
  `,
];
