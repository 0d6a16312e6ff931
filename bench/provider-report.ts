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

/** The figures of one operation at one N, as printed and as in the JSON line. */
interface OpEntry {
  oursSeconds: number;
  floorSeconds: number;
  ratio: number;
  requestsPerResource: number;
  connections: number;
  backendCpuSeconds: number;
  latencySeconds?: number;
  latencyHidden?: number;
}

/** Prints one table per N (medians over rounds), the targets at the largest N, and a JSON line with every figure. */
export function printReport(reports: readonly SizeReport[], run: { rounds: number; latencyMs: number; cpus: number; minutes: number }): void {
  const json: Record<string, unknown>[] = [];
  for (const report of reports) {
    const [ours, floor, latency] = ["ours", "floor", "latency"].map((l) => report.variants.find((v) => v.label === l));
    if (!ours || !floor) continue;
    const { n, mix } = report;
    console.log(`\nN = ${n}: 1 group, ${mix.members} members, ${mix.keys} keys, 1 policy; median of ${run.rounds} round(s) on ${run.cpus} CPUs`);
    console.log(row("operation", "ours s", "floor s", "ratio", "req/res", "conns", "API cpu s", ...(latency ? [`+${run.latencyMs}ms s`, "hidden"] : [])));
    const ops: Record<string, unknown> = {};
    for (const [op, runs] of ours.ops) {
      const floors = floor.ops.get(op) ?? [];
      // Each round's ours/floor pair ran back to back, so the ratio is taken per round, then the median.
      const entry: OpEntry = { oursSeconds: median(runs.map((r) => r.seconds)), floorSeconds: median(floors.map((r) => r.seconds)),
        ratio: median(runs.map((r, i) => r.seconds / (floors[i]?.seconds ?? NaN))), requestsPerResource: median(runs.map((r) => r.requests)) / n,
        connections: median(runs.map((r) => r.connections)), backendCpuSeconds: median(runs.map((r) => r.backendCpuSeconds)) };
      const cells = [op, fixed(entry.oursSeconds, 1), fixed(entry.floorSeconds, 1), fixed(entry.ratio, 2), fixed(entry.requestsPerResource, 3),
        fixed(entry.connections, 0), fixed(entry.backendCpuSeconds, 2)];
      if (latency) {
        const delayed = latency.ops.get(op) ?? [];
        // The share of the latency a serial client would pay (requests × delay) that parallel calls absorbed.
        entry.latencySeconds = median(delayed.map((r) => r.seconds));
        entry.latencyHidden = median(delayed.map((l, i) => 1 - (l.seconds - (runs[i]?.seconds ?? NaN)) / ((l.requests * run.latencyMs) / 1000)));
        cells.push(fixed(entry.latencySeconds, 1), `${fixed(100 * entry.latencyHidden, 0)}%`);
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
  console.log(`(${fixed(run.minutes, 1)} minutes)`);
  console.log(JSON.stringify({ bench: "provider", rounds: run.rounds, latencyMs: run.latencyMs, cpus: run.cpus, minutes: run.minutes, sizes: json }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[half] ?? NaN) : ((sorted[half - 1] ?? NaN) + (sorted[half] ?? NaN)) / 2;
}

const row = (...cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(18) : c.padStart(10))).join(" ");
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
const mark = (ok: boolean) => (ok ? "met" : "NOT met");
