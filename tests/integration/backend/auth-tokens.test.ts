import { ApiKeyList, GenerateAuthTokenResponse, type AuditEventList, type CreatedApiKey } from "../../../api";
import { useTestApp } from "./helpers";
import { activeMember, bearer, createApiKey, withCredit } from "./member-helpers";

describe("the documented /generate_auth_token and /revoke_auth_token", () => {
  const clock = new Date("2026-05-01T10:20:30.456Z");
  const t = useTestApp({ now: () => clock, resetEach: true });
  let groupId: string;
  let firstKey: CreatedApiKey;

  beforeEach(async () => {
    groupId = (await t.createGroup()).id;
    await withCredit(t, groupId);
    // As in the portal, the first key is made in the console (here: the management API).
    firstKey = await createApiKey(t, groupId, { name: "first" });
  });

  const generate = (token: string, payload?: object) =>
    t.request({ method: "POST", url: "/generate_auth_token", headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
  const revoke = (token: string, authToken: string) =>
    t.request({ method: "POST", url: "/revoke_auth_token", headers: bearer(token), payload: { auth_token: authToken } });
  const keys = async (status = "all") =>
    ApiKeyList.parse((await t.request({ method: "GET", url: `/v1/groups/${groupId}/api_keys?status=${status}` })).json()).data;

  it("generates a key in the caller's group and answers exactly {auth_token, created_at_epoch_seconds, token_name}", async () => {
    const res = await generate(firstKey.token, { token_name: "Production API Key" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(["auth_token", "created_at_epoch_seconds", "token_name"]);
    expect(GenerateAuthTokenResponse.parse(body)).toEqual({ auth_token: expect.stringMatching(/^pplx-[A-Za-z0-9]{48}$/),
      created_at_epoch_seconds: Math.floor(clock.getTime() / 1000), token_name: "Production API Key" });
    const listed = (await keys()).find((k) => k.name === "Production API Key");
    expect(listed).toMatchObject({ group_id: groupId, token_hint: `pplx-…${String(body.auth_token).slice(-4)}` });
  });

  it("names the key \"API key\" when the body is missing or has no token_name", async () => {
    expect((await generate(firstKey.token)).json().token_name).toBe("API key");
    expect((await generate(firstKey.token, {})).json().token_name).toBe("API key");
  });

  it("refuses to mint with a key blocked for lack of credit (401 insufficient_credits, not to be retried), and still lets it revoke", async () => {
    const blockedGroup = (await t.createGroup()).id;
    const blocked = await createApiKey(t, blockedGroup, { name: "blocked" });
    const other = await createApiKey(t, blockedGroup, { name: "other" });
    const res = await generate(blocked.token, { token_name: "escape" });
    expect([res.statusCode, res.headers["x-should-retry"], res.json().error.code]).toEqual([401, "false", "insufficient_credits"]);
    expect((await revoke(blocked.token, other.token)).statusCode).toBe(200);
    expect((await t.request({ method: "GET", url: `/v1/groups/${blockedGroup}/api_keys?status=active` })).json().data.map((k: { name: string }) => k.name)).toEqual(["blocked"]);
  });

  it("lets a generated token authenticate the endpoints in turn", async () => {
    const second = (await generate(firstKey.token)).json<GenerateAuthTokenResponse>().auth_token;
    expect((await generate(second, { token_name: "third" })).statusCode).toBe(200);
  });

  it("revokes a key by its token with 200, idempotently, and the revoked token then gets 401", async () => {
    const second = (await generate(firstKey.token, { token_name: "second" })).json<GenerateAuthTokenResponse>().auth_token;
    const first = await revoke(firstKey.token, second);
    expect(first.statusCode).toBe(200);
    expect(first.body).toBe("null");
    expect((await revoke(firstKey.token, second)).statusCode).toBe(200);
    expect((await keys("revoked")).map((k) => k.name)).toEqual(["second"]);
    const events = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events?action=api_key.revoked` })).json<AuditEventList>();
    expect(events.data).toHaveLength(1);
    expect(events.data[0]?.actor).toEqual({ type: "api_key", id: firstKey.id });
    const res = await generate(second);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("unauthenticated");
  });

  it("lets a key revoke itself, after which it gets 401", async () => {
    expect((await revoke(firstKey.token, firstKey.token)).statusCode).toBe(200);
    expect((await generate(firstKey.token)).statusCode).toBe(401);
  });

  it("answers 404 api_key_not_found, without echoing it, for a token of another group or no key at all", async () => {
    const otherGroup = (await t.createGroup({ name: "Other" })).id;
    await withCredit(t, otherGroup);
    const foreign = await createApiKey(t, otherGroup, {});
    for (const token of [foreign.token, "pplx-not-a-key"]) {
      const res = await revoke(firstKey.token, token);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("api_key_not_found");
      expect(res.body).not.toContain(token);
    }
    expect((await generate(foreign.token)).statusCode).toBe(200);
  });

  it("answers 403 forbidden to the management key and to a member's credential", async () => {
    const { token: memberToken } = await activeMember(t, groupId, "boss@example.com", "admin");
    for (const token of [undefined, memberToken]) {
      const headers = token === undefined ? {} : bearer(token);
      const res = await t.request({ method: "POST", url: "/generate_auth_token", headers, payload: {} });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: "forbidden", message: expect.stringContaining("existing API key of the group") });
      const revoked = await t.request({ method: "POST", url: "/revoke_auth_token", headers, payload: { auth_token: firstKey.token } });
      expect(revoked.statusCode).toBe(403);
    }
    expect((await keys("active")).map((k) => k.id)).toEqual([firstKey.id]);
  });

  it("answers 401 without a credential and 400 naming auth_token when it is missing", async () => {
    expect((await t.app.inject({ method: "POST", url: "/generate_auth_token" })).statusCode).toBe(401);
    const res = await t.request({ method: "POST", url: "/revoke_auth_token", headers: bearer(firstKey.token), payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_request", param: "auth_token" });
  });

  it("replays a generate retried with the same Idempotency-Key: the same token, one key", async () => {
    const send = () => t.request({ method: "POST", url: "/generate_auth_token", payload: { token_name: "retried" },
      headers: { ...bearer(firstKey.token), "idempotency-key": "gen-1" } });
    const first = await send();
    const second = await send();
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json()).toEqual(first.json());
    expect((await keys()).filter((k) => k.name === "retried")).toHaveLength(1);
  });
});
