/**
 * Migration 3: members and their invitations. One row per person and group, from invitation to
 * membership; `expired` is not stored but derived from `expires_at_ms`, so an invitation lapses without a
 * background job. Emails are stored trimmed and lower-cased; NOCASE guards the uniqueness as well.
 */
export const MEMBERS_MIGRATION = `
  CREATE TABLE members (
    id            TEXT PRIMARY KEY,
    group_id      TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    email         TEXT NOT NULL COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    state         TEXT NOT NULL CHECK (state IN ('invited', 'active')),
    invited_at_ms INTEGER NOT NULL,
    joined_at_ms  INTEGER,
    expires_at_ms INTEGER,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    UNIQUE (group_id, email),
    CHECK ((state = 'active') = (joined_at_ms IS NOT NULL)),
    CHECK ((state = 'invited') = (expires_at_ms IS NOT NULL))
  ) STRICT;
  CREATE INDEX members_by_group ON members (group_id, created_at_ms, id);
`;
