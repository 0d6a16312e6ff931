import { Caller } from "../../../api";
import { useTestApp } from "./helpers";
import { activeMember, bearer, createApiKey, invite } from "./member-helpers";

describe("GET /v1/me", () => {
  const t = useTestApp({ resetEach: true });

  it("says the management key is an Admin of every group, with no member behind it", async () => {
    const res = await t.request({ method: "GET", url: "/v1/me" });
    expect(res.statusCode).toBe(200);
    expect(Caller.parse(res.json())).toEqual({ object: "caller", kind: "management_key", role: "admin", group_id: null, member: null });
  });

  it("names a member credential's member, group and current role, and follows a role change", async () => {
    const group = await t.createGroup();
    const { member, token } = await activeMember(t, group.id, "viewer@example.com", "member");
    const before = Caller.parse((await t.request({ method: "GET", url: "/v1/me", headers: bearer(token) })).json());
    expect(before).toMatchObject({ kind: "member", role: "member", group_id: group.id, member: { id: member.id, email: "viewer@example.com" } });
    await t.request({ method: "PATCH", url: `/v1/groups/${group.id}/members/${member.id}`, payload: { role: "admin" } });
    const after = Caller.parse((await t.request({ method: "GET", url: "/v1/me", headers: bearer(token) })).json());
    expect(after.role).toBe("admin");
  });

  it("refuses an API key with 403 and a removed member's credential with 401", async () => {
    const group = await t.createGroup();
    const key = await createApiKey(t, group.id);
    const asKey = await t.request({ method: "GET", url: "/v1/me", headers: bearer(key.token) });
    expect({ status: asKey.statusCode, code: asKey.json().error.code }).toEqual({ status: 403, code: "forbidden" });
    await invite(t, group.id, "admin2@example.com", "admin");
    const { member, token } = await activeMember(t, group.id, "gone@example.com", "member");
    await t.request({ method: "DELETE", url: `/v1/groups/${group.id}/members/${member.id}` });
    const removed = await t.request({ method: "GET", url: "/v1/me", headers: bearer(token) });
    expect({ status: removed.statusCode, code: removed.json().error.code }).toEqual({ status: 401, code: "unauthenticated" });
  });

  it("needs a credential", async () => {
    const res = await t.request({ method: "GET", url: "/v1/me", headers: { authorization: "" } });
    expect(res.statusCode).toBe(401);
  });
});
