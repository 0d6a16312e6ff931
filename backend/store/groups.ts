import type { Address, Owner, CreateGroupRequest, DeleteGroupCascade, Group, GroupList, TaxId, Tier, UpdateGroupRequest } from "../../api";
import { randomId } from "../crypto";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";
import { type AuditEntry, createAuditStore } from "./audit";
import { createClaimStore, ownerDetails } from "./claims";
import { decodeCursor, encodeCursor } from "./cursor";
import { createGroupContentsReader, groupNotEmptyMessage, isUnblocked, type GroupContents } from "./group-contents";

/** How {@link GroupStore.remove} treats what is left in the group (see `DeleteGroupQuery`). */
export interface RemoveMode {
  /** Delete with everything in it. */
  readonly force: boolean;
  /** Without force, which members go with the group: `none`, or `own` (those the group's creator added). */
  readonly cascade: DeleteGroupCascade;
}

/**
 * Groups: business rules and SQL, synchronous (better-sqlite3). Throws {@link BackendError} for rule
 * violations. Every change records its audit event (by `actor`) in the same transaction.
 */
export interface GroupStore {
  /** Creates a group at `tier_0` with a new `grp_` id and the request's owner claim; `now` stamps `created_at` and `updated_at`. */
  create(request: CreateGroupRequest, now: Date, actor: AuditEntry["actor"]): Group;
  /** The group, or `undefined` when there is none with this id. */
  get(id: string): Group | undefined;
  /** One page in creation order (then id); `after` is a `next_cursor` from an earlier page. */
  list(query: { limit: number; after?: string | undefined }): GroupList;
  /** Applies the fields present in `patch`; `undefined` when the group does not exist. */
  update(id: string, patch: UpdateGroupRequest, now: Date, actor: AuditEntry["actor"]): Group | undefined;
  /**
   * Deletes the group and its claims. Without `mode.force` refuses (409 `group_not_empty`, listing them)
   * while it has credit, active keys or members other than those `mode.cascade` takes with it; with an
   * `ownerLease` (optional) refuses (409 `owner_mismatch`) once another resource holds the group.
   */
  remove(id: string, mode: RemoveMode, now: Date, actor: AuditEntry["actor"], ownerLease?: string): void;
  /** What still hangs off the group (see {@link GroupContents}). */
  contents(id: string): GroupContents;
}

interface GroupRow {
  id: string;
  name: string;
  address_line1: string;
  address_line2: string | null;
  address_city: string;
  address_state: string | null;
  address_postal_code: string;
  address_country: string;
  tax_id_type: string | null;
  tax_id_value: string | null;
  tier: string;
  created_at_ms: number;
  updated_at_ms: number;
}

