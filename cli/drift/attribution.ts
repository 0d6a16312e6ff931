import type { AuditEvent } from "../../api";
import type { ChangedBy } from "./model";

/** An audit event and the declared input properties (top level) it changed on its target. */
export interface PropertyChange {
  readonly event: AuditEvent;
  readonly properties: readonly string[];
}

/** The input names of a group's settings as `group.updated` lists them (`details.fields`). */
const GROUP_FIELDS: Readonly<Record<string, string>> = { name: "name", address: "address", tax_id: "taxId" };

/** The inputs of an `AutoReloadPolicy` and the `auto_reload.updated` detail that carries each one's new value. */
const AUTO_RELOAD_FIELDS: Readonly<Record<string, string>> = {
  enabled: "enabled", thresholdUsd: "threshold_usd_micros", amountUsd: "amount_usd_micros", monthlyLimitUsd: "monthly_limit_usd_micros",
};

/** Actions that remove the object itself: what a resource found gone is attributed to. */
const REMOVALS = new Set(["group.deleted", "member.removed", "api_key.revoked"]);

/**
 * The changes to declared properties that `events` (oldest first) record on `target`, oldest first. Only
 * events that say what they changed count: `group.updated` (its `fields`), `member.role_changed` (a different
 * role), `api_key.renamed` (a different name), and `auto_reload.updated`/`auto_reload.disabled`, whose values
 * are compared with the previous event's so that re-sending the same setting changes nothing. Events about
 * other things (`group.tier_upgraded`, payments, invitations re-sent) never change a declared property.
 * Pure.
 */
export function propertyChanges(events: readonly AuditEvent[], target: { type: string; id: string }): PropertyChange[] {
  const out: PropertyChange[] = [];
  let policy: Record<string, unknown> | undefined; // the auto-reload values as of the previous event, once known
  for (const event of events) {
    if (event.target.type !== target.type || event.target.id !== target.id) continue;
    const d = event.details;
    let properties: string[] = [];
    switch (event.action) {
      case "group.updated":
        properties = (Array.isArray(d.fields) ? d.fields : []).map((f) => GROUP_FIELDS[String(f)]).filter((p): p is string => p !== undefined);
        break;
      case "member.role_changed":
        properties = d.from !== d.to ? ["role"] : [];
        break;
      case "api_key.renamed":
        properties = d.name !== d.previous_name ? ["name"] : [];
        break;
      case "auto_reload.updated":
      case "auto_reload.disabled": {
        const next: Record<string, unknown> = event.action === "auto_reload.disabled" ? { ...policy, enabled: false }
          : Object.fromEntries(Object.entries(AUTO_RELOAD_FIELDS).map(([input, detail]) => [input, d[detail] ?? null]));
        properties = Object.keys(next).filter((p) => policy === undefined || policy[p] !== next[p]);
        policy = next;
        break;
      }
    }
    if (properties.length > 0) out.push({ event, properties });
  }
  return out;
}

/**
 * Who last changed `property` (a path such as `address.line1`; its top level decides) of `target`, or
 * undefined when no event says it changed that property of that object: then nobody is blamed.
 */
export function changeOfProperty(events: readonly AuditEvent[], target: { type: string; id: string }, property: string): ChangedBy | undefined {
  const top = property.split(".")[0] ?? property;
  const changes = propertyChanges(events, target);
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i];
    if (change?.properties.includes(top)) return changedBy(change.event);
  }
  return undefined;
}

/** The latest event that removed `target` (deleted, removed, revoked), or undefined. */
export function removalOf(events: readonly AuditEvent[], target: { type: string; id: string }): ChangedBy | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e && e.target.type === target.type && e.target.id === target.id && REMOVALS.has(e.action)) return changedBy(e);
  }
  return undefined;
}

function changedBy(e: AuditEvent): ChangedBy {
  return { actor: `${e.actor.type} ${e.actor.id}`, at: e.created_at, action: actionText(e) };
}

/** The event's action, naming the new holder when it is an owner claim (e.g. another stack took the object over). */
export function actionText(e: AuditEvent): string {
  const owner = (e.details as { owner?: { stack?: unknown; resource?: unknown } }).owner;
  if (!e.action.endsWith(".claimed") || typeof owner?.stack !== "string") return e.action;
  return `${e.action}: now held by ${String(owner.resource)} of stack ${owner.stack}`;
}
