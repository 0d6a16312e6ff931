import { z } from "zod";
import { page, PageQuery, Timestamp } from "./common";

/** Who made a change: the management key, a member (console), an API key, or the backend itself. */
export const AuditActor = z.object({
  type: z.enum(["management_key", "member", "api_key", "system"]),
  id: z.string().describe("The member id, API key id, `admin` for the management key, or `system`."),
});
/** See {@link AuditActor}. */
export type AuditActor = z.infer<typeof AuditActor>;

/**
 * One change to a group: who (`actor`), what (`action`, e.g. `member.invited`, `api_key.revoked`,
 * `auto_reload.updated`, on `target`), when (`created_at`), and the changed fields in `details`.
 * Events are append-only and listed oldest first.
 */
export const AuditEvent = z
  .object({
    object: z.literal("audit_event"),
    id: z.string(),
    group_id: z.string(),
    actor: AuditActor,
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    details: z.record(z.string(), z.unknown()),
    created_at: Timestamp,
  })
  .meta({ id: "AuditEvent" });
/** See {@link AuditEvent}. */
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Query of `GET /v1/groups/{group_id}/audit_events`: a page, optionally only one `action`. */
export const ListAuditEventsQuery = PageQuery.extend({ action: z.string().max(64).optional() });

/** One page of audit events, oldest first. */
export const AuditEventList = page(AuditEvent).meta({ id: "AuditEventList" });
/** See {@link AuditEventList}. */
export type AuditEventList = z.infer<typeof AuditEventList>;
