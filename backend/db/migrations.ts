import { MEMBERS_MIGRATION } from "./migrations/003-members";
import { API_KEYS_BILLING_MIGRATION } from "./migrations/004-api-keys-billing";
import { METERING_MIGRATION } from "./migrations/005-metering";
import { CLAIMS_MIGRATION } from "./migrations/006-claims";
import { USAGE_EVENTS_ROWID_MIGRATION } from "./migrations/007-usage-events-rowid";

/**
 * The schema, as an append-only list of migrations: migration N (1-based) brings the database from
 * version N-1 to N. Never edit an applied migration; add a new one. Money columns are INTEGER micro-USD
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
  // 2: audit events; credentials learn the `member` kind (console tokens of members), whose role is read
  // from the members table at request time so a role change takes effect at once.
  `
  CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    group_id      TEXT NOT NULL,
    actor_type    TEXT NOT NULL CHECK (actor_type IN ('management_key', 'member', 'api_key', 'system')),
    actor_id      TEXT NOT NULL,
    action        TEXT NOT NULL,
    target_type   TEXT NOT NULL,
    target_id     TEXT NOT NULL,
    details       TEXT NOT NULL DEFAULT '{}',
    created_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX audit_events_by_group ON audit_events (group_id, seq);

  CREATE TABLE credentials_v2 (
    token_hash    TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('admin', 'api_key', 'member')),
    principal_id  TEXT NOT NULL,
    group_id      TEXT REFERENCES groups (id) ON DELETE CASCADE,
    role          TEXT CHECK (role IN ('admin', 'member')),
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER
  ) STRICT;
  INSERT INTO credentials_v2 SELECT * FROM credentials;
  DROP TABLE credentials;
  ALTER TABLE credentials_v2 RENAME TO credentials;
  CREATE INDEX credentials_by_principal ON credentials (principal_id);
  `,
  // 3: members and invitations (backend/db/migrations/003-members.ts).
  MEMBERS_MIGRATION,
  // 4: API keys, payment methods and auto-reload settings (backend/db/migrations/004-api-keys-billing.ts).
  API_KEYS_BILLING_MIGRATION,
  // 5: credit ledger, usage events and daily totals, auto-reload attempts (backend/db/migrations/005-metering.ts).
  METERING_MIGRATION,
  // 6: owner claims on groups, members, API keys and auto-reload policies (backend/db/migrations/006-claims.ts).
  CLAIMS_MIGRATION,
  // 7: usage events keyed by arrival, the event id a UNIQUE index (backend/db/migrations/007-usage-events-rowid.ts).
  USAGE_EVENTS_ROWID_MIGRATION,
];
