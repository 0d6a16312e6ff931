import { apiError, json, useScriptedClient } from "./scripted-server";

const GROUP = "grp_0123456789abcdefghijklmn";
const KEY = "key_0123456789abcdefghijklmn";
const TOKEN = `pplx-${"Xy9".repeat(16)}`;

/** An API key as the API returns it. */
function keyBody(id = KEY, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { object: "api_key", id, group_id: GROUP, name: "CI", token_hint: "pplx-…Xy9z", status: "active",
    created_at: "2026-01-01T00:00:00.000Z", revoked_at: null, ...extra };
}

const t = useScriptedClient();

const page = (ids: string[], next: string | null) => ({ object: "list", data: ids.map((id) => keyBody(id)), has_more: next !== null, next_cursor: next });

describe("ApiKeys", () => {
  it("creates a key with POST, an empty body by default, and returns it with its token", async () => {
    t.server.script(json(201, keyBody(KEY, { token: TOKEN })));
    await expect(t.client.apiKeys.create(GROUP)).resolves.toMatchObject({ id: KEY, token: TOKEN });
    expect(t.seen()).toEqual([`POST /v1/groups/${GROUP}/api_keys`]);
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({});
  });

  it("sends the caller's idempotency key on create and the same one on a retry", async () => {
    t.server.script(apiError(503, "service_unavailable", "api_error", "Later."), json(201, keyBody(KEY, { token: TOKEN })));
    await t.client.apiKeys.create(GROUP, { name: "CI" }, { idempotencyKey: "rotate-ci-1" });
    expect(t.server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["rotate-ci-1", "rotate-ci-1"]);
  });

  it("rejects a create response without a token as breaking the contract", async () => {
    t.server.script(json(201, keyBody()));
    await expect(t.client.apiKeys.create(GROUP)).rejects.toMatchObject({ code: "invalid_response", issues: [{ path: "token", code: "invalid_type" }] });
  });

  it("retrieves, renames and revokes a key at its encoded path", async () => {
    t.server.script(json(200, keyBody()), json(200, keyBody(KEY, { name: "New" })), json(200, keyBody(KEY, { status: "revoked", revoked_at: "2026-01-02T00:00:00.000Z" })));
    await t.client.apiKeys.retrieve(GROUP, KEY);
    await expect(t.client.apiKeys.update(GROUP, KEY, { name: "New" })).resolves.toMatchObject({ name: "New" });
    await expect(t.client.apiKeys.revoke(GROUP, KEY)).resolves.toMatchObject({ status: "revoked" });
    expect(t.seen()).toEqual([`GET /v1/groups/${GROUP}/api_keys/${KEY}`, `PATCH /v1/groups/${GROUP}/api_keys/${KEY}`, `DELETE /v1/groups/${GROUP}/api_keys/${KEY}`]);
  });

  it("lists with status, limit and cursor, and iterates over every page", async () => {
    const second = "key_bbbbbbbbbbbbbbbbbbbbbbbb";
    t.server.script(json(200, page([KEY], "cur_2")), json(200, page([second], null)));
    const ids: string[] = [];
    for await (const p of t.client.apiKeys.listAll(GROUP, { limit: 1, status: "all" })) ids.push(...p.data.map((k) => k.id));
    expect(ids).toEqual([KEY, second]);
    expect(t.seen()).toEqual([`GET /v1/groups/${GROUP}/api_keys?limit=1&status=all`, `GET /v1/groups/${GROUP}/api_keys?limit=1&after=cur_2&status=all`]);
  });

  it("surfaces api_key_not_found as a NotFoundError", async () => {
    t.server.script(apiError(404, "api_key_not_found", "not_found_error", `No API key with id ${KEY} in group ${GROUP}.`));
    await expect(t.client.apiKeys.retrieve(GROUP, KEY)).rejects.toMatchObject({ name: "NotFoundError", code: "api_key_not_found", status: 404 });
  });
});
