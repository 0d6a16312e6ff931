import type { InjectOptions } from "fastify";
import { useTestApp } from "./helpers";
import { activeMember, bearer, control, createApiKey, invite } from "./member-helpers";

/** The ids each request is built from: the caller's group, an active plain member, a pending invitation, a key. */
interface Ctx {
  readonly groupId: string;
  readonly memberId: string;
  readonly invitedId: string;
  readonly keyId: string;
}

const autoReload = { enabled: true, threshold_usd_micros: 10_000_000, amount_usd_micros: 50_000_000 };

/** Every mutating route of a group (settings, members, keys, billing), with the status it answers when allowed. */
const MUTATIONS: ReadonlyArray<readonly [name: string, request: (c: Ctx) => InjectOptions, ok: number]> = [
  ["PATCH /v1/groups/{group_id}", (c) => ({ method: "PATCH", url: `/v1/groups/${c.groupId}`, payload: { name: "Renamed" } }), 200],
  ["DELETE /v1/groups/{group_id}", (c) => ({ method: "DELETE", url: `/v1/groups/${c.groupId}?force=true` }), 200],
  ["POST /v1/groups/{group_id}/members", (c) => ({ method: "POST", url: `/v1/groups/${c.groupId}/members`, payload: { email: "new@example.com", role: "member" } }), 201],
  ["PATCH /v1/groups/{group_id}/members/{member_id}", (c) => ({ method: "PATCH", url: `/v1/groups/${c.groupId}/members/${c.memberId}`, payload: { role: "admin" } }), 200],
  ["DELETE /v1/groups/{group_id}/members/{member_id}", (c) => ({ method: "DELETE", url: `/v1/groups/${c.groupId}/members/${c.memberId}` }), 200],
  ["POST /v1/groups/{group_id}/members/{member_id}/resend", (c) => ({ method: "POST", url: `/v1/groups/${c.groupId}/members/${c.invitedId}/resend` }), 200],
  ["POST /v1/groups/{group_id}/api_keys", (c) => ({ method: "POST", url: `/v1/groups/${c.groupId}/api_keys`, payload: { name: "new" } }), 201],
  ["PATCH /v1/groups/{group_id}/api_keys/{key_id}", (c) => ({ method: "PATCH", url: `/v1/groups/${c.groupId}/api_keys/${c.keyId}`, payload: { name: "renamed" } }), 200],
  ["DELETE /v1/groups/{group_id}/api_keys/{key_id}", (c) => ({ method: "DELETE", url: `/v1/groups/${c.groupId}/api_keys/${c.keyId}` }), 200],
  ["PUT /v1/groups/{group_id}/billing/payment_method", (c) => ({ method: "PUT", url: `/v1/groups/${c.groupId}/billing/payment_method`, payload: { token: "pm_card_visa" } }), 200],
  ["DELETE /v1/groups/{group_id}/billing/payment_method", (c) => ({ method: "DELETE", url: `/v1/groups/${c.groupId}/billing/payment_method` }), 200],
  ["PUT /v1/groups/{group_id}/billing/auto_reload", (c) => ({ method: "PUT", url: `/v1/groups/${c.groupId}/billing/auto_reload`, payload: autoReload }), 200],
  ["DELETE /v1/groups/{group_id}/billing/auto_reload", (c) => ({ method: "DELETE", url: `/v1/groups/${c.groupId}/billing/auto_reload` }), 200],
];

/** Every read route of a group; any role in the group may call them. */
const READS: ReadonlyArray<readonly [name: string, url: (c: Ctx) => string]> = [
  ["GET /v1/groups/{group_id}", (c) => `/v1/groups/${c.groupId}`],
  ["GET /v1/groups/{group_id}/members", (c) => `/v1/groups/${c.groupId}/members`],
  ["GET /v1/groups/{group_id}/members/{member_id}", (c) => `/v1/groups/${c.groupId}/members/${c.memberId}`],
  ["GET /v1/groups/{group_id}/audit_events", (c) => `/v1/groups/${c.groupId}/audit_events`],
  ["GET /v1/groups/{group_id}/api_keys", (c) => `/v1/groups/${c.groupId}/api_keys`],
  ["GET /v1/groups/{group_id}/api_keys/{key_id}", (c) => `/v1/groups/${c.groupId}/api_keys/${c.keyId}`],
  ["GET /v1/groups/{group_id}/billing", (c) => `/v1/groups/${c.groupId}/billing`],
  ["GET /v1/groups/{group_id}/billing/auto_reload", (c) => `/v1/groups/${c.groupId}/billing/auto_reload`],
];

