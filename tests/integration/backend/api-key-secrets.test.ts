import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreatedApiKey, GenerateAuthTokenResponse } from "../../../api";
import { buildTestApp, type TestApp } from "./helpers";
import { bearer, withCredit } from "./member-helpers";

describe("API key tokens never reach the database", () => {
  let dir: string;
  let file: string;
  let t: TestApp;
  let groupId: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-keys-"));
    file = path.join(dir, "backend.sqlite");
    t = await buildTestApp({ dbPath: file });
    groupId = (await t.createGroup()).id;
    await withCredit(t, groupId);
  });
  afterEach(async () => {
    await t.app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const createKey = (idempotencyKey?: string) =>
    t.request({ method: "POST", url: `/v1/groups/${groupId}/api_keys`, payload: { name: "CI" },
      headers: idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey } });
  /** Every byte the database keeps on disk: the main file plus its WAL and shared-memory files, if any. */
  const databaseBytes = () =>
    fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name)).toString("latin1")).join("\n");

  it("keeps no plaintext token in the SQLite files, with or without Idempotency-Key, nor in replays' records", async () => {
    const plain = CreatedApiKey.parse((await createKey()).json()).token;
    const idempotent = CreatedApiKey.parse((await createKey("create-1")).json()).token;
    const replayed = await createKey("create-1");
    expect(replayed.headers["idempotent-replayed"]).toBe("true");
    expect(CreatedApiKey.parse(replayed.json()).token).toBe(idempotent);
    const generated = GenerateAuthTokenResponse.parse((await t.request({ method: "POST", url: "/generate_auth_token",
      headers: { ...bearer(plain), "idempotency-key": "gen-1" }, payload: { token_name: "generated" } })).json()).auth_token;

    const whileRunning = databaseBytes();
    await t.app.close();
    const afterClose = databaseBytes();
    for (const bytes of [whileRunning, afterClose]) {
      expect(bytes).toContain(groupId);
      for (const token of [plain, idempotent, generated]) {
        expect(bytes).not.toContain(token);
        expect(bytes).not.toContain(token.slice("pplx-".length));
      }
    }
    t = await buildTestApp({ dbPath: file });
  });

  it("refuses to replay a key creation after a restart with 409 idempotency_replay_unavailable naming the key", async () => {
    const created = CreatedApiKey.parse((await createKey("create-2")).json());
    await t.app.close();
    t = await buildTestApp({ dbPath: file });
    const res = await createKey("create-2");
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ type: "idempotency_error", code: "idempotency_replay_unavailable",
      message: expect.stringContaining(created.id) });
    expect(res.body).not.toContain(created.token);
    // The key itself survived the restart and still works.
    expect((await t.request({ method: "POST", url: "/generate_auth_token", headers: bearer(created.token) })).statusCode).toBe(200);
  });

  it("still replays a response without secrets after a restart", async () => {
    const first = await t.request({ method: "POST", url: "/v1/groups", payload: { name: "Replayed", address: { line1: "1 Main St",
      city: "Berlin", postal_code: "10115", country: "DE" } }, headers: { "idempotency-key": "group-1" } });
    await t.app.close();
    t = await buildTestApp({ dbPath: file });
    const again = await t.request({ method: "POST", url: "/v1/groups", payload: { name: "Replayed", address: { line1: "1 Main St",
      city: "Berlin", postal_code: "10115", country: "DE" } }, headers: { "idempotency-key": "group-1" } });
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toBe(first.body);
  });
});
