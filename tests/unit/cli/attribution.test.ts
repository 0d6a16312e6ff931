import type { AuditEvent } from "../../../api";
import { changeOfProperty, propertyChanges, removalOf } from "../../../cli/drift";

const gid = "grp_0123456789abcdefghijklmn";
const GROUP = { type: "group", id: gid };
const POLICY = { type: "auto_reload", id: gid };
const STACK = { type: "management_key" as const, id: "admin" };
const CONSOLE = { type: "member" as const, id: "mem_console" };
const SYSTEM = { type: "system" as const, id: "system" };

let seq = 0;
function event(action: string, target: { type: string; id: string }, details: Record<string, unknown> = {}, actor: AuditEvent["actor"] = STACK): AuditEvent {
  seq += 1;
  return { object: "audit_event", id: `evt_${seq}`, group_id: gid, actor, action, target, details, created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString() };
}
const policy = (enabled: boolean, threshold: number, amount: number, actor: AuditEvent["actor"] = STACK) => event("auto_reload.updated", POLICY,
  { enabled, threshold_usd_micros: threshold, amount_usd_micros: amount, monthly_limit_usd_micros: null }, actor);

describe("changeOfProperty", () => {
  it("blames a group setting on the event that changed that setting, never on a later event about something else", () => {
    const renamed = event("group.updated", GROUP, { fields: ["name"] }, CONSOLE);
    const events = [event("group.created", GROUP), renamed, event("group.tier_upgraded", GROUP, { tier: "tier_1" }, SYSTEM),
      event("payment_method.set", { type: "payment_method", id: gid })];
    expect(changeOfProperty(events, GROUP, "name")).toEqual({ actor: "member mem_console", at: renamed.created_at, action: "group.updated" });
    expect(changeOfProperty(events, GROUP, "address.line1")).toBeUndefined();
    expect(changeOfProperty(events, GROUP, "taxId")).toBeUndefined();
  });

  it("maps the API's field names to the program's (tax_id is taxId) and takes nested paths by their top level", () => {
    const moved = event("group.updated", GROUP, { fields: ["address", "tax_id"] });
    expect(changeOfProperty([moved], GROUP, "address.postalCode")).toMatchObject({ action: "group.updated", at: moved.created_at });
    expect(changeOfProperty([moved], GROUP, "taxId")).toMatchObject({ action: "group.updated" });
  });

  it("looks only at the object's own events: another member's role change is not this member's", () => {
    const events = [event("member.role_changed", { type: "member", id: "mem_other" }, { from: "member", to: "admin" })];
    expect(changeOfProperty(events, { type: "member", id: "mem_1" }, "role")).toBeUndefined();
    expect(changeOfProperty(events, { type: "member", id: "mem_other" }, "role")).toMatchObject({ action: "member.role_changed" });
  });

  it("blames each auto-reload setting on the event that last changed its value, not on one that re-sent it", () => {
    const created = policy(true, 10_000_000, 50_000_000);
    const retuned = policy(true, 20_000_000, 50_000_000, CONSOLE);
    const disabled = event("auto_reload.disabled", POLICY, { reason: "payment_failures" }, SYSTEM);
    const resent = policy(false, 20_000_000, 50_000_000);
    const events = [created, event("auto_reload.failed", POLICY, {}, SYSTEM), retuned, disabled, resent];
    expect(changeOfProperty(events, POLICY, "enabled")).toMatchObject({ actor: "system system", action: "auto_reload.disabled" });
    expect(changeOfProperty(events, POLICY, "thresholdUsd")).toMatchObject({ actor: "member mem_console", at: retuned.created_at });
    expect(changeOfProperty(events, POLICY, "amountUsd")).toMatchObject({ actor: "management_key admin", at: created.created_at });
  });

  it("does not count a role change to the same role or a rename to the same name as a change", () => {
    const member = { type: "member", id: "mem_1" };
    const key = { type: "api_key", id: "key_1" };
    const events = [event("member.role_changed", member, { from: "admin", to: "admin" }), event("api_key.renamed", key, { name: "CI", previous_name: "CI" })];
    expect(changeOfProperty(events, member, "role")).toBeUndefined();
    expect(changeOfProperty(events, key, "name")).toBeUndefined();
    expect(propertyChanges([event("api_key.renamed", key, { name: "New", previous_name: "CI" })], key)).toEqual([expect.objectContaining({ properties: ["name"] })]);
  });
});

describe("removalOf", () => {
  it("names the event that removed the object, ignoring later or other events about it", () => {
    const key = { type: "api_key", id: "key_1" };
    const revoked = event("api_key.revoked", key, {}, CONSOLE);
    expect(removalOf([event("api_key.created", key), revoked, event("api_key.renamed", key, { name: "x", previous_name: "y" })], key))
      .toEqual({ actor: "member mem_console", at: revoked.created_at, action: "api_key.revoked" });
    expect(removalOf([event("api_key.created", key)], key)).toBeUndefined();
  });
});