describe("authorization of the management API", () => {
  const t = useTestApp({ resetEach: true });
  let ctx: Ctx;
  let adminToken: string;
  let memberToken: string;
  let outsiderToken: string;

  beforeEach(async () => {
    const groupId = (await t.createGroup()).id;
    adminToken = (await activeMember(t, groupId, "boss@example.com", "admin")).token;
    const plain = await activeMember(t, groupId, "ann@example.com", "member");
    memberToken = plain.token;
    const invitedId = (await invite(t, groupId, "pending@example.com")).id;
    const keyId = (await createApiKey(t, groupId, { name: "existing" })).id;
    // A card on file, so enabling auto reload is allowed for whoever may change billing.
    await t.request({ method: "PUT", url: `/v1/groups/${groupId}/billing/payment_method`, payload: { token: "pm_card_visa" } });
    ctx = { groupId, memberId: plain.member.id, invitedId, keyId };
    const other = (await t.createGroup({ name: "Other" })).id;
    outsiderToken = (await activeMember(t, other, "eve@example.com", "admin")).token;
  });

  const as = (token: string, options: InjectOptions) => t.request({ ...options, headers: bearer(token) });
  const code = (res: { json: () => { error?: { code?: string } } }) => res.json().error?.code;

  describe.each(MUTATIONS)("%s", (_name, request, ok) => {
    it("answers 403 forbidden to a Member's credential", async () => {
      const res = await as(memberToken, request(ctx));
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toEqual({ type: "permission_error", code: "forbidden",
        message: "This needs the Admin role: Members can view usage and limits but cannot change settings." });
    });

    it("answers 401 without a credential", async () => {
      const res = await t.app.inject(request(ctx));
      expect(res.statusCode).toBe(401);
      expect(code(res)).toBe("unauthenticated");
    });

    it("lets an Admin member of the group make the change", async () => {
      expect((await as(adminToken, request(ctx))).statusCode).toBe(ok);
    });

    it("answers 404 group_not_found to an Admin of another group", async () => {
      const res = await as(outsiderToken, request(ctx));
      expect(res.statusCode).toBe(404);
      expect(code(res)).toBe("group_not_found");
    });
  });

  describe.each(READS)("%s", (_name, url) => {
    it("is readable by a Member and an Admin of the group, and 404 to another group's member", async () => {
      expect((await as(memberToken, { method: "GET", url: url(ctx) })).statusCode).toBe(200);
      expect((await as(adminToken, { method: "GET", url: url(ctx) })).statusCode).toBe(200);
      expect(code(await as(outsiderToken, { method: "GET", url: url(ctx) }))).toBe("group_not_found");
      expect((await t.app.inject({ method: "GET", url: url(ctx) })).statusCode).toBe(401);
    });
  });

  it("lets only the management key create or list groups", async () => {
    const create = { method: "POST" as const, url: "/v1/groups", payload: { name: "New", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } } };
    for (const token of [adminToken, memberToken]) {
      expect(code(await as(token, create))).toBe("forbidden");
      expect(code(await as(token, { method: "GET", url: "/v1/groups" }))).toBe("forbidden");
    }
    expect((await t.app.inject(create)).statusCode).toBe(401);
    expect((await t.request(create)).statusCode).toBe(201);
  });

  it("checks the role before the body, so a Member learns nothing from validation", async () => {
    const res = await as(memberToken, { method: "POST", url: `/v1/groups/${ctx.groupId}/members`, payload: { email: "nope" } });
    expect(res.statusCode).toBe(403);
  });

  it("applies a role change to the member's next request", async () => {
    await t.request({ method: "PATCH", url: `/v1/groups/${ctx.groupId}/members/${ctx.memberId}`, payload: { role: "admin" } });
    const rename = { method: "PATCH" as const, url: `/v1/groups/${ctx.groupId}`, payload: { name: "By Ann" } };
    expect((await as(memberToken, rename)).statusCode).toBe(200);
    await t.request({ method: "PATCH", url: `/v1/groups/${ctx.groupId}/members/${ctx.memberId}`, payload: { role: "member" } });
    expect((await as(memberToken, rename)).statusCode).toBe(403);
  });

  it("rejects the credential of a removed member or a pending invitation with 401", async () => {
    const { token: pendingToken } = await control<{ token: string }>(t, ctx.invitedId, "credential");
    expect(code(await as(pendingToken, { method: "GET", url: `/v1/groups/${ctx.groupId}` }))).toBe("unauthenticated");
    await t.request({ method: "DELETE", url: `/v1/groups/${ctx.groupId}/members/${ctx.memberId}` });
    expect(code(await as(memberToken, { method: "GET", url: `/v1/groups/${ctx.groupId}` }))).toBe("unauthenticated");
  });
});
