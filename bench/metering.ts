import { fork, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { createClient, type PerplexityClient } from "../client";
import type { LoadJob, LoadResult } from "./metering-load";
import { measurePhases, usageEventJson, type Phases } from "./metering-phases";

/**
 * `npm run bench:metering`: usage-ingestion throughput, latency and server CPU of the embedded backend over
 * HTTP (single-event and 100-event requests as fast as they are answered, then single-event requests at a
 * fixed rate for p99), where that CPU goes step by step (see `measurePhases`), and the exactly-once
 * auto-reload check under concurrent writers. The backend runs in its own process; load comes from worker
 * threads with many requests in flight. Prints tables and one JSON line; asserts nothing about time (see
 * the README for the targets and the last measured figures).
 */
const USD = 1_000_000;
const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };
const WORKERS = 2;
const PHASE_MS = Number(process.env["BENCH_PHASE_MS"] ?? 5000);
const RELOAD_GROUPS = 20;
/** Single-event requests per second of the fixed-rate phase, where p99 latency is judged. */
const FIXED_RATE = Number(process.env["BENCH_FIXED_RATE"] ?? 2000);

/** A sonar event costing $0.00502, id `{n}`+suffix (the load generator makes `{n}` unique). */
const event = (keyId: string, suffix = "") => usageEventJson(keyId, `{n}${suffix}`);

