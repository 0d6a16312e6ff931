import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Database from "better-sqlite3";
import { sha256Hex } from "../../../backend/crypto";
import { startBackend, type RunningBackend } from "../../../backend/server";
import { ADDRESS, ADMIN_TOKEN } from "./helpers";

describe("startBackend", () => {
  let dir: string;
  let backend: RunningBackend;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-backend-"));
    backend = await startBackend({ port: 0, adminToken: ADMIN_TOKEN, dbPath: path.join(dir, "backend.sqlite") });
  });
  afterAll(async () => {
    await backend?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 on a free port and serves real HTTP requests", async () => {
    expect(backend.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${backend.url}/v1/groups`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json", "idempotency-key": "http-1" },
      body: JSON.stringify({ name: "Over HTTP", address: ADDRESS }),
    });
    expect(created.status).toBe(201);
    const group = (await created.json()) as { id: string };
    const fetched = await fetch(`${backend.url}/v1/groups/${group.id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await fetched.json()).toMatchObject({ id: group.id, name: "Over HTTP" });
  });

  it("rejects with EADDRINUSE when the port is taken", async () => {
    const port = Number(new URL(backend.url).port);
    await expect(startBackend({ port, adminToken: ADMIN_TOKEN })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });

  it("stores the admin token only as its SHA-256 hash", async () => {
    await backend.close();
    const files = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)));
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) expect(bytes.includes(ADMIN_TOKEN)).toBe(false);
    const db = new Database(path.join(dir, "backend.sqlite"), { readonly: true });
    try {
      expect(db.prepare("SELECT token_hash FROM credentials WHERE kind = 'admin'").pluck().all()).toEqual([sha256Hex(ADMIN_TOKEN)]);
    } finally {
      db.close();
    }
  });

  it("keeps data in the database file across restarts", async () => {
    const again = await startBackend({ adminToken: ADMIN_TOKEN, dbPath: path.join(dir, "backend.sqlite") });
    try {
      const list = await fetch(`${again.url}/v1/groups`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(1);
    } finally {
      await again.close();
    }
  });
});
