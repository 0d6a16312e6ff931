import { apiError, json, useScriptedClient } from "./scripted-server";

const GROUP = "grp_0123456789abcdefghijklmn";
const ID = "mem_0123456789abcdefghijklmn";

/** A member as the API returns it. */
function memberBody(id = ID, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object: "member", id, group_id: GROUP, email: "ann@example.com", role: "member", status: "invited",
    invited_at: "2026-01-01T00:00:00.000Z", joined_at: null, expires_at: "2026-01-08T00:00:00.000Z",
    created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z", owner: null, ...overrides,
  };
}

const t = useScriptedClient();

const page = (ids: string[], next: string | null) => ({ object: "list", data: ids.map((id) => memberBody(id)), has_more: next !== null, next_cursor: next });
const base = `/v1/groups/${GROUP}/members`;

describe("Members", () => {
  it("invites with POST, an idempotency key and the body as given, and parses the member", async () => {
    t.server.script(json(201, memberBody()));
    await expect(t.client.members.invite(GROUP, { email: "ann@example.com", role: "member" }, { idempotencyKey: "invite-ann" })).resolves.toEqual(memberBody());
    expect(t.seen()).toEqual([`POST ${base}`]);
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({ email: "ann@example.com", role: "member" });
    expect(t.server.requests[0]?.headers["idempotency-key"]).toBe("invite-ann");
  });

  it("returns the adopted member when the API answers 200 for an existing email", async () => {
    t.server.script(json(200, memberBody(ID, { status: "active", joined_at: "2026-01-02T00:00:00.000Z", expires_at: null })));
    await expect(t.client.members.invite(GROUP, { email: "Ann@Example.com", role: "member" })).resolves.toMatchObject({ status: "active" });
    expect(t.server.requests[0]?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("retrieves a member by encoded group and member ids", async () => {
    t.server.script(json(200, memberBody()));
    await t.client.members.retrieve(GROUP, ID);
    await t.client.members.retrieve("grp x", "mem/y").catch(() => undefined);
    expect(t.seen()).toEqual([`GET ${base}/${ID}`, "GET /v1/groups/grp%20x/members/mem%2Fy"]);
  });

  it("surfaces member_not_found as a NotFoundError", async () => {
    t.server.script(apiError(404, "member_not_found", "not_found_error", `No member with id ${ID}.`));
    await expect(t.client.members.retrieve(GROUP, ID)).rejects.toMatchObject({ name: "NotFoundError", code: "member_not_found", status: 404 });
  });

  it("lists one page with role and status filters, limit and cursor", async () => {
    t.server.script(json(200, page([ID], "cur_2")));
    await expect(t.client.members.list(GROUP, { role: "admin", status: "active", limit: 1, after: "cur_1" })).resolves.toMatchObject({ next_cursor: "cur_2" });
    await t.client.members.list(GROUP);
    expect(t.seen()).toEqual([`GET ${base}?limit=1&after=cur_1&role=admin&status=active`, `GET ${base}`]);
  });

  it("iterates over every page, keeping the filters", async () => {
    const second = "mem_bbbbbbbbbbbbbbbbbbbbbbbb";
    t.server.script(json(200, page([ID], "cur_2")), json(200, page([second], null)));
    const ids: string[] = [];
    for await (const p of t.client.members.listAll(GROUP, { role: "member", limit: 1 })) ids.push(...p.data.map((m) => m.id));
    expect(ids).toEqual([ID, second]);
    expect(t.seen()).toEqual([`GET ${base}?limit=1&role=member`, `GET ${base}?limit=1&after=cur_2&role=member`]);
  });

  it("changes a role with PATCH and no idempotency key", async () => {
    t.server.script(json(200, memberBody(ID, { role: "admin" })));
    await expect(t.client.members.update(GROUP, ID, { role: "admin" })).resolves.toMatchObject({ role: "admin" });
    expect(t.seen()).toEqual([`PATCH ${base}/${ID}`]);
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({ role: "admin" });
    expect(t.server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
  });

  it("surfaces last_admin as a ConflictError carrying the server's message, without retrying", async () => {
    const message = `Cannot demote boss@example.com (${ID}): they are the only active admin of group ${GROUP}; promote another member to admin first.`;
    t.server.script(apiError(409, "last_admin", "conflict_error", message));
    await expect(t.client.members.update(GROUP, ID, { role: "member" })).rejects.toMatchObject({
      name: "ConflictError", code: "last_admin", message: `PATCH ${base}/${ID}: 409 last_admin: ${message}` });
    expect(t.server.requests).toHaveLength(1);
  });

  it("removes a member with DELETE and returns the deletion", async () => {
    t.server.script(json(200, { object: "member", id: ID, deleted: true }));
    await expect(t.client.members.remove(GROUP, ID)).resolves.toEqual({ object: "member", id: ID, deleted: true });
    expect(t.seen()).toEqual([`DELETE ${base}/${ID}`]);
  });

  it("re-sends an invitation with POST …/resend, an empty JSON body (not an empty form) and an idempotency key", async () => {
    t.server.script(json(200, memberBody()));
    await t.client.members.resend(GROUP, ID, { idempotencyKey: "resend-1" });
    expect(t.seen()).toEqual([`POST ${base}/${ID}/resend`]);
    expect(t.server.requests[0]?.body).toBe("{}");
    expect(t.server.requests[0]?.headers["content-type"]).toBe("application/json");
    expect(t.server.requests[0]?.headers["idempotency-key"]).toBe("resend-1");
  });

  it("surfaces member_already_active on resend as a ConflictError", async () => {
    t.server.script(apiError(409, "member_already_active", "conflict_error", "ann@example.com has already accepted the invitation."));
    await expect(t.client.members.resend(GROUP, ID)).rejects.toMatchObject({ name: "ConflictError", code: "member_already_active" });
  });

  it("rejects a response that breaks the member contract", async () => {
    t.server.script(json(200, memberBody(ID, { status: "pending" })));
    await expect(t.client.members.retrieve(GROUP, ID)).rejects.toMatchObject({ code: "invalid_response" });
  });
});