async function main(): Promise<void> {
  const adminToken = `pplx-admin-${crypto.randomBytes(16).toString("hex")}`;
  // BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof`) profiles the backend under load.
  const execArgv = (process.env["BENCH_SERVER_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== "");
  const server = fork(path.join(__dirname, "metering-server.js"), { env: { ...process.env, BENCH_ADMIN_TOKEN: adminToken }, execArgv });
  try {
    const { url, bareUrl } = await new Promise<{ url: string; bareUrl: string }>((resolve) => server.once("message", resolve));
    const client = createClient({ baseUrl: url, apiKey: adminToken });
    const { keyId } = await fundedGroup(client, 5 * 10_000 * USD);
    const job = (bodies: string[], inflight: number, maxRequests = Number.MAX_SAFE_INTEGER, durationMs = PHASE_MS, ratePerS?: number): LoadJob =>
      ({ url, token: adminToken, path: "/v1/usage_events", bodies, inflight, durationMs, maxRequests, idPrefix: "", ...(ratePerS ? { ratePerS } : {}) });
    const single = [`{"events":[${event(keyId)}]}`];
    const batch = [`{"events":[${Array.from({ length: 100 }, (_, i) => event(keyId, `-${i}`)).join(",")}]}`];
    await load(job(single, 4, 2000, 1000), "warm"); // JIT and SQLite page cache
    const measured = async (phase: string, eventsPerRequest: number, loadJob: LoadJob) => {
      const before = await serverCpuUs(server);
      const result = await load(loadJob, phase.split(" ")[0] ?? "phase");
      return summarize(phase, eventsPerRequest, result, (await serverCpuUs(server)) - before);
    };
    const rows = [await measured("single-event requests", 1, job(single, 8)), await measured("100-event requests", 100, job(batch, 2)),
      await measured(`${FIXED_RATE} single-event req/s`, 1, job(single, 64, Number.MAX_SAFE_INTEGER, PHASE_MS, FIXED_RATE)),
      await measured("HTTP floor (bare Fastify)", 1, { ...job(single, 8), url: bareUrl })];
    const reload = await reloadCheck(client, url, adminToken);
    // Turns as the group commit forms them in the two phases above: ~8 single-event requests at 16 in flight, 100-event requests mostly alone.
    // And the 100-event shape with random ids, as most clients make them (UUIDs), into a table of 200,000 events.
    const phases = [measurePhases(1, 4_000, 8), measurePhases(100, 500, 1), measurePhases(100, 2_000, 1, "random")];
    report(rows, reload, phases);
  } finally {
    server.send("stop");
    await new Promise((resolve) => server.once("exit", resolve));
  }
}

async function fundedGroup(client: PerplexityClient, credit: number): Promise<{ groupId: string; keyId: string }> {
  const group = await client.groups.create({ name: "bench", address });
  await client.billing.setPaymentMethod(group.id, { token: "pm_card_visa" });
  for (let left = credit; left > 0; left -= 10_000 * USD) await client.billing.purchaseCredits(group.id, { amount_usd_micros: Math.min(left, 10_000 * USD) });
  return { groupId: group.id, keyId: (await client.apiKeys.create(group.id, { name: "bench" })).id };
}

/** Runs `job` in {@link WORKERS} worker threads at once (ids made unique per worker) and merges what they measured. */
async function load(job: LoadJob, phase: string): Promise<LoadResult> {
  const perWorker = Math.ceil(job.maxRequests / WORKERS);
  const results = await Promise.all(Array.from({ length: WORKERS }, (_, w) => new Promise<LoadResult>((resolve, reject) => {
    const share = { maxRequests: perWorker, idPrefix: `${phase}-${w}`, ...(job.ratePerS ? { ratePerS: job.ratePerS / WORKERS } : {}) };
    const worker = new Worker(path.join(__dirname, "metering-load.js"), { workerData: { ...job, ...share } });
    worker.once("message", (m: LoadResult | { error: string }) => ("error" in m ? reject(new Error(m.error)) : resolve(m)));
    worker.once("error", reject);
  })));
  const errors: Record<string, number> = {};
  for (const r of results) for (const [status, n] of Object.entries(r.errors)) errors[status] = (errors[status] ?? 0) + n;
  return { latenciesUs: results.flatMap((r) => r.latenciesUs), errors, elapsedMs: Math.max(...results.map((r) => r.elapsedMs)) };
}

interface Row {
  phase: string;
  requests: number;
  events: number;
  seconds: number;
  requests_per_s: number;
  events_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: Record<string, number>;
  /** Backend CPU time per event, in microseconds: what an event costs whatever else runs on the machine. */
  server_cpu_us_per_event: number;
  /** Events per second one dedicated core would take at that cost (1e6 / server_cpu_us_per_event). */
  events_per_server_core_s: number;
}

/** CPU time (user + system) the backend process has used so far, in microseconds. */
async function serverCpuUs(server: ChildProcess): Promise<number> {
  const reply = new Promise<NodeJS.CpuUsage>((resolve) => server.once("message", (m: { cpu: NodeJS.CpuUsage }) => resolve(m.cpu)));
  server.send("cpu");
  const cpu = await reply;
  return cpu.user + cpu.system;
}

function summarize(phase: string, eventsPerRequest: number, r: LoadResult, serverCpuUsed: number): Row {
  const sorted = [...r.latenciesUs].sort((a, b) => a - b);
  const pct = (p: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) / 10) / 100;
  const seconds = r.elapsedMs / 1000;
  // Only answered (200) requests count as ingested: a run of errors must not look fast.
  const ok = sorted.length - Object.values(r.errors).reduce((a, b) => a + b, 0);
  const events = ok * eventsPerRequest;
  return { phase, requests: ok, events, seconds: Math.round(seconds * 100) / 100, requests_per_s: Math.round(ok / seconds),
    events_per_s: Math.round(events / seconds), p50_ms: pct(0.5), p99_ms: pct(0.99), errors: r.errors,
    server_cpu_us_per_event: Math.round((serverCpuUsed / Math.max(1, events)) * 10) / 10, events_per_server_core_s: Math.round((1e6 * events) / serverCpuUsed) };
}

/**
 * {@link RELOAD_GROUPS} groups at $5.20 with a policy (under $5, reload $10); 100 events per group ($0.502)
 * arrive as single-event requests from every worker at once, interleaved across groups, so each group
 * crosses its threshold exactly once while other requests for it are in flight. Expect one reload each.
 */
async function reloadCheck(client: PerplexityClient, url: string, token: string) {
  const groups = await Promise.all(Array.from({ length: RELOAD_GROUPS }, async () => {
    const { groupId, keyId } = await fundedGroup(client, 5_200_000);
    await client.billing.setAutoReload(groupId, { enabled: true, threshold_usd_micros: 5 * USD, amount_usd_micros: 10 * USD });
    return { groupId, keyId };
  }));
  const bodies = groups.map((g) => `{"events":[${event(g.keyId)}]}`);
  const result = await load({ url, token, path: "/v1/usage_events", bodies, inflight: 16, durationMs: 600_000, maxRequests: 100 * RELOAD_GROUPS, idPrefix: "" }, "reload");
  const counts = await Promise.all(groups.map(async (g) => (await client.billing.listTransactions(g.groupId, { kind: "auto_reload" })).data.length));
  return { groups: RELOAD_GROUPS, writers: `${WORKERS} workers x 16 in flight`, requests: result.latenciesUs.length, errors: result.errors,
    reloads: counts.reduce((a, b) => a + b, 0), double_reloads: counts.filter((c) => c > 1).length, missed_reloads: counts.filter((c) => c === 0).length };
}

function report(rows: Row[], reload: Awaited<ReturnType<typeof reloadCheck>>, phases: Phases[]): void {
  const cores = os.cpus().length;
  console.log(`\nMetering benchmark: ${cores} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}, ${PHASE_MS / 1000} s per phase, ${WORKERS} client workers\n`);
  console.log(`load average before the run: ${os.loadavg()[0]?.toFixed(2)} (other work on the machine skews every timing; "cpu us/ev" is the backend process's own CPU time per event)\n`);
  console.log(["phase".padEnd(26), "requests", "events", "req/s", "events/s", "p50 ms", "p99 ms", "cpu us/ev", "ev/core-s", "errors"].map((h, i) => (i ? h.padStart(9) : h)).join(" "));
  for (const r of rows) {
    console.log([r.phase.padEnd(26), r.requests, r.events, r.requests_per_s, r.events_per_s, r.p50_ms, r.p99_ms, r.server_cpu_us_per_event,
      r.events_per_server_core_s, JSON.stringify(r.errors)].map((v, i) => (i ? String(v).padStart(9) : v)).join(" "));
  }
  const [single, batch, fixed, bare] = rows;
  const [one, hundred, uuids] = phases;
  if (single && batch && one && hundred) {
    console.log("\nwhere the server's CPU goes, us per event (steps timed alone in this process; the rest is HTTP, Fastify's hooks and the group commit)");
    const line = (step: string, a: number | string, b: number | string) => console.log(`${step.padEnd(44)} ${String(a).padStart(14)} ${String(b).padStart(16)}`);
    line("step", "1-event req", "100-event req");
    line("  requests per transaction (group commit)", one.requests_per_turn, hundred.requests_per_turn);
    const steps = (p: Phases) => p.json_parse_us + p.validation_us + p.store_us + p.response_us;
    line("JSON parse", one.json_parse_us, hundred.json_parse_us);
    line("validation of the batch", one.validation_us, hundred.validation_us);
    line("store, all of it", one.store_us, hundred.store_us);
    line("  record: pricing, fingerprint, dedup INSERT", one.record_us, hundred.record_us);
    line("  post: daily totals, ledger debit, reload", one.post_us, hundred.post_us);
    line("  commit", round1(one.store_us - one.record_us - one.post_us), round1(hundred.store_us - hundred.record_us - hundred.post_us));
    line("  SQLite floor (bare multi-row INSERTs, same schema)", one.sql_floor_us, hundred.sql_floor_us);
    line("  SQL statements per event", one.statements_per_event, hundred.statements_per_event);
    line("response serialization", one.response_us, hundred.response_us);
    line("HTTP, Fastify, hooks, group commit (rest)", round1(single.server_cpu_us_per_event - steps(one)), round1(batch.server_cpu_us_per_event - steps(hundred)));
    line("  of which a bare Fastify route costs", bare?.server_cpu_us_per_event ?? "-", bare ? round1(bare.server_cpu_us_per_event / 100) : "-");
    line("server CPU over HTTP", single.server_cpu_us_per_event, batch.server_cpu_us_per_event);
    console.log(`\nstore alone (no HTTP, same process, wall clock): ${hundred.store_events_per_s} events/s 100 per call (${round1(1e6 / hundred.store_us / 1000)}k per CPU-second), ` +
      `${one.store_events_per_s} events/s single events ${one.requests_per_turn} per transaction`);
    if (uuids) console.log(`store alone, random (UUID) event ids, 200,000 events 100 per call: ${uuids.store_events_per_s} events/s (${uuids.store_us} us of CPU per event)`);
  }
  console.log(`exactly-once reload: ${reload.groups} groups crossed by ${reload.writers}: ${reload.reloads} reloads, ` +
    `${reload.double_reloads} double, ${reload.missed_reloads} missed (errors ${JSON.stringify(reload.errors)})`);
  const met = (ok: boolean | undefined) => (ok === true ? "met" : "NOT met");
  console.log(`targets: server CPU <= 8 us/event in 100-event requests: ${met(batch && batch.server_cpu_us_per_event <= 8)}; ` +
    `<= 60 us per single-event request: ${met(single && single.server_cpu_us_per_event <= 60)}; ` +
    `p99 < 10 ms at ${FIXED_RATE} req/s: ${met(fixed && fixed.p99_ms < 10 && fixed.requests_per_s >= 0.95 * FIXED_RATE)}; ` +
    `store alone >= 150,000 events/s batched: ${met(hundred && hundred.store_events_per_s >= 150_000)}; zero double reloads: ${met(reload.double_reloads === 0)}\n`);
  console.log(JSON.stringify({ bench: "metering", cores, load_average: os.loadavg()[0], node: process.version, phase_ms: PHASE_MS, phases: rows, steps: phases, reload }));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
