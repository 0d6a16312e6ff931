import type { AuditEvent, AuditEventList } from "../../../api";
import { attributeDrift, auditTargetOf, type AuditEventSource, type DriftReport, type DriftResource } from "../../../cli/drift";
import { actionText } from "../../../cli/drift/attribution";

const gid = "grp_0123456789abcdefghijklmn";
let seq = 0;
function event(action: string, target: { type: string; id: string }, actor = { type: "management_key" as const, id: "admin" }): AuditEvent {
  seq += 1;
  return { object: "audit_event", id: `evt_${seq}`, group_id: gid, actor, action, target, details: {}, created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() };
}

/** Serves `events` oldest first in pages of `size`, as the API does, and counts the calls. */
function source(events: AuditEvent[], size = 2): AuditEventSource & { calls: number } {
  const s = {
    calls: 0,
    async list(_groupId: string, query: { after?: string }): Promise<AuditEventList> {
      s.calls += 1;
      const start = query.after === undefined ? 0 : Number(query.after);
      const data = events.slice(start, start + size);
      const more = start + size < events.length;
      return { object: "list", data, has_more: more, next_cursor: more ? String(start + size) : null };
    },
  };
  return s;
}

const resource = (r: Partial<DriftResource> & Pick<DriftResource, "type" | "kind">): DriftResource =>
  ({ urn: `urn:${r.type}`, name: r.type.toLowerCase(), op: "update", properties: [], groupId: gid, ...r });

describe("auditTargetOf", () => {
  it("maps each resource to the target the backend records", () => {
    expect(auditTargetOf(resource({ type: "Group", kind: "changed", id: gid }))).toEqual({ type: "group", id: gid });
    expect(auditTargetOf(resource({ type: "Member", kind: "changed", id: "mem_1" }))).toEqual({ type: "member", id: "mem_1" });
    expect(auditTargetOf(resource({ type: "ApiKey", kind: "deleted", id: "key_1" }))).toEqual({ type: "api_key", id: "key_1" });
    expect(auditTargetOf(resource({ type: "AutoReloadPolicy", kind: "changed", id: `${gid}/auto_reload` }))).toEqual({ type: "auto_reload", id: gid });
    expect(auditTargetOf(resource({ type: "Other", kind: "changed", id: "x" }))).toBeUndefined();
  });
});

describe("actionText", () => {
  it("names the new holder when the event is an owner claim, e.g. another stack took the object over", () => {
    const claimed = { ...event("member.claimed", { type: "member", id: "mem_1" }), details: { owner: { stack: "acme/app/b#42", resource: "urn:ana" } } };
    expect(actionText(claimed)).toBe("member.claimed: now held by urn:ana of stack acme/app/b#42");
    expect(actionText(event("group.updated", { type: "group", id: gid }))).toBe("group.updated");
  });
});

describe("attributeDrift", () => {
  const events = [
    event("group.created", { type: "group", id: gid }),
    event("member.invited", { type: "member", id: "mem_1" }),
    event("api_key.created", { type: "api_key", id: "key_1" }),
    event("member.role_changed", { type: "member", id: "mem_1" }, { type: "member", id: "mem_2" } as never),
    event("api_key.revoked", { type: "api_key", id: "key_1" }),
    event("group.tier_upgraded", { type: "group", id: gid }, { type: "system", id: "system" } as never),
  ];
  // role_changed carries {from, to}; the helper's events have no details, so give this one its own.
  (events[3] as { details: Record<string, unknown> }).details = { from: "member", to: "admin" };
  const report: DriftReport = { stack: "dev", drifted: true, checked: 4, resources: [
    resource({ type: "Member", kind: "changed", id: "mem_1", properties: [{ name: "role", declared: "member", live: "admin", origin: "account" }] }),
    resource({ type: "ApiKey", kind: "deleted", id: "key_1" }),
    resource({ type: "ApiKey", kind: "not-created" }),
    resource({ type: "Group", kind: "not-applied", id: gid, properties: [{ name: "name", declared: "New", live: "Team", origin: "program" }] }),
  ] };

  it("reads every page of the group once and names, per property, the event that changed it", async () => {
    const s = source(events);
    const out = await attributeDrift(report, s);
    expect(out.resources[0]?.properties).toEqual([{ name: "role", declared: "member", live: "admin", origin: "account",
      changedBy: { actor: "member mem_2", at: events[3]?.created_at, action: "member.role_changed" } }]);
    expect(out.resources[1]?.changedBy).toEqual({ actor: "management_key admin", at: events[4]?.created_at, action: "api_key.revoked" });
    expect(out.resources[2]).toEqual(report.resources[2]);
    expect(s.calls).toBe(3);
  });

  it("blames nobody for a program change not yet applied, whatever event came last (here group.tier_upgraded)", async () => {
    const out = await attributeDrift(report, source(events));
    expect(out.resources[3]).toEqual(report.resources[3]);
    expect(JSON.stringify(out.resources[3])).not.toContain("tier_upgraded");
  });

  it("leaves an account change without changedBy when no event changed that property (printed as unknown)", async () => {
    const renamed: DriftReport = { ...report, resources: [
      resource({ type: "Group", kind: "changed", id: gid, properties: [{ name: "name", declared: "Team", live: "Other", origin: "account" }] })] };
    const out = await attributeDrift(renamed, source(events));
    expect(out.resources[0]?.properties[0]).not.toHaveProperty("changedBy");
  });

  it("never fails: a failing lookup leaves the report as it was (printed as unknown)", async () => {
    const failing: AuditEventSource = { list: async () => { throw new Error("503"); } };
    await expect(attributeDrift(report, failing)).resolves.toEqual(report);
    await expect(attributeDrift(report, undefined)).resolves.toEqual(report);
  });
});
