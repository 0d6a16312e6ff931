/**
 * Migration 6: owner claims. One row per claimed object (a group, member, API key, or a group's auto-reload
 * policy as `<group_id>/auto_reload`): which stack instance and resource hold it, and the lease naming that
 * claim. No foreign keys: the object tables differ, and a claim of a deleted object is released with it.
 */
export const CLAIMS_MIGRATION = `
  CREATE TABLE claims (
    object_id     TEXT PRIMARY KEY,
    group_id      TEXT NOT NULL,
    object_type   TEXT NOT NULL CHECK (object_type IN ('group', 'member', 'api_key', 'auto_reload')),
    owner_stack   TEXT NOT NULL,
    owner_resource TEXT NOT NULL,
    lease         TEXT NOT NULL,
    claimed_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX claims_by_group ON claims (group_id);
`;
