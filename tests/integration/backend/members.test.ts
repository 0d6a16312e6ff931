import { Member, MemberList } from "../../../api";
import { useTestApp } from "./helpers";
import { activeMember, control, invite } from "./member-helpers";

describe("members routes", () => {
  let clock = new Date("2026-01-01T00:00:00.000Z");
  const t = useTestApp({ now: () => clock, resetEach: true });
  let groupId: string;

  beforeEach(async () => {
    clock = new Date("2026-01-01T00:00:00.000Z");
    groupId = (await t.createGroup()).id;
  });

  const members = (query = "") => t.request({ method: "GET", url: `/v1/groups/${groupId}/members${query}` });
  const ids = async (query: string) => MemberList.parse((await members(query)).json()).data.map((m) => m.id);

  it("invites with 201, status invited and an expiry seven days after the injected clock", async () => {
    const res = await t.request({ method: "POST", url: `/v1/groups/${groupId}/members`, payload: { email: " Ann@Example.com", role: "admin" } });
    expect(res.statusCode).toBe(201);
    const member = Member.parse(res.json());
    expect(member).toMatchObject({ object: "member", group_id: groupId, email: "ann@example.com", role: "admin", status: "invited",
      invited_at: "2026-01-01T00:00:00.000Z", joined_at: null, expires_at: "2026-01-08T00:00:00.000Z" });
  });

  it("answers 200 with the existing member unchanged when the email is invited again in another case", async () => {
    const first = await invite(t, groupId, "ann@example.com", "member");
    clock = new Date("2026-01-02T00:00:00.000Z");
    const res = await t.request({ method: "POST", url: `/v1/groups/${groupId}/members`, payload: { email: "ANN@example.com", role: "admin" } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(first);
  });

  it("answers 404 group_not_found when inviting into or listing an unknown group", async () => {
    const url = "/v1/groups/grp_000000000000000000000000/members";
    for (const res of [await t.request({ method: "POST", url, payload: { email: "a@example.com", role: "member" } }), await t.request({ method: "GET", url })]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("group_not_found");
    }
  });

  it("rejects an invalid email or role with 400 naming the field, and unknown fields", async () => {
    const post = (payload: unknown) => t.request({ method: "POST", url: `/v1/groups/${groupId}/members`, payload: payload as object });
    expect((await post({ email: "not-an-email", role: "member" })).json().error).toMatchObject({ code: "invalid_request", param: "email",
      message: "Field `email` must be an email address like name@example.com." });
    expect((await post({ email: `${"a".repeat(250)}@example.com`, role: "member" })).json().error).toMatchObject({ param: "email" });
    expect((await post({ email: "a@example.com", role: "owner" })).json().error).toMatchObject({ code: "invalid_request", param: "role" });
    expect((await post({ email: "a@example.com", role: "member", name: "A" })).json().error).toMatchObject({ param: "name" });
  });

  it("retrieves a member and answers 404 member_not_found for an unknown one", async () => {
    const m = await invite(t, groupId, "ann@example.com");
    expect((await t.request({ method: "GET", url: `/v1/groups/${groupId}/members/${m.id}` })).json()).toEqual(m);
    const missing = await t.request({ method: "GET", url: `/v1/groups/${groupId}/members/mem_000000000000000000000000` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { type: "not_found_error", code: "member_not_found", message: "No member with id mem_000000000000000000000000." } });
  });

  it("does not find a member through another group", async () => {
    const m = await invite(t, groupId, "ann@example.com");
    const other = (await t.createGroup({ name: "Other" })).id;
    const res = await t.request({ method: "GET", url: `/v1/groups/${other}/members/${m.id}` });
    expect(res.json().error.code).toBe("member_not_found");
  });

  it("filters by role and by the derived status", async () => {
    const { member: boss } = await activeMember(t, groupId, "boss@example.com", "admin");
    const ann = await invite(t, groupId, "ann@example.com", "member");
    const lapsed = await invite(t, groupId, "lapsed@example.com", "admin");
    await control(t, lapsed.id, "expire");
    expect(await ids("?role=admin")).toEqual(expect.arrayContaining([boss.id, lapsed.id]));
    expect(await ids("?role=admin")).toHaveLength(2);
    expect(await ids("?status=invited")).toEqual([ann.id]);
    expect(await ids("?status=expired")).toEqual([lapsed.id]);
    expect(await ids("?status=active&role=admin")).toEqual([boss.id]);
    expect((await members("?status=gone")).json().error).toMatchObject({ code: "invalid_request", param: "status" });
  });

  it("derives expired from the clock once seven days have passed", async () => {
    const m = await invite(t, groupId, "ann@example.com");
    clock = new Date("2026-01-08T00:00:00.000Z");
    expect((await t.request({ method: "GET", url: `/v1/groups/${groupId}/members/${m.id}` })).json().status).toBe("expired");
  });

  it("pages members in invitation order with an opaque cursor", async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      created.push((await invite(t, groupId, `m${i}@example.com`)).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = MemberList.parse((await members(`?limit=2${cursor ? `&after=${cursor}` : ""}`)).json());
      seen.push(...page.data.map((m) => m.id));
      cursor = page.next_cursor;
      expect(page.has_more).toBe(cursor !== null);
    } while (cursor !== null);
    expect(seen).toEqual(created);
  });

  it("changes a role with PATCH and moves updated_at", async () => {
    const m = await invite(t, groupId, "ann@example.com", "member");
    clock = new Date("2026-01-03T00:00:00.000Z");
    const res = await t.request({ method: "PATCH", url: `/v1/groups/${groupId}/members/${m.id}`, payload: { role: "admin" } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...m, role: "admin", updated_at: "2026-01-03T00:00:00.000Z" });
  });

  it("refuses to demote or remove the only active admin with 409 last_admin and a clear message", async () => {
    const { member: boss } = await activeMember(t, groupId, "boss@example.com", "admin");
    const url = `/v1/groups/${groupId}/members/${boss.id}`;
    for (const res of [await t.request({ method: "PATCH", url, payload: { role: "member" } }), await t.request({ method: "DELETE", url })]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ type: "conflict_error", code: "last_admin" });
      expect(res.json().error.message).toMatch(/boss@example\.com \(mem_[a-z0-9]{24}\).*only active admin.*promote another member to admin first\.$/);
    }
  });

  it("removes an invited admin even when no admin is active", async () => {
    const pending = await invite(t, groupId, "pending@example.com", "admin");
    const res = await t.request({ method: "DELETE", url: `/v1/groups/${groupId}/members/${pending.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ object: "member", id: pending.id, deleted: true });
    expect((await t.request({ method: "DELETE", url: `/v1/groups/${groupId}/members/${pending.id}` })).json().error.code).toBe("member_not_found");
  });

  it("re-sends an invitation with fresh invited_at and expires_at, and refuses for an active member", async () => {
    const m = await invite(t, groupId, "ann@example.com");
    await control(t, m.id, "expire");
    clock = new Date("2026-02-01T00:00:00.000Z");
    const res = await t.request({ method: "POST", url: `/v1/groups/${groupId}/members/${m.id}/resend` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "invited", invited_at: "2026-02-01T00:00:00.000Z", expires_at: "2026-02-08T00:00:00.000Z" });
    await control(t, m.id, "accept");
    const again = await t.request({ method: "POST", url: `/v1/groups/${groupId}/members/${m.id}/resend` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: "member_already_active", message: expect.stringContaining("ann@example.com") });
  });

  it("refuses to delete a group with members unless forced, which removes them too", async () => {
    await invite(t, groupId, "ann@example.com");
    const refused = await t.request({ method: "DELETE", url: `/v1/groups/${groupId}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: "group_not_empty", message: expect.stringContaining("1 member") });
    expect((await t.request({ method: "DELETE", url: `/v1/groups/${groupId}?force=true` })).statusCode).toBe(200);
    expect((await members()).json().error.code).toBe("group_not_found");
  });
});
