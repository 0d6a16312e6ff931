import { inspect } from "node:util";
import { apiError, delayed, json, resetConnection, text, useScriptedClient, type Reply } from "./scripted-server";

const SECRET = "pplx-do-not-print-0123456789";
const BODY_MARKER = "Confidential Body Ltd";
const body = { name: BODY_MARKER, address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } };

const t = useScriptedClient({ apiKey: SECRET, timeoutMs: 100, retry: { maxRetries: 0 } });

function expectNoSecrets(value: unknown): void {
  for (const rendered of [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value), String(value), (value as Error).stack ?? ""]) {
    expect(rendered).not.toContain(SECRET);
    expect(rendered).not.toContain(BODY_MARKER);
  }
}

const failures: Array<[string, Reply]> = [
  ["an API error", apiError(400, "invalid_request", "invalid_request_error", "name is invalid.", { param: "name" })],
  ["a non-JSON error", text(500, "<html>oops</html>")],
  ["an invalid response", json(200, { object: "group" })],
  ["a connection reset", resetConnection],
  ["a timeout", delayed(2000, json(200, {}))],
];

describe("errors never expose secrets", () => {
  it.each(failures)("keeps the token and the request body out of %s", async (_name, reply) => {
    t.server.script(reply);
    const err = await t.client.groups.create(body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expectNoSecrets(err);
    expect(t.server.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it("keeps the token out of the client object itself", () => {
    expectNoSecrets(t.client);
    expectNoSecrets(t.client.groups);
  });
});