/** Creates the {@link GroupStore} over `db`. */
export function createGroupStore(db: Db): GroupStore {
  const columns = "id, name, address_line1, address_line2, address_city, address_state, address_postal_code, address_country, " +
    "tax_id_type, tax_id_value, tier, created_at_ms, updated_at_ms";
  const insert = db.prepare(`INSERT INTO groups (${columns}) VALUES (${columns.split(", ").map((c) => `@${c}`).join(", ")})`);
  const byId = db.prepare("SELECT * FROM groups WHERE id = ?");
  const firstPage = db.prepare("SELECT * FROM groups ORDER BY created_at_ms, id LIMIT ?");
  const nextPage = db.prepare(
    "SELECT * FROM groups WHERE created_at_ms > @ms OR (created_at_ms = @ms AND id > @id) ORDER BY created_at_ms, id LIMIT @limit",
  );
  const save = db.prepare(`UPDATE groups SET name = @name, address_line1 = @address_line1, address_line2 = @address_line2,
    address_city = @address_city, address_state = @address_state, address_postal_code = @address_postal_code,
    address_country = @address_country, tax_id_type = @tax_id_type, tax_id_value = @tax_id_value, updated_at_ms = @updated_at_ms
    WHERE id = @id`);
  const deleteById = db.prepare("DELETE FROM groups WHERE id = ?");
  const contents = createGroupContentsReader(db);
  const audit = createAuditStore(db);
  const record = (groupId: string, actor: AuditEntry["actor"], action: string, now: Date, details: Record<string, unknown> = {}) =>
    audit.record({ groupId, actor, action, target: { type: "group", id: groupId }, details }, now);
  const find = (id: string) => byId.get(id) as GroupRow | undefined;
  const claims = createClaimStore(db, audit);
  const out = (row: GroupRow) => toGroup(row, claims.ownerOf(row.id));

  const create = db.transaction((request: CreateGroupRequest, now: Date, actor: AuditEntry["actor"]): Group => {
    const settings = settingsColumns(request.name, request.address, request.tax_id ?? null);
    const row: GroupRow = { id: randomId("grp_"), ...settings, tier: "tier_0", created_at_ms: now.getTime(), updated_at_ms: now.getTime() };
    insert.run(row);
    record(row.id, actor, "group.created", now, { name: row.name, ...ownerDetails(request.owner) });
    if (request.owner) claims.claimNew({ groupId: row.id, type: "group", id: row.id, label: `group ${row.id}` }, request.owner, now);
    return out(row);
  });

  const update = db.transaction((id: string, patch: UpdateGroupRequest, now: Date, actor: AuditEntry["actor"]): Group | undefined => {
    const row = find(id);
    if (row === undefined) return undefined;
    const current = out(row);
    const taxId = patch.tax_id === undefined ? current.tax_id : patch.tax_id;
    const settings = settingsColumns(patch.name ?? current.name, patch.address ?? current.address, taxId);
    const next: GroupRow = { ...row, ...settings, updated_at_ms: now.getTime() };
    save.run(next);
    const fields = changedFields(row, next);
    if (fields.length > 0) record(id, actor, "group.updated", now, { fields });
    return out(next);
  });

  const remove = db.transaction((id: string, { force, cascade }: RemoveMode, now: Date, actor: AuditEntry["actor"], ownerLease?: string) => {
    const row = find(id);
    if (row === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(id));
    claims.assertHeld({ groupId: id, type: "group", id, label: `group ${row.name} (${id})` }, ownerLease);
    if (!force) {
      const blockers = contents.blockers(id, cascade);
      if (!isUnblocked(blockers)) throw new BackendError("group_not_empty", groupNotEmptyMessage(id, blockers));
    }
    // Members, keys and settings go with the row (ON DELETE CASCADE); the event says how many members did.
    const { members } = contents.counts(id);
    deleteById.run(id);
    claims.releaseGroup(id);
    record(id, actor, "group.deleted", now, { force, cascade, members_removed: members });
  });

  return {
    create: (request, now, actor) => create(request, now, actor),
    get: (id) => {
      const row = find(id);
      return row && out(row);
    },
    list({ limit, after }) {
      const cursor = after === undefined ? undefined : decodeCursor(after, "after");
      const rows = (cursor ? nextPage.all({ ms: cursor.ms, id: cursor.id, limit: limit + 1 }) : firstPage.all(limit + 1)) as GroupRow[];
      const data = rows.slice(0, limit).map(out);
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { object: "list", data, has_more: last !== undefined, next_cursor: last ? encodeCursor({ ms: last.created_at_ms, id: last.id }) : null };
    },
    update: (id, patch, now, actor) => update(id, patch, now, actor),
    remove: (id, mode, now, actor, ownerLease) => remove(id, mode, now, actor, ownerLease),
    contents: (id) => contents.counts(id),
  };
}

/** Each settable field of a group and the prefix of the columns that store it. */
const FIELD_COLUMNS: ReadonlyArray<readonly [field: string, columnPrefix: string]> = [["name", "name"], ["address", "address_"], ["tax_id", "tax_id_"]];

/** The request fields (`name`, `address`, `tax_id`) whose stored value differs between `before` and `after`. */
function changedFields(before: GroupRow, after: GroupRow): string[] {
  const columns = Object.keys(before) as (keyof GroupRow)[];
  return FIELD_COLUMNS.filter(([, prefix]) => columns.some((c) => c.startsWith(prefix) && before[c] !== after[c])).map(([field]) => field);
}

function settingsColumns(name: string, address: Address, taxId: TaxId | null) {
  return {
    name,
    address_line1: address.line1,
    address_line2: address.line2 ?? null,
    address_city: address.city,
    address_state: address.state ?? null,
    address_postal_code: address.postal_code,
    address_country: address.country,
    tax_id_type: taxId?.type ?? null,
    tax_id_value: taxId?.value ?? null,
  };
}

function toGroup(row: GroupRow, owner: Owner | null): Group {
  const address: Address = { line1: row.address_line1, city: row.address_city, postal_code: row.address_postal_code, country: row.address_country };
  if (row.address_line2 !== null) address.line2 = row.address_line2;
  if (row.address_state !== null) address.state = row.address_state;
  const taxId = row.tax_id_type !== null && row.tax_id_value !== null ? ({ type: row.tax_id_type, value: row.tax_id_value } as TaxId) : null;
  return {
    object: "group",
    id: row.id,
    name: row.name,
    address,
    tax_id: taxId,
    tier: row.tier as Tier,
    created_at: new Date(row.created_at_ms).toISOString(),
    updated_at: new Date(row.updated_at_ms).toISOString(),
    owner,
  };
}
