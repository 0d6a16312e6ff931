import {
  INVITATION_LIFETIME_MS, type InviteMemberRequest, type Owner, type Member, type MemberList, type MemberRole, type MemberStatus,
} from "../../api";
import { randomId } from "../crypto";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";
import { createAuditStore, type AuditEntry } from "./audit";
import { createClaimStore, ownerDetails, type ClaimTarget } from "./claims";
import { createCredentialStore } from "./credentials";
import { decodeCursor, encodeCursor } from "./cursor";

/** Who makes a change: a caller of the API, or `system` for the backend itself (an accepted invitation). */
export type Actor = AuditEntry["actor"];

/** Result of {@link MemberStore.invite}: the member, and whether this call created it (`false` = adopted). */
export interface Invitation {
  readonly member: Member;
  readonly created: boolean;
}

/** Query of {@link MemberStore.list}: page size, cursor and optional filters. */
export interface MemberQuery {
  readonly limit: number;
  readonly after?: string | undefined;
  readonly role?: MemberRole | undefined;
  readonly status?: MemberStatus | undefined;
}

/**
 * Members and invitations: business rules and SQL, synchronous (better-sqlite3). Every change is one
 * transaction that also appends its audit event. `now` stamps timestamps and decides whether a pending
 * invitation has `expired`. Throws {@link BackendError} (`group_not_found`, `member_not_found`,
 * `last_admin`, `member_already_active`) for rule violations.
 */
export interface MemberStore {
  /**
   * Invites `request.email` (compared case-insensitively) with `request.role`, valid for
   * {@link INVITATION_LIFETIME_MS}. When the group already has a member or invitation for that email,
   * in any status, returns it unchanged with `created: false`. Either way the request's `owner` claim is
   * recorded (409 `owned_elsewhere` while another stack holds the member, unless `take_over`).
   */
  invite(groupId: string, request: InviteMemberRequest, actor: Actor, now: Date): Invitation;
  /** The member of `groupId`; throws `group_not_found` or `member_not_found`. */
  retrieve(groupId: string, memberId: string, now: Date): Member;
  /** One page of the group's members in invitation order (then id); throws `group_not_found`. */
  list(groupId: string, query: MemberQuery, now: Date): MemberList;
  /** Changes the role; demoting the only active admin throws `last_admin`. Setting the same role is a no-op. */
  updateRole(groupId: string, memberId: string, role: MemberRole, actor: Actor, now: Date): Member;
  /**
   * Removes the member, their credentials and their claim; removing the only active admin throws `last_admin`,
   * and with an `ownerLease` (optional) another resource's member throws `owner_mismatch`.
   */
  remove(groupId: string, memberId: string, actor: Actor, now: Date, ownerLease?: string): void;
  /** Sends the invitation again with a fresh lifetime; throws `member_already_active` for an active member. */
  resend(groupId: string, memberId: string, actor: Actor, now: Date): Member;
  /**
   * Accepts a pending invitation (test controls): `active`, `joined_at` = now, no expiry; idempotent for an
   * active member. An expired invitation cannot be accepted (400 `invalid_request`); re-send it first.
   */
  accept(memberId: string, now: Date): Member;
  /** Makes a pending invitation lapse (test controls): `expires_at` = now − 1 ms. */
  expire(memberId: string, now: Date): Member;
  /** The member, whatever their group, or `undefined`. */
  find(memberId: string, now: Date): Member | undefined;
  /** The role of an *active* member; `undefined` for invitations and removed members (authorization). */
  roleOf(memberId: string): MemberRole | undefined;
}

interface MemberRow {
  id: string;
  group_id: string;
  email: string;
  role: MemberRole;
  state: "invited" | "active";
  invited_at_ms: number;
  joined_at_ms: number | null;
  expires_at_ms: number | null;
  created_at_ms: number;
  updated_at_ms: number;
}

