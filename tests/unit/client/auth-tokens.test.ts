import { inspect } from "node:util";
import { apiError, json, resetConnection, text, useScriptedClient, type Reply } from "./scripted-server";

const CALLER = `pplx-${"Ca1".repeat(16)}`;
const REVOKED = `pplx-${"Rv2".repeat(16)}`;

const t = useScriptedClient({ apiKey: CALLER, retry: { maxRetries: 0 } });

describe("AuthTokens", () => {
  it("generates with POST /generate_auth_token, the group key as bearer, and parses the documented response", async () => {
    const body = { auth_token: REVOKED, created_at_epoch_seconds: 1735689600, token_name: "Production API Key" };
    t.server.script(json(200, body));
    await expect(t.client.authTokens.generate({ token_name: "Production API Key" })).resolves.toEqual(body);
    const [req] = t.server.requests;
    expect(`${req?.method} ${req?.url}`).toBe("POST /generate_auth_token");
    expect(req?.headers.authorization).toBe(`Bearer ${CALLER}`);
    expect(req?.headers["idempotency-key"]).toEqual(expect.any(String));
    expect(JSON.parse(req?.body ?? "")).toEqual({ token_name: "Production API Key" });
  });

  it("sends an empty object when no token_name is given", async () => {
    t.server.script(json(200, { auth_token: REVOKED, created_at_epoch_seconds: 1, token_name: "API key" }));
    await t.client.authTokens.generate();
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({});
  });

  it.each([
    ["a null body", json(200, null)],
    ["an empty body", text(200, "", "application/json")],
    ["an object body", json(200, { revoked: true })],
  ] as const)("revokes with POST /revoke_auth_token and resolves on 200 with %s", async (_name, reply) => {
    t.server.script(reply);
    await expect(t.client.authTokens.revoke({ auth_token: REVOKED })).resolves.toBeUndefined();
    expect(t.server.requests[0]?.url).toBe("/revoke_auth_token");
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({ auth_token: REVOKED });
  });

  const failures: Array<[string, Reply]> = [
    ["404 api_key_not_found", apiError(404, "api_key_not_found", "not_found_error", "No API key of this group has that token.")],
    ["an HTML 401", text(401, `<html>401 Authorization Required ${REVOKED}</html>`)],
    ["a connection reset", resetConnection],
  ];

  it.each(failures)("keeps both tokens out of the error for %s", async (_name, reply) => {
    t.server.script(reply);
    const err = await t.client.authTokens.revoke({ auth_token: REVOKED }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    for (const rendered of [inspect(err, { depth: 10, showHidden: true }), JSON.stringify(err), String(err), (err as Error).stack ?? ""]) {
      expect(rendered).not.toContain(REVOKED);
      expect(rendered).not.toContain(CALLER);
    }
  });

  it("maps a token of another group to NotFoundError api_key_not_found", async () => {
    t.server.script(apiError(404, "api_key_not_found", "not_found_error", "No API key of this group has that token."));
    await expect(t.client.authTokens.revoke({ auth_token: REVOKED })).rejects.toMatchObject({ name: "NotFoundError", code: "api_key_not_found" });
  });
});
