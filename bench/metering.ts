import { fork, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { createClient, type PerplexityClient } from "../client";
import type { LoadJob, LoadResult } from "./metering-load";
import { storeEventsPerSecond } from "./metering-store";

/**
 * `npm run bench:metering`: usage-ingestion throughput and latency of the embedded backend over HTTP, and
 * the exactly-once auto-reload check under concurrent writers. The backend runs in its own process; load
 * comes from worker threads with many requests in flight. Prints a table and one JSON line; asserts
 * nothing about time (see the README for the targets and the last measured figures).
 */
const USD = 1_000_000;
const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };
const WORKERS = 2;
const PHASE_MS = Number(process.env["BENCH_PHASE_MS"] ?? 5000);
const RELOAD_GROUPS = 20;

/** A sonar event costing $0.00502 (10 input + 10 output tokens + the $0.005 request fee), id `{n}`+suffix. */
const event = (keyId: string, suffix = "") =>
  `{"type":"chat.completion","id":"{n}${suffix}","api_key_id":"${keyId}","model":"sonar","usage":{"prompt_tokens":10,"completion_tokens":10}}`;

async function main(): Promise<void> {
  const adminToken = `pplx-admin-${crypto.randomBytes(16).toString("hex")}`;
  // BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof`) profiles the backend under load.
  const execArgv = (process.env["BENCH_SERVER_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== "");
  const server = fork(path.join(__dirname, "metering-server.js"), { env: { ...process.env, BENCH_ADMIN_TOKEN: adminToken }, execArgv });
  try {
    const url = await new Promise<string>((resolve) => server.once("message", (m: { url: string }) => resolve(m.url)));
    const client = createClient({ baseUrl: url, apiKey: adminToken });
    const { keyId } = await fundedGroup(client, 5 * 10_000 * USD);
    const job = (bodies: string[], inflight: number, maxRequests = Number.MAX_SAFE_INTEGER, durationMs = PHASE_MS) =>
      ({ url, token: adminToken, path: "/v1/usage_events", bodies, inflight, durationMs, maxRequests, idPrefix: "" });
    const single = [`{"events":[${event(keyId)}]}`];
    const batch = [`{"events":[${Array.from({ length: 100 }, (_, i) => event(keyId, `-${i}`)).join(",")}]}`];
    await load(job(single, 4, 2000, 1000), "warm"); // JIT and SQLite page cache
    const measured = async (phase: string, eventsPerRequest: number, loadJob: LoadJob) => {
      const before = await serverCpuUs(server);
      const result = await load(loadJob, phase.split(" ")[0] ?? "phase");
      return summarize(phase, eventsPerRequest, result, (await serverCpuUs(server)) - before);
    };
    const rows = [await measured("single-event requests", 1, job(single, 8)), await measured("100-event requests", 100, job(batch, 2))];
    const reload = await reloadCheck(client, url, adminToken);
    const store = { single_event_calls: storeEventsPerSecond(1, 5_000), hundred_event_calls: storeEventsPerSecond(100, 500) };
    report(rows, reload, store);
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
    const worker = new Worker(path.join(__dirname, "metering-load.js"), { workerData: { ...job, maxRequests: perWorker, idPrefix: `${phase}-${w}` } });
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

function report(rows: Row[], reload: Awaited<ReturnType<typeof reloadCheck>>, store: { single_event_calls: number; hundred_event_calls: number }): void {
  const cores = os.cpus().length;
  console.log(`\nMetering benchmark: ${cores} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}, ${PHASE_MS / 1000} s per phase, ${WORKERS} client workers\n`);
  console.log(`load average before the run: ${os.loadavg()[0]?.toFixed(2)} (other work on the machine skews every timing; "cpu us/ev" is the backend process's own CPU time per event)\n`);
  console.log(["phase".padEnd(22), "requests", "events", "req/s", "events/s", "p50 ms", "p99 ms", "cpu us/ev", "ev/core-s", "errors"].map((h, i) => (i ? h.padStart(9) : h)).join(" "));
  for (const r of rows) {
    console.log([r.phase.padEnd(22), r.requests, r.events, r.requests_per_s, r.events_per_s, r.p50_ms, r.p99_ms, r.server_cpu_us_per_event,
      r.events_per_server_core_s, JSON.stringify(r.errors)].map((v, i) => (i ? String(v).padStart(9) : v)).join(" "));
  }
  console.log(`\nstore alone (no HTTP, same process): ${store.single_event_calls} events/s one event per call, ` +
    `${store.hundred_event_calls} events/s 100 per call`);
  console.log(`exactly-once reload: ${reload.groups} groups crossed by ${reload.writers}: ${reload.reloads} reloads, ` +
    `${reload.double_reloads} double, ${reload.missed_reloads} missed (errors ${JSON.stringify(reload.errors)})`);
  const [single, batch] = rows;
  console.log(`targets: batched ≥ 50,000 events/s: ${batch && batch.events_per_s >= 50_000 ? "met" : "NOT met"}; single-event ≥ 5,000 req/s: ` +
    `${single && single.requests_per_s >= 5_000 ? "met" : "NOT met"}; single-event p99 < 10 ms: ${single && single.p99_ms < 10 ? "met" : "NOT met"}; ` +
    `zero double reloads: ${reload.double_reloads === 0 ? "met" : "NOT met"}\n`);
  console.log(JSON.stringify({ bench: "metering", cores, load_average: os.loadavg()[0], node: process.version, phase_ms: PHASE_MS, phases: rows, store_events_per_s: store, reload }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