/** Creates the {@link MemberStore} over `db`. */
export function createMemberStore(db: Db): MemberStore {
  const audit = createAuditStore(db);
  const credentials = createCredentialStore(db);
  const columns = "id, group_id, email, role, state, invited_at_ms, joined_at_ms, expires_at_ms, created_at_ms, updated_at_ms";
  const insert = db.prepare(`INSERT INTO members (${columns}) VALUES (${columns.split(", ").map((c) => `@${c}`).join(", ")})`);
  const save = db.prepare(`UPDATE members SET role = @role, state = @state, invited_at_ms = @invited_at_ms, joined_at_ms = @joined_at_ms,
    expires_at_ms = @expires_at_ms, updated_at_ms = @updated_at_ms WHERE id = @id`);
  const deleteById = db.prepare("DELETE FROM members WHERE id = ?");
  const byId = db.prepare("SELECT * FROM members WHERE id = ?");
  const inGroup = db.prepare("SELECT * FROM members WHERE group_id = ? AND id = ?");
  const byEmail = db.prepare("SELECT * FROM members WHERE group_id = ? AND email = ?");
  const groupExists = db.prepare("SELECT 1 FROM groups WHERE id = ?").pluck();
  const activeAdmins = db.prepare("SELECT COUNT(*) FROM members WHERE group_id = ? AND role = 'admin' AND state = 'active'").pluck();
  const activeRole = db.prepare("SELECT role FROM members WHERE id = ? AND state = 'active'").pluck();
  // `expired` is derived, so the status filter compares expires_at_ms with the request's clock.
  const page = db.prepare(`SELECT * FROM members WHERE group_id = @group
    AND (@role IS NULL OR role = @role)
    AND (@status IS NULL OR (@status = 'active' AND state = 'active')
      OR (@status = 'invited' AND state = 'invited' AND expires_at_ms > @now)
      OR (@status = 'expired' AND state = 'invited' AND expires_at_ms <= @now))
    AND (@ms IS NULL OR created_at_ms > @ms OR (created_at_ms = @ms AND id > @id))
    ORDER BY created_at_ms, id LIMIT @limit`);

  const assertGroup = (groupId: string) => {
    if (groupExists.get(groupId) === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
  };
  const locate = (groupId: string, memberId: string): MemberRow => {
    const row = inGroup.get(groupId, memberId) as MemberRow | undefined;
    if (row !== undefined) return row;
    assertGroup(groupId);
    throw new BackendError("member_not_found", MESSAGES.memberNotFound(memberId));
  };
  const anywhere = (memberId: string): MemberRow => {
    const row = byId.get(memberId) as MemberRow | undefined;
    if (row === undefined) throw new BackendError("member_not_found", MESSAGES.memberNotFound(memberId));
    return row;
  };
  // Invited and expired admins cannot act yet, so only active admins keep a group manageable.
  const assertNotLastAdmin = (row: MemberRow, verb: "remove" | "demote") => {
    if (row.role !== "admin" || row.state !== "active" || (activeAdmins.get(row.group_id) as number) > 1) return;
    throw new BackendError("last_admin", MESSAGES.lastAdmin(verb, row.email, row.id, row.group_id));
  };
  const claims = createClaimStore(db, audit);
  const targetOf = (row: MemberRow): ClaimTarget => ({ groupId: row.group_id, type: "member", id: row.id, label: `member ${row.email} (${row.id})` });
  const toMember = (row: MemberRow, now: Date) => memberOf(row, now, claims.ownerOf(row.id));
  const record = (row: MemberRow, actor: Actor, action: string, now: Date, details: Record<string, unknown> = {}) =>
    audit.record({ groupId: row.group_id, actor, action, target: { type: "member", id: row.id }, details }, now);

  const invite = db.transaction((groupId: string, request: InviteMemberRequest, actor: Actor, now: Date): Invitation => {
    assertGroup(groupId);
    const email = request.email.trim().toLowerCase();
    const existing = byEmail.get(groupId, email) as MemberRow | undefined;
    if (existing !== undefined) {
      if (request.owner) claims.claim(targetOf(existing), request.owner, request.take_over === true, actor, now);
      return { member: toMember(existing, now), created: false };
    }
    const ms = now.getTime();
    const row: MemberRow = { id: randomId("mem_"), group_id: groupId, email, role: request.role, state: "invited", invited_at_ms: ms,
      joined_at_ms: null, expires_at_ms: ms + INVITATION_LIFETIME_MS, created_at_ms: ms, updated_at_ms: ms };
    insert.run(row);
    record(row, actor, "member.invited", now, { email, role: row.role, ...ownerDetails(request.owner) });
    if (request.owner) claims.claimNew(targetOf(row), request.owner, now);
    return { member: toMember(row, now), created: true };
  });

  const updateRole = db.transaction((groupId: string, memberId: string, role: MemberRole, actor: Actor, now: Date): Member => {
    const row = locate(groupId, memberId);
    if (row.role === role) return toMember(row, now);
    if (role !== "admin") assertNotLastAdmin(row, "demote");
    const next: MemberRow = { ...row, role, updated_at_ms: now.getTime() };
    save.run(next);
    record(next, actor, "member.role_changed", now, { from: row.role, to: role });
    return toMember(next, now);
  });

  const remove = db.transaction((groupId: string, memberId: string, actor: Actor, now: Date, ownerLease?: string) => {
    const row = locate(groupId, memberId);
    claims.assertHeld(targetOf(row), ownerLease);
    assertNotLastAdmin(row, "remove");
    deleteById.run(row.id);
    claims.release(row.id);
    credentials.revokePrincipal(row.id, now.getTime());
    record(row, actor, "member.removed", now, { email: row.email, role: row.role });
  });

  const resend = db.transaction((groupId: string, memberId: string, actor: Actor, now: Date): Member => {
    const row = locate(groupId, memberId);
    if (row.state === "active") throw new BackendError("member_already_active", MESSAGES.memberAlreadyActive(row.email, row.id));
    const ms = now.getTime();
    const next: MemberRow = { ...row, invited_at_ms: ms, expires_at_ms: ms + INVITATION_LIFETIME_MS, updated_at_ms: ms };
    save.run(next);
    record(next, actor, "member.invitation_resent", now, { expires_at: new Date(ms + INVITATION_LIFETIME_MS).toISOString() });
    return toMember(next, now);
  });

  const accept = db.transaction((memberId: string, now: Date): Member => {
    const row = anywhere(memberId);
    if (row.state === "active") return toMember(row, now);
    if (statusOf(row, now) === "expired") {
      throw new BackendError("invalid_request", `The invitation of ${row.email} (${row.id}) has expired; re-send it before accepting.`);
    }
    const next: MemberRow = { ...row, state: "active", joined_at_ms: now.getTime(), expires_at_ms: null, updated_at_ms: now.getTime() };
    save.run(next);
    record(next, "system", "member.joined", now);
    return toMember(next, now);
  });

  const expire = db.transaction((memberId: string, now: Date): Member => {
    const row = anywhere(memberId);
    if (row.state === "active") throw new BackendError("member_already_active", `${row.email} (${row.id}) is already active; only a pending invitation can expire.`);
    const next: MemberRow = { ...row, expires_at_ms: now.getTime() - 1 };
    save.run(next);
    return toMember(next, now);
  });

  return {
    invite: (groupId, request, actor, now) => invite(groupId, request, actor, now),
    retrieve: (groupId, memberId, now) => toMember(locate(groupId, memberId), now),
    list(groupId, query, now) {
      assertGroup(groupId);
      const cursor = query.after === undefined ? undefined : decodeCursor(query.after, "after");
      const rows = page.all({ group: groupId, role: query.role ?? null, status: query.status ?? null, now: now.getTime(),
        ms: cursor?.ms ?? null, id: cursor?.id ?? null, limit: query.limit + 1 }) as MemberRow[];
      const data = rows.slice(0, query.limit).map((row) => toMember(row, now));
      const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
      return { object: "list", data, has_more: last !== undefined, next_cursor: last ? encodeCursor({ ms: last.created_at_ms, id: last.id }) : null };
    },
    updateRole: (groupId, memberId, role, actor, now) => updateRole(groupId, memberId, role, actor, now),
    remove: (groupId, memberId, actor, now, ownerLease) => remove(groupId, memberId, actor, now, ownerLease),
    resend: (groupId, memberId, actor, now) => resend(groupId, memberId, actor, now),
    accept: (memberId, now) => accept(memberId, now),
    expire: (memberId, now) => expire(memberId, now),
    find(memberId, now) {
      const row = byId.get(memberId) as MemberRow | undefined;
      return row && toMember(row, now);
    },
    roleOf: (memberId) => activeRole.get(memberId) as MemberRole | undefined,
  };
}

function statusOf(row: MemberRow, now: Date): MemberStatus {
  if (row.state === "active") return "active";
  return row.expires_at_ms !== null && row.expires_at_ms <= now.getTime() ? "expired" : "invited";
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function memberOf(row: MemberRow, now: Date, owner: Owner | null): Member {
  return {
    object: "member",
    id: row.id,
    group_id: row.group_id,
    email: row.email,
    role: row.role,
    status: statusOf(row, now),
    invited_at: new Date(row.invited_at_ms).toISOString(),
    joined_at: iso(row.joined_at_ms),
    expires_at: iso(row.expires_at_ms),
    created_at: new Date(row.created_at_ms).toISOString(),
    updated_at: new Date(row.updated_at_ms).toISOString(),
    owner,
  };
}
