import type { AuditActor, AuditEvent, AuditEventList } from "../../api";
import { randomId } from "../crypto";
import type { Db } from "../db/database";
import type { Principal } from "./credentials";
import { decodeCursor, encodeCursor } from "./cursor";

/** One change to record; see {@link AuditEvent} for the meaning of each field. */
export interface AuditEntry {
  readonly groupId: string;
  readonly actor: Principal | "system";
  /** `<target type>.<verb>`, e.g. `member.invited`, `api_key.created`, `auto_reload.disabled`. */
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  /** The changed fields (never a secret). Default `{}`. */
  readonly details?: Record<string, unknown>;
}

/** The append-only audit log: every change to a group, with who made it and when. */
export interface AuditStore {
  /** Appends one event. Call it inside the same transaction as the change it describes. */
  record(entry: AuditEntry, now: Date): void;
  /** One page of a group's events, oldest first, optionally only one action. */
  list(groupId: string, query: { limit: number; after?: string | undefined; action?: string | undefined }): AuditEventList;
}

interface AuditRow {
  seq: number;
  id: string;
  group_id: string;
  actor_type: AuditActor["type"];
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  details: string;
  created_at_ms: number;
}

/** Creates the {@link AuditStore} over `db`. */
export function createAuditStore(db: Db): AuditStore {
  const insert = db.prepare(
    `INSERT INTO audit_events (id, group_id, actor_type, actor_id, action, target_type, target_id, details, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const page = db.prepare(
    `SELECT * FROM audit_events WHERE group_id = @group AND seq > @after AND (@action IS NULL OR action = @action)
     ORDER BY seq LIMIT @limit`,
  );
  return {
    record(entry, now) {
      const actor = actorOf(entry.actor);
      insert.run(randomId("evt"), entry.groupId, actor.type, actor.id, entry.action, entry.target.type, entry.target.id,
        JSON.stringify(entry.details ?? {}), now.getTime());
    },
    list(groupId, query) {
      // The cursor's `ms` carries the sequence number: events are strictly ordered by insertion.
      const after = query.after === undefined ? 0 : decodeCursor(query.after, "after").ms;
      const rows = page.all({ group: groupId, after, action: query.action ?? null, limit: query.limit + 1 }) as AuditRow[];
      const data = rows.slice(0, query.limit).map(toEvent);
      const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
      return { object: "list", data, has_more: last !== undefined, next_cursor: last ? encodeCursor({ ms: last.seq, id: last.id }) : null };
    },
  };
}

function actorOf(actor: Principal | "system"): AuditActor {
  if (actor === "system") return { type: "system", id: "system" };
  if (actor.kind === "admin") return { type: "management_key", id: actor.id };
  return { type: actor.kind, id: actor.id };
}

function toEvent(row: AuditRow): AuditEvent {
  return {
    object: "audit_event",
    id: row.id,
    group_id: row.group_id,
    actor: { type: row.actor_type, id: row.actor_id },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    details: JSON.parse(row.details) as Record<string, unknown>,
    created_at: new Date(row.created_at_ms).toISOString(),
  };
}
