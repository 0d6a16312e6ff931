import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Database from "better-sqlite3";
import { GroupList } from "../../../api";
import { createIdempotencyStore, fingerprintRequest } from "../../../backend/store/idempotency";
import { ADDRESS, buildTestApp, useTestApp } from "./helpers";

describe("Idempotency-Key on POST", () => {
  const t = useTestApp({ resetEach: true });

  const create = (key: string | undefined, payload: object = { name: "Acme", address: ADDRESS }) =>
    t.request({ method: "POST", url: "/v1/groups", payload, headers: key === undefined ? {} : { "idempotency-key": key } });
  const groupCount = async () => GroupList.parse((await t.request({ method: "GET", url: "/v1/groups" })).json()).data.length;

  it("replays the first response with Idempotent-Replayed: true and creates only one group", async () => {
    const first = await create("key-1");
    const second = await create("key-1");
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.statusCode).toBe(201);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.headers["content-type"]).toMatch(/^application\/json/);
    expect(second.json()).toEqual(first.json());
    expect(await groupCount()).toBe(1);
  });

  it("treats the same body with keys in another order as the same request", async () => {
    const first = await create("key-order", { name: "Acme", address: ADDRESS });
    const second = await create("key-order", { address: { country: "DE", postal_code: "10115", city: "Berlin", line1: "1 Main St" }, name: "Acme" });
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.json().id).toBe(first.json().id);
  });

  it("answers 422 idempotency_key_reused when the key comes back with a different body", async () => {
    await create("key-2");
    const res = await create("key-2", { name: "Other", address: ADDRESS });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ type: "idempotency_error", code: "idempotency_key_reused" });
    expect(await groupCount()).toBe(1);
  });

  it("creates a new group for every POST without a key", async () => {
    await create(undefined);
    await create(undefined);
    expect(await groupCount()).toBe(2);
  });

  it("does not remember a validation 400, so the corrected retry with the same key succeeds", async () => {
    const bad = await create("key-3", { name: "Acme", address: { ...ADDRESS, country: "XX" } });
    expect(bad.statusCode).toBe(400);
    const good = await create("key-3");
    expect(good.statusCode).toBe(201);
    expect(good.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("does not remember a 401, so the retry with the right token runs", async () => {
    const unauthenticated = await t.request({ method: "POST", url: "/v1/groups", payload: { name: "Acme", address: ADDRESS },
      headers: { authorization: "Bearer wrong", "idempotency-key": "key-4" } });
    expect(unauthenticated.statusCode).toBe(401);
    const res = await create("key-4");
    expect(res.statusCode).toBe(201);
    expect(res.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("ignores Idempotency-Key on methods other than POST", async () => {
    const group = (await create(undefined)).json();
    const patch = (name: string) => t.request({ method: "PATCH", url: `/v1/groups/${group.id}`, payload: { name }, headers: { "idempotency-key": "key-5" } });
    await patch("One");
    const res = await patch("Two");
    expect(res.json().name).toBe("Two");
    expect(res.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("rejects an Idempotency-Key longer than 255 characters", async () => {
    const res = await create("k".repeat(256));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_request");
  });

  it("answers 409 idempotency_key_in_use with Retry-After: 1 while the first request is still in flight", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-idem-"));
    const file = path.join(dir, "backend.sqlite");
    const inFlight = await buildTestApp({ dbPath: file, now: () => new Date(1_000_000) });
    const payload = { name: "Acme", address: ADDRESS };
    // Play the first request from a second connection: reserved, not yet answered.
    const other = new Database(file);
    createIdempotencyStore(other).begin({ principalId: "admin", key: "busy", fingerprint: fingerprintRequest("POST", "/v1/groups", payload) }, 1_000_000);
    other.close();
    try {
      const res = await inFlight.request({ method: "POST", url: "/v1/groups", payload, headers: { "idempotency-key": "busy" } });
      expect(res.statusCode).toBe(409);
      expect(res.headers["retry-after"]).toBe("1");
      expect(res.json().error).toMatchObject({ type: "conflict_error", code: "idempotency_key_in_use" });
    } finally {
      await inFlight.app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
