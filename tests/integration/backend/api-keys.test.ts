import { ApiKey, ApiKeyList, type AuditEventList } from "../../../api";
import { useTestApp } from "./helpers";
import { activeMember, bearer, createApiKey } from "./member-helpers";

describe("API key routes", () => {
  let clock = new Date("2026-04-01T00:00:00.000Z");
  const t = useTestApp({ now: () => clock, resetEach: true });
  let groupId: string;

  beforeEach(async () => {
    groupId = (await t.createGroup()).id;
  });

  const keysUrl = () => `/v1/groups/${groupId}/api_keys`;
  const createKey = (payload?: object) => createApiKey(t, groupId, payload);
  const actions = async () =>
    (await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events?limit=100` })).json<AuditEventList>().data
      .map((e) => e.action).filter((a) => a.startsWith("api_key."));

  it("creates a key with a key_ id and returns its pplx- token and hint only in the create response", async () => {
    const created = await createKey({ name: "CI" });
    expect(created).toMatchObject({ object: "api_key", group_id: groupId, name: "CI", status: "active", revoked_at: null,
      created_at: clock.toISOString() });
    expect(created.id).toMatch(/^key_[a-z0-9]{24}$/);
    expect(created.token).toMatch(/^pplx-[A-Za-z0-9]{48}$/);
    expect(created.token_hint).toBe(`pplx-…${created.token.slice(-4)}`);

    const got = await t.request({ method: "GET", url: `${keysUrl()}/${created.id}` });
    const listed = await t.request({ method: "GET", url: keysUrl() });
    const { token: _secret, ...withoutToken } = created;
    expect(got.json()).toEqual(withoutToken);
    expect(ApiKeyList.parse(listed.json()).data).toEqual([withoutToken]);
    for (const body of [got.body, listed.body]) expect(body).not.toContain(created.token);
  });

  it("names a key \"API key\" when the POST has no body or an empty one", async () => {
    expect((await createKey()).name).toBe("API key");
    expect((await createKey({})).name).toBe("API key");
  });

  it("lets the new token authenticate as an API key, which gets 403 on the management API", async () => {
    const { token } = await createKey();
    const res = await t.request({ method: "GET", url: keysUrl(), headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("forbidden");
  });

  it("renames a key with PATCH and audits the rename", async () => {
    const created = await createKey({ name: "Old" });
    const res = await t.request({ method: "PATCH", url: `${keysUrl()}/${created.id}`, payload: { name: "New" } });
    expect(res.statusCode).toBe(200);
    expect(ApiKey.parse(res.json()).name).toBe("New");
    expect(await actions()).toEqual(["api_key.created", "api_key.renamed"]);
  });

  it("revokes a key with DELETE, idempotently, audits it once and stops its token authenticating", async () => {
    const created = await createKey();
    clock = new Date("2026-04-02T00:00:00.000Z");
    const first = await t.request({ method: "DELETE", url: `${keysUrl()}/${created.id}` });
    const second = await t.request({ method: "DELETE", url: `${keysUrl()}/${created.id}` });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: "revoked", revoked_at: "2026-04-02T00:00:00.000Z" });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(await actions()).toEqual(["api_key.created", "api_key.revoked"]);
    const retrieved = await t.request({ method: "GET", url: `${keysUrl()}/${created.id}` });
    expect(retrieved.json().status).toBe("revoked");
    const withToken = await t.request({ method: "POST", url: "/generate_auth_token", headers: bearer(created.token) });
    expect(withToken.statusCode).toBe(401);
  });

  it("lists active keys by default and filters by status revoked or all", async () => {
    const kept = await createKey({ name: "kept" });
    const gone = await createKey({ name: "gone" });
    await t.request({ method: "DELETE", url: `${keysUrl()}/${gone.id}` });
    const names = async (query: string) =>
      ApiKeyList.parse((await t.request({ method: "GET", url: `${keysUrl()}${query}` })).json()).data.map((k) => k.name);
    expect(await names("")).toEqual([kept.name]);
    expect(await names("?status=revoked")).toEqual([gone.name]);
    expect((await names("?status=all")).sort()).toEqual(["gone", "kept"]);
    const bad = await t.request({ method: "GET", url: `${keysUrl()}?status=expired` });
    expect(bad.json().error).toMatchObject({ code: "invalid_request", param: "status" });
  });

  it("pages through keys oldest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock = new Date(Date.UTC(2026, 3, 3, 0, 0, i));
      ids.push((await createKey({ name: `k${i}` })).id);
    }
    const first = ApiKeyList.parse((await t.request({ method: "GET", url: `${keysUrl()}?limit=2` })).json());
    const second = ApiKeyList.parse((await t.request({ method: "GET", url: `${keysUrl()}?limit=2&after=${first.next_cursor ?? ""}` })).json());
    expect([...first.data, ...second.data].map((k) => k.id)).toEqual(ids);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
  });

  it("answers 404 api_key_not_found for an unknown key and group_not_found for an unknown group", async () => {
    const missing = await t.request({ method: "GET", url: `${keysUrl()}/key_000000000000000000000000` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("api_key_not_found");
    const noGroup = await t.request({ method: "POST", url: "/v1/groups/grp_000000000000000000000000/api_keys", payload: {} });
    expect(noGroup.json().error.code).toBe("group_not_found");
  });

  it("rejects an invalid name and unknown fields with 400 naming the field", async () => {
    const res = await t.request({ method: "POST", url: keysUrl(), payload: { name: " padded " } });
    expect(res.json().error).toMatchObject({ code: "invalid_request", param: "name" });
    const unknown = await t.request({ method: "POST", url: keysUrl(), payload: { name: "x", token: "mine" } });
    expect(unknown.json().error).toMatchObject({ code: "invalid_request", param: "token" });
  });

  it("lets a Member read keys but answers 403 to a Member creating, renaming or revoking one", async () => {
    const key = await createKey();
    const { token } = await activeMember(t, groupId, "ann@example.com", "member");
    expect((await t.request({ method: "GET", url: keysUrl(), headers: bearer(token) })).statusCode).toBe(200);
    for (const [method, url, payload] of [["POST", keysUrl(), {}], ["PATCH", `${keysUrl()}/${key.id}`, { name: "x" }],
      ["DELETE", `${keysUrl()}/${key.id}`, undefined]] as const) {
      const res = await t.request({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    }
  });

  it("lets an Admin member create a key", async () => {
    const { token } = await activeMember(t, groupId, "boss@example.com", "admin");
    const res = await t.request({ method: "POST", url: keysUrl(), payload: { name: "by admin" }, headers: bearer(token) });
    expect(res.statusCode).toBe(201);
  });

  it("counts active keys as group contents: delete without force is 409, with force the keys go too", async () => {
    const key = await createKey();
    const refused = await t.request({ method: "DELETE", url: `/v1/groups/${groupId}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: "group_not_empty", message: expect.stringContaining(`1 active API key (${key.id} "${key.name}")`) });
    expect((await t.request({ method: "DELETE", url: `/v1/groups/${groupId}?force=true` })).statusCode).toBe(200);
    const afterwards = await t.request({ method: "POST", url: "/generate_auth_token", headers: bearer(key.token) });
    expect(afterwards.statusCode).toBe(401);
  });

  it("lets a group whose keys are all revoked be deleted without force", async () => {
    const key = await createKey();
    await t.request({ method: "DELETE", url: `${keysUrl()}/${key.id}` });
    expect((await t.request({ method: "DELETE", url: `/v1/groups/${groupId}` })).statusCode).toBe(200);
  });
});
