import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type Database from "better-sqlite3";
import type { IngestUsageEventsRequest, RecordedUsageEvent } from "../api";
import { openDatabase, type Db, type Statement } from "../backend/db/database";
import { serializeIngestResponse, validateIngestBody } from "../backend/routes/usage-codec";
import { createApiKeyStore } from "../backend/store/api-keys";
import { createAuditStore } from "../backend/store/audit";
import { createCredentialStore } from "../backend/store/credentials";
import { createGroupStore } from "../backend/store/groups";
import { createMetering } from "../backend/store/metering";
import { createUsageStore, type UsageStore } from "../backend/store/usage";

/** A sonar event as JSON costing $0.00502 (10 input + 10 output tokens + the $0.005 request fee); `{n}` in `id` is for the load generator. */
export const usageEventJson = (keyId: string, id: string) =>
  `{"type":"chat.completion","id":"${id}","api_key_id":"${keyId}","model":"sonar","usage":{"prompt_tokens":10,"completion_tokens":10}}`;

/** How {@link measurePhases} makes event ids: `ordered` like a counter, or `random` like a UUID per event. */
export type EventIds = "ordered" | "random";

/** CPU time per event (user + system, microseconds) of each in-process step of one request shape. */
export interface Phases {
  readonly events_per_request: number;
  /** How event ids were made: `ordered` (a counter, as the load generator's) or `random` (UUIDs, as most clients'). */
  readonly ids: EventIds;
  /** Requests the store records per transaction, as the server's group commit would. */
  readonly requests_per_turn: number;
  readonly json_parse_us: number;
  readonly validation_us: number;
  /** `usage.ingestMany`, {@link requests_per_turn} requests per transaction: pricing, dedup, daily totals, ledger debit, reload check, commit. */
  readonly store_us: number;
  /** Of the store: recording the events (pricing, fingerprint, the dedup INSERT). */
  readonly record_us: number;
  /** Of the store: what the events share (daily totals, the ledger debit, the reload check). */
  readonly post_us: number;
  /** The same rows as bare multi-row INSERTs into `usage_events` (100 rows each), one transaction per turn: SQLite's floor for our schema. */
  readonly sql_floor_us: number;
  readonly response_us: number;
  /** SQL statements the store runs per event (transaction statements included). */
  readonly statements_per_event: number;
  /** Wall-clock events per second of the store alone (the figure the target is about). */
  readonly store_events_per_s: number;
}

/**
 * The request path of `POST /v1/usage_events` without HTTP, step by step, on a WAL file database like the
 * server's: parse the body, validate it with the route's validator, ingest it, serialize the route's
 * response. The store records `perTurn` requests per transaction, as the server's group commit does with
 * concurrent requests (about 8 single-event requests per turn at 16 in flight; 1 for a lone request).
 * Each step is timed alone over `requests` requests of `perRequest` events, as CPU time per event,
 * so a busy machine stretches wall time but barely these figures. What the server spends beyond their sum
 * is HTTP, Fastify's hooks and the group commit. `ids` (optional; default `ordered`) picks how event ids are made.
 */
