import type { Mix } from "./provider-programs";
import type { OpFigures, Operation } from "./provider-stacks";

/** Every measurement of one stack at one N. */
export interface VariantFigures {
  /** `ours`, `floor` (the no-op provider) or `latency` (ours behind the delaying proxy). */
  readonly label: string;
  /** Each operation's figures, one per round. */
  readonly ops: ReadonlyMap<Operation, readonly OpFigures[]>;
  /** The checkpoint's bytes on disk after `up`, and one resource's serialized provider in bytes. */
  readonly state: { readonly checkpoint: number; readonly shim: number };
}

/** The figures of one N. */
export interface SizeReport {
  readonly n: number;
  readonly mix: Mix;
  readonly variants: readonly VariantFigures[];
}

/** The targets: `up` within 1.15 × the floor, refresh at most 0.05 requests and 4 KiB of state per resource. */
export const TARGETS = { upRatio: 1.15, refreshRequestsPerResource: 0.05, stateBytesPerResource: 4096 } as const;

/** Prints one table per N (medians over rounds), the targets at the largest N, and a JSON line with every figure. */
export function printReport(reports: readonly SizeReport[], run: { rounds: number; latencyMs: number; cpus: number }): void {
  const json: Record<string, unknown>[] = [];
  for (const report of reports) {
    const [ours, floor, latency] = ["ours", "floor", "latency"].map((l) => report.variants.find((v) => v.label === l));
    if (!ours || !floor) continue;
    const { n, mix } = report;
    console.log(`\nN = ${n}: 1 group, ${mix.members} members, ${mix.keys} keys, 1 policy; median of ${run.rounds} round(s) on ${run.cpus} CPUs`);
    console.log(row("operation", "ours s", "floor s", "ratio", "req/res", "conns", ...(latency ? [`+${run.latencyMs}ms s`, "hidden"] : [])));
    const ops: Record<string, unknown> = {};
    for (const [op, runs] of ours.ops) {
      const o = median(runs), f = median(floor.ops.get(op) ?? []);
      const entry: Record<string, number> = { oursSeconds: o.seconds, floorSeconds: f.seconds, ratio: o.seconds / f.seconds,
        requestsPerResource: o.requests / n, connections: o.connections };
      const cells = [op, fixed(o.seconds, 1), fixed(f.seconds, 1), fixed(entry.ratio ?? 0, 2), fixed(entry.requestsPerResource ?? 0, 3), String(o.connections)];
      if (latency) {
        const l = median(latency.ops.get(op) ?? []);
        // The share of the latency a serial client would pay (requests × delay) that parallel calls absorbed.
        const serial = (l.requests * run.latencyMs) / 1000;
        entry.latencySeconds = l.seconds;
        entry.latencyHidden = serial > 0 ? 1 - (l.seconds - o.seconds) / serial : 1;
        cells.push(fixed(l.seconds, 1), `${fixed(100 * entry.latencyHidden, 0)}%`);
      }
      console.log(row(...cells));
      ops[op] = entry;
    }
    const perResource = (v: VariantFigures) => Math.round(v.state.checkpoint / n);
    console.log(`state: ours ${perResource(ours)} B/resource (serialized provider ${ours.state.shim} B, stored twice), floor ${perResource(floor)} B/resource`);
    json.push({ n, mix, ops, stateBytesPerResource: { ours: perResource(ours), floor: perResource(floor) }, shimBytes: ours.state.shim });
  }
  const last = json.at(-1) as { n: number; ops: Record<string, { ratio: number; requestsPerResource: number }>; stateBytesPerResource: { ours: number } } | undefined;
  if (last) {
    const up = last.ops.up?.ratio ?? NaN, refresh = last.ops["preview --refresh"]?.requestsPerResource ?? NaN, state = last.stateBytesPerResource.ours;
    console.log(`\ntargets at N = ${last.n}: up ${fixed(up, 2)} × floor (≤ ${TARGETS.upRatio}) ${mark(up <= TARGETS.upRatio)}; ` +
      `preview --refresh ${fixed(refresh, 3)} requests/resource (≤ ${TARGETS.refreshRequestsPerResource}) ${mark(refresh <= TARGETS.refreshRequestsPerResource)}; ` +
      `state ${state} B/resource (≤ ${TARGETS.stateBytesPerResource}) ${mark(state <= TARGETS.stateBytesPerResource)}`);
  }
  console.log(JSON.stringify({ bench: "provider", rounds: run.rounds, latencyMs: run.latencyMs, cpus: run.cpus, sizes: json }));
}

function median(runs: readonly OpFigures[]): OpFigures {
  const mid = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const half = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? (sorted[half] ?? NaN) : ((sorted[half - 1] ?? NaN) + (sorted[half] ?? NaN)) / 2;
  };
  return { seconds: mid(runs.map((r) => r.seconds)), requests: mid(runs.map((r) => r.requests)), connections: mid(runs.map((r) => r.connections)) };
}

const row = (...cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(18) : c.padStart(10))).join(" ");
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
const mark = (ok: boolean) => (ok ? "met" : "NOT met");
