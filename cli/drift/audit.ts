import type { AuditEvent, AuditEventList } from "../../api";
import { changeOfProperty, removalOf } from "./attribution";
import type { DriftReport, DriftResource } from "./model";

/** What the attribution needs of the management client: one page of a group's audit events. */
export interface AuditEventSource {
  list(groupId: string, query: { limit?: number; after?: string }): Promise<AuditEventList>;
}

/** Audit events are listed oldest first, so finding the latest means reading them all; this bounds it. */
const MAX_PAGES = 100;

/**
 * The audit target that records changes to a resource: `{type, id}` as the backend writes it. Objects with
 * an id of their own are their own target; a group's auto-reload setting is recorded on the group's id
 * under the type `auto_reload` (see backend/store/auto-reload.ts), while the resource's id is
 * `<group id>/auto_reload`.
 */
export function auditTargetOf(resource: DriftResource): { type: string; id: string } | undefined {
  switch (resource.type) {
    case "Group": return resource.id ? { type: "group", id: resource.id } : undefined;
    case "Member": return resource.id ? { type: "member", id: resource.id } : undefined;
    case "ApiKey": return resource.id ? { type: "api_key", id: resource.id } : undefined;
    case "AutoReloadPolicy": return resource.groupId ? { type: "auto_reload", id: resource.groupId } : undefined;
    default: return undefined;
  }
}

/**
 * Adds who changed what in the account, from each group's audit events (read once per group): each property
 * changed in the account gets the event that changed that property of that object, and a resource found
 * gone gets the event that removed it. Program changes not yet applied get nobody. Never fails: a group whose
 * events cannot be read (no access, an outage, no credential) leaves its changes without `changedBy`, which
 * prints as "unknown"; the drift itself is already established.
 */
export async function attributeDrift(report: DriftReport, source: AuditEventSource | undefined): Promise<DriftReport> {
  if (!source || !report.drifted) return report;
  const byGroup = new Map<string, Promise<AuditEvent[] | undefined>>();
  const eventsOf = (groupId: string) => {
    if (!byGroup.has(groupId)) byGroup.set(groupId, readAll(source, groupId).catch(() => undefined));
    return byGroup.get(groupId) as Promise<AuditEvent[] | undefined>;
  };
  const resources = await Promise.all(report.resources.map(async (resource) => {
    const target = auditTargetOf(resource);
    const inAccount = resource.kind === "deleted" || resource.properties.some((p) => p.origin === "account");
    if (!target || !resource.groupId || !inAccount) return resource;
    const events = await eventsOf(resource.groupId);
    if (!events) return resource;
    if (resource.kind === "deleted") {
      const changedBy = removalOf(events, target);
      return changedBy ? { ...resource, changedBy } : resource;
    }
    const properties = resource.properties.map((p) => {
      const changedBy = p.origin === "account" ? changeOfProperty(events, target, p.name) : undefined;
      return changedBy ? { ...p, changedBy } : p;
    });
    return { ...resource, properties };
  }));
  return { ...report, resources };
}

async function readAll(source: AuditEventSource, groupId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = await source.list(groupId, after === undefined ? { limit: 100 } : { limit: 100, after });
    events.push(...list.data);
    if (!list.has_more || !list.next_cursor) return events;
    after = list.next_cursor;
  }
  // Past the bound the latest events are unread, and an older one would name the wrong person.
  throw new Error("too many audit events");
}