export function measurePhases(perRequest: number, requests: number, perTurn: number, ids: EventIds = "ordered"): Phases {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-bench-store-"));
  let statements = 0;
  // Counting statements calls into JS on each one, so they are counted on a database of their own, not the timed one.
  const counted = openStore(path.join(dir, "counted.sqlite"), { verbose: () => void (statements += 1) });
  const store = openStore(path.join(dir, "store.sqlite"));
  try {
    const bodies = (prefix: string, n = requests) => Array.from({ length: n }, (_, r) =>
      `{"events":[${Array.from({ length: perRequest }, (_, i) => usageEventJson(store.keyId, ids === "random" ? crypto.randomUUID() : `${prefix}-${r}-${i}`)).join(",")}]}`);
    const perEvent = (us: number) => Math.round((us / (requests * perRequest)) * 100) / 100;
    const now = new Date();
    const run = (prefix: string) => {
      store.probed.recorded = 0;
      store.probed.posted = 0;
      const parsed = cpuUs(() => bodies(prefix).map((b) => JSON.parse(b) as unknown));
      const validated = cpuUs(() => parsed.result.map((p) => validateIngestBody(p).value as IngestUsageEventsRequest));
      const t0 = process.hrtime.bigint();
      const stored = cpuUs(() => inTurns(store.usage, validated.result, perTurn, now));
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      // Each response is counted in bytes, which flattens it as writing it to the socket does, and then dropped.
      const serialized = cpuUs(() => stored.result.reduce((bytes, data) => bytes + Buffer.byteLength(serializeIngestResponse({ object: "list", data })), 0));
      const floor = sqlFloorUs(store.db, store.groupId, store.keyId, turns(validated.result, perTurn).map((t) => t.flatMap((b) => b.events.map((e) => `${e.id}-floor`))));
      return { events_per_request: perRequest, ids, requests_per_turn: perTurn, json_parse_us: perEvent(parsed.us), validation_us: perEvent(validated.us), store_us: perEvent(stored.us),
        record_us: perEvent(store.probed.recorded), post_us: perEvent(store.probed.posted),
        sql_floor_us: perEvent(floor), response_us: perEvent(serialized.us), store_events_per_s: Math.round((requests * perRequest) / wallS) };
    };
    run("warm-up"); // the JIT and SQLite's page cache, as a server that has been running a while
    const measured = run("measured");
    const sample = bodies("counted", 10 * perTurn).map((b) => JSON.parse(b.replaceAll(store.keyId, counted.keyId)) as IngestUsageEventsRequest);
    statements = 0;
    inTurns(counted.usage, sample, perTurn, now);
    return { ...measured, statements_per_event: Math.round((statements / (sample.length * perRequest)) * 100) / 100 };
  } finally {
    counted.db.close();
    store.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `requests` split into turns of `perTurn`. */
const turns = <T>(requests: readonly T[], perTurn: number): T[][] =>
  Array.from({ length: Math.ceil(requests.length / perTurn) }, (_, i) => requests.slice(i * perTurn, (i + 1) * perTurn));

/** Records `requests` as the server's group commit does, `perTurn` requests per transaction; returns each request's results. */
function inTurns(usage: UsageStore, requests: readonly IngestUsageEventsRequest[], perTurn: number, now: Date): RecordedUsageEvent[][] {
  return turns(requests, perTurn).flatMap((turn) => usage.ingestMany(turn.map(({ events }) => ({ events, now }))).map((settled) => {
    if (!settled.ok) throw settled.error;
    return settled.value;
  }));
}

/** A WAL file database at `file` with one funded group and key, and the usage store over it with its steps timed. */
function openStore(file: string, options: Database.Options = {}) {
  const db = openDatabase(file, options);
  const audit = createAuditStore(db);
  const group = createGroupStore(db).create({ name: "bench", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } }, new Date(), "system");
  const key = createApiKeyStore(db, createCredentialStore(db), audit).create(group.id, "bench", { kind: "admin", id: "admin" }, new Date());
  const { ledger, reloads } = createMetering(db, audit);
  const probed = { recorded: 0, posted: 0 };
  const usage = createUsageStore(db, ledger, reloads, { recorded: (us) => void (probed.recorded += us), posted: (us) => void (probed.posted += us) });
  ledger.post(group.id, "adjustment", 1_000_000_000_000, "bench", new Date());
  return { db, usage, probed, groupId: group.id, keyId: key.id };
}

/**
 * CPU time of inserting the rows only, as the store does (one multi-row INSERT per 100 rows of a turn): what
 * SQLite itself costs for `usage_events` as the schema defines it.
 */
function sqlFloorUs(db: Db, groupId: string, keyId: string, requests: string[][]): number {
  const statements = new Map<number, Statement>();
  const insertOf = (rows: number) => statements.get(rows) ?? statements.set(rows, db.prepare(`INSERT INTO usage_events
    (id, group_id, api_key_id, model, occurred_at_ms, received_at_ms, fingerprint, cost_usd_micros)
    VALUES ${Array(rows).fill("(?, ?, ?, 'sonar', ?, ?, '2,chat.completion,,,,10,10,,,', 5020)").join(", ")}`)).get(rows) as Statement;
  const write = db.transaction((ids: string[], at: number) => {
    for (let start = 0; start < ids.length; start += 100) {
      const chunk = ids.slice(start, start + 100);
      insertOf(chunk.length).run(chunk.flatMap((id) => [id, groupId, keyId, at, at]));
    }
  });
  return cpuUs(() => { for (const ids of requests) write(ids, Date.now()); }).us;
}

function cpuUs<T>(fn: () => T): { result: T; us: number } {
  const before = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(before);
  return { result, us: used.user + used.system };
}
