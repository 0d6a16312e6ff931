import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { UsageEvent } from "../api";
import { openDatabase } from "../backend/db/database";
import { createApiKeyStore } from "../backend/store/api-keys";
import { createAuditStore } from "../backend/store/audit";
import { createCredentialStore } from "../backend/store/credentials";
import { createGroupStore } from "../backend/store/groups";
import { createMetering } from "../backend/store/metering";

/**
 * The metering engine alone, without HTTP: `requests` calls of the usage store's `ingest` with
 * `perRequest` events each, on a WAL file database like the server's. Separates what the store costs
 * from what Fastify, JSON and the sockets cost. Returns events per second.
 */
export function storeEventsPerSecond(perRequest: number, requests: number): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-bench-store-"));
  const db = openDatabase(path.join(dir, "store.sqlite"));
  try {
    const audit = createAuditStore(db);
    const group = createGroupStore(db).create({ name: "bench", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } }, new Date(), "system");
    const key = createApiKeyStore(db, createCredentialStore(db), audit).create(group.id, "bench", { kind: "admin", id: "admin" }, new Date());
    const { usage, ledger } = createMetering(db, audit);
    ledger.post(group.id, "adjustment", 1_000_000_000_000, "bench", new Date());
    let n = 0;
    const batch = (): UsageEvent[] => Array.from({ length: perRequest }, () => ({ type: "chat.completion", id: `s-${n++}`, api_key_id: key.id,
      model: "sonar", usage: { prompt_tokens: 10, completion_tokens: 10 } }));
    const batches = Array.from({ length: requests }, batch);
    const t0 = process.hrtime.bigint();
    for (const events of batches) usage.ingest(events, new Date());
    return Math.round((perRequest * requests) / (Number(process.hrtime.bigint() - t0) / 1e9));
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
