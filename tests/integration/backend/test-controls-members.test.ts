import { Member } from "../../../api";
import { useTestApp } from "./helpers";
import { activeMember, bearer, control, invite } from "./member-helpers";

describe("member test controls under /_backend/members/", () => {
  const clock = new Date("2026-01-01T00:00:00.000Z");
  const t = useTestApp({ now: () => clock, resetEach: true });
  const production = useTestApp({ testMode: false });
  let groupId: string;

  beforeEach(async () => {
    groupId = (await t.createGroup()).id;
  });

  const post = (memberId: string, action: string) => t.request({ method: "POST", url: `/_backend/members/${memberId}/${action}` });

  it("are not registered without test mode", async () => {
    for (const action of ["accept", "expire", "credential"]) {
      const res = await production.request({ method: "POST", url: `/_backend/members/mem_000000000000000000000000/${action}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("route_not_found");
    }
  });

  it("accept makes an invitation active, joined now and without expiry", async () => {
    const m = await invite(t, groupId, "ann@example.com");
    const res = await post(m.id, "accept");
    expect(res.statusCode).toBe(200);
    expect(Member.parse(res.json())).toEqual({ ...m, status: "active", joined_at: clock.toISOString(), expires_at: null });
  });

  it("expire makes an invitation expired a millisecond ago, and refuses an active member", async () => {
    const m = await invite(t, groupId, "ann@example.com");
    expect((await post(m.id, "expire")).json()).toMatchObject({ status: "expired", expires_at: "2025-12-31T23:59:59.999Z" });
    expect((await post(m.id, "accept")).json().error.code).toBe("invalid_request");
    await t.request({ method: "POST", url: `/v1/groups/${groupId}/members/${m.id}/resend` });
    await control(t, m.id, "accept");
    expect((await post(m.id, "expire")).json().error.code).toBe("member_already_active");
  });

  it("credential issues a token that calls the API as that member", async () => {
    const { member, token } = await activeMember(t, groupId, "ann@example.com", "member");
    expect(token).toMatch(/^pplx-member-/);
    const res = await t.request({ method: "GET", url: `/v1/groups/${groupId}/members/${member.id}`, headers: bearer(token) });
    expect(res.json()).toEqual(member);
  });

  it("answer 404 member_not_found for an unknown member", async () => {
    for (const action of ["accept", "expire", "credential"]) {
      expect((await post("mem_000000000000000000000000", action)).json().error.code).toBe("member_not_found");
    }
  });

  it("need the management key: a member's credential is forbidden", async () => {
    const { member, token } = await activeMember(t, groupId, "boss@example.com", "admin");
    const res = await t.request({ method: "POST", url: `/_backend/members/${member.id}/credential`, headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("forbidden");
  });
});
