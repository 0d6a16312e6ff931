import { AuditEventList, AutoReload, Claim, Group, Member } from "../../../api";
import { useTestApp } from "./helpers";

const stackA = "acme/app/dev#aaaa";
const stackB = "acme/app/dev#bbbb";
const claim = (stack: string, resource: string, lease: string) => ({ stack, resource, lease });
const LEASE_1 = "lease-one-0123456789";
const LEASE_2 = "lease-two-0123456789";

describe("owner claims", () => {
  const t = useTestApp({ resetEach: true });
  let groupId: string;
  beforeEach(async () => {
    groupId = (await t.createGroup({ owner: claim(stackA, "urn:group", LEASE_1) })).id;
  });
  const invite = (owner: object, extra: object = {}) =>
    t.request({ method: "POST", url: `/v1/groups/${groupId}/members`, payload: { email: "ann@example.com", role: "member", owner, ...extra } });

  const events = async (action: string) =>
    AuditEventList.parse((await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events?action=${action}` })).json()).data;

  it("shows who holds a created group, and names the owner in its creation's audit event", async () => {
    const group = Group.parse((await t.request({ method: "GET", url: `/v1/groups/${groupId}` })).json());
    expect(group.owner).toMatchObject({ stack: stackA, resource: "urn:group" });
    expect(JSON.stringify(group)).not.toContain(LEASE_1);
    expect((await events("group.created"))[0]?.details).toEqual({ name: "Acme", owner: { stack: stackA, resource: "urn:group" } });
    expect(JSON.stringify(await events("group.created"))).not.toContain(LEASE_1);
  });

  it("lets another resource of the same stack take a member over, and refuses another stack without take_over", async () => {
    expect((await invite(claim(stackA, "urn:Ana", LEASE_1))).statusCode).toBe(201);
    const renamed = await invite(claim(stackA, "urn:ana", LEASE_2));
    expect(Member.parse(renamed.json()).owner).toMatchObject({ resource: "urn:ana" });

    const refused = await invite(claim(stackB, "urn:ana", "lease-three-0123456789"));
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: "owned_elsewhere", param: "owner" });
    expect(refused.json().error.message).toMatch(/^Member ann@example\.com \(mem_\w+\) is held by resource urn:ana of stack acme\/app\/dev#aaaa/);

    const taken = await invite(claim(stackB, "urn:ana", "lease-three-0123456789"), { take_over: true });
    expect(Member.parse(taken.json()).owner).toMatchObject({ stack: stackB });
    expect((await events("member.claimed")).map((e) => e.details)).toEqual([
      { owner: { stack: stackA, resource: "urn:ana" }, previous_owner: { stack: stackA, resource: "urn:Ana" } },
      { owner: { stack: stackB, resource: "urn:ana" }, previous_owner: { stack: stackA, resource: "urn:ana" } },
    ]);
  });

  it("refuses a delete naming an old lease with owner_mismatch, leaves the member, and deletes with the holder's lease", async () => {
    const member = Member.parse((await invite(claim(stackA, "urn:Ana", LEASE_1))).json());
    await invite(claim(stackA, "urn:ana", LEASE_2));
    const url = `/v1/groups/${groupId}/members/${member.id}`;
    const stale = await t.request({ method: "DELETE", url: `${url}?owner_lease=${LEASE_1}` });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: "owner_mismatch", param: "owner_lease" });
    expect((await t.request({ method: "DELETE", url: `${url}?owner_lease=none` })).statusCode).toBe(409);
    expect((await t.request({ method: "GET", url })).statusCode).toBe(200);
    expect((await t.request({ method: "DELETE", url: `${url}?owner_lease=${LEASE_2}` })).statusCode).toBe(200);
  });

  it("deletes an unclaimed object for any lease, as state written before claims asks", async () => {
    const unclaimed = (await t.createGroup()).id;
    expect((await t.request({ method: "DELETE", url: `/v1/groups/${unclaimed}?owner_lease=none` })).statusCode).toBe(200);
  });

  it("keeps auto reload on when the delete of a policy it was renamed from names the old lease", async () => {
    await t.request({ method: "PUT", url: `/v1/groups/${groupId}/billing/payment_method`, payload: { token: "pm_card_visa" } });
    const policy = { enabled: true, threshold_usd_micros: 10_000_000, amount_usd_micros: 50_000_000 };
    const url = `/v1/groups/${groupId}/billing/auto_reload`;
    await t.request({ method: "PUT", url, payload: { ...policy, owner: claim(stackA, "urn:reload", LEASE_1) } });
    await t.request({ method: "PUT", url, payload: { ...policy, owner: claim(stackA, "urn:reload2", LEASE_2) } });
    expect((await t.request({ method: "DELETE", url: `${url}?owner_lease=${LEASE_1}` })).json().error.code).toBe("owner_mismatch");
    expect(AutoReload.parse((await t.request({ method: "GET", url })).json())).toMatchObject({ enabled: true, owner: { resource: "urn:reload2" } });
    const disabled = AutoReload.parse((await t.request({ method: "DELETE", url: `${url}?owner_lease=${LEASE_2}` })).json());
    expect(disabled).toMatchObject({ enabled: false, owner: null });
  });

  it("claims and releases an existing object through the claims route, conditionally on the lease", async () => {
    const url = `/v1/groups/${groupId}/claims/${groupId}`;
    const claimed = await t.request({ method: "PUT", url, payload: { owner: claim(stackA, "urn:adopted", LEASE_2) } });
    expect(Claim.parse(claimed.json())).toMatchObject({ object_type: "group", object_id: groupId, owner: { resource: "urn:adopted" } });
    expect((await t.request({ method: "DELETE", url: `${url}?owner_lease=${LEASE_1}` })).statusCode).toBe(409);
    expect(Claim.parse((await t.request({ method: "DELETE", url: `${url}?owner_lease=${LEASE_2}` })).json()).owner).toBeNull();
    expect((await t.request({ method: "PUT", url: `/v1/groups/${groupId}/claims/mem_000000000000000000000000`,
      payload: { owner: claim(stackA, "urn:x", LEASE_1) } })).json().error.code).toBe("member_not_found");
  });
});
