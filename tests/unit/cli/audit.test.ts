import type { AuditEvent, AuditEventList } from "../../../api";
import { attributeDrift, auditTargetOf, latestChange, type AuditEventSource, type DriftReport, type DriftResource } from "../../../cli/drift";

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

describe("latestChange", () => {
  it("takes the latest event on the same target type and id (a group's auto reload shares its id)", () => {
    const events = [event("group.updated", { type: "group", id: gid }), event("auto_reload.disabled", { type: "auto_reload", id: gid }, { type: "system", id: "system" } as never)];
    expect(latestChange(events, { type: "group", id: gid })).toEqual({ actor: "management_key admin", at: events[0]?.created_at, action: "group.updated" });
    expect(latestChange(events, { type: "auto_reload", id: gid })).toMatchObject({ actor: "system system", action: "auto_reload.disabled" });
    expect(latestChange(events, { type: "member", id: "mem_9" })).toBeUndefined();
  });

  it("names the new holder when the latest event is an owner claim, e.g. another stack took the object over", () => {
    const claimed = { ...event("member.claimed", { type: "member", id: "mem_1" }), details: { owner: { stack: "acme/app/b#42", resource: "urn:ana" } } };
    expect(latestChange([claimed], { type: "member", id: "mem_1" })?.action).toBe("member.claimed: now held by urn:ana of stack acme/app/b#42");
  });
});

describe("attributeDrift", () => {
  const events = [
    event("group.created", { type: "group", id: gid }),
    event("member.invited", { type: "member", id: "mem_1" }),
    event("api_key.created", { type: "api_key", id: "key_1" }),
    event("member.role_changed", { type: "member", id: "mem_1" }, { type: "member", id: "mem_2" } as never),
    event("api_key.revoked", { type: "api_key", id: "key_1" }),
  ];
  const report: DriftReport = { stack: "dev", drifted: true, checked: 3, resources: [
    resource({ type: "Member", kind: "changed", id: "mem_1" }),
    resource({ type: "ApiKey", kind: "deleted", id: "key_1" }),
    resource({ type: "ApiKey", kind: "not-created" }),
  ] };

  it("reads every page of the group once and names the latest change of each drifted object", async () => {
    const s = source(events);
    const out = await attributeDrift(report, s);
    expect(out.resources.map((r) => r.changedBy)).toEqual([
      { actor: "member mem_2", at: events[3]?.created_at, action: "member.role_changed" },
      { actor: "management_key admin", at: events[4]?.created_at, action: "api_key.revoked" },
      undefined,
    ]);
    expect(s.calls).toBe(3);
  });

  it("never fails: a failing lookup leaves the report as it was (printed as unknown)", async () => {
    const failing: AuditEventSource = { list: async () => { throw new Error("503"); } };
    await expect(attributeDrift(report, failing)).resolves.toEqual(report);
    await expect(attributeDrift(report, undefined)).resolves.toEqual(report);
  });
});
