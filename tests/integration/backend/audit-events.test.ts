import { AuditEventList } from "../../../api";
import { ADDRESS, useTestApp } from "./helpers";
import { activeMember, bearer, invite } from "./member-helpers";

describe("audit events", () => {
  let clock = new Date("2026-01-01T00:00:00.000Z");
  const t = useTestApp({ now: () => clock, resetEach: true });
  let groupId: string;

  beforeEach(async () => {
    clock = new Date("2026-01-01T00:00:00.000Z");
    groupId = (await t.createGroup()).id;
  });

  const tick = () => (clock = new Date(clock.getTime() + 1000));
  const list = async (query = "", token?: string) => {
    const res = await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events${query}`, ...(token ? { headers: bearer(token) } : {}) });
    expect(res.statusCode).toBe(200);
    return AuditEventList.parse(res.json());
  };
  const management = { type: "management_key", id: "admin" };

  it("records every group and member change with actor, action, target, details and time, oldest first", async () => {
    tick();
    const { member: boss, token } = await activeMember(t, groupId, "boss@example.com", "admin");
    tick();
    const ann = await invite(t, groupId, "ann@example.com");
    const asBoss = { headers: bearer(token) };
    tick();
    await t.request({ method: "PATCH", url: `/v1/groups/${groupId}/members/${ann.id}`, payload: { role: "admin" }, ...asBoss });
    tick();
    await t.request({ method: "POST", url: `/v1/groups/${groupId}/members/${ann.id}/resend`, ...asBoss });
    tick();
    await t.request({ method: "PATCH", url: `/v1/groups/${groupId}`, payload: { name: "Renamed", address: ADDRESS }, ...asBoss });
    tick();
    await t.request({ method: "DELETE", url: `/v1/groups/${groupId}/members/${ann.id}`, ...asBoss });

    const seconds = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
    const bossActor = { type: "member", id: boss.id };
    expect((await list()).data.map(({ actor, action, target, details, created_at }) => ({ actor, action, target, details, created_at }))).toEqual([
      { actor: management, action: "group.created", target: { type: "group", id: groupId }, details: { name: "Acme" }, created_at: seconds(0) },
      { actor: management, action: "member.invited", target: { type: "member", id: boss.id }, details: { email: "boss@example.com", role: "admin" }, created_at: seconds(1) },
      { actor: { type: "system", id: "system" }, action: "member.joined", target: { type: "member", id: boss.id }, details: {}, created_at: seconds(1) },
      { actor: management, action: "member.invited", target: { type: "member", id: ann.id }, details: { email: "ann@example.com", role: "member" }, created_at: seconds(2) },
      { actor: bossActor, action: "member.role_changed", target: { type: "member", id: ann.id }, details: { from: "member", to: "admin" }, created_at: seconds(3) },
      { actor: bossActor, action: "member.invitation_resent", target: { type: "member", id: ann.id }, details: { expires_at: "2026-01-08T00:00:04.000Z" }, created_at: seconds(4) },
      { actor: bossActor, action: "group.updated", target: { type: "group", id: groupId }, details: { fields: ["name"] }, created_at: seconds(5) },
      { actor: bossActor, action: "member.removed", target: { type: "member", id: ann.id }, details: { email: "ann@example.com", role: "admin" }, created_at: seconds(6) },
    ]);
  });

  it("records nothing for requests that change nothing or fail", async () => {
    const ann = await invite(t, groupId, "ann@example.com");
    await invite(t, groupId, "ANN@example.com");
    await t.request({ method: "PATCH", url: `/v1/groups/${groupId}/members/${ann.id}`, payload: { role: "member" } });
    await t.request({ method: "PATCH", url: `/v1/groups/${groupId}`, payload: { name: "Acme" } });
    await t.request({ method: "DELETE", url: `/v1/groups/${groupId}` });
    expect((await list()).data.map((e) => e.action)).toEqual(["group.created", "member.invited"]);
  });

  it("filters by action and pages with an opaque cursor", async () => {
    for (let i = 0; i < 5; i++) await invite(t, groupId, `m${i}@example.com`);
    const invited = await list("?action=member.invited&limit=2");
    expect(invited).toMatchObject({ has_more: true });
    const seen = [...invited.data];
    for (let cursor = invited.next_cursor; cursor !== null; ) {
      const page = await list(`?action=member.invited&limit=2&after=${cursor}`);
      seen.push(...page.data);
      cursor = page.next_cursor;
    }
    expect(seen.map((e) => e.details["email"])).toEqual(["m0@example.com", "m1@example.com", "m2@example.com", "m3@example.com", "m4@example.com"]);
  });

  it("are readable by a Member of the group", async () => {
    const { token } = await activeMember(t, groupId, "ann@example.com", "member");
    expect((await list("", token)).data.length).toBeGreaterThan(0);
  });

  it("answers 404 group_not_found for the events of a deleted or unknown group", async () => {
    await t.request({ method: "DELETE", url: `/v1/groups/${groupId}?force=true` });
    for (const id of [groupId, "grp_000000000000000000000000"]) {
      const res = await t.request({ method: "GET", url: `/v1/groups/${id}/audit_events` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("group_not_found");
    }
  });
});
