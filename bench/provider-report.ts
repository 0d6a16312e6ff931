import type { Mix } from "./provider-programs";
import type { OpFigures, Operation } from "./provider-stacks";
import type { CpuSplit } from "./proc-cpu";

/** Every measurement of one stack at one N. */
export interface VariantFigures {
  /** `ours`, `floor` (the no-op provider), `shaped` (no-op resources storing ours's state) or `latency` (ours behind the delaying proxy). */
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

/** The targets: every operation within 1.10 × the floor, refresh at most 0.05 requests and 2,600 B of state per resource. */
export const TARGETS = { ratio: 1.1, refreshRequestsPerResource: 0.05, stateBytesPerResource: 2600 } as const;

/** The figures of one operation at one N, as printed and as in the JSON line. */
interface OpEntry {
  oursSeconds: number;
  floorSeconds: number;
  ratio: number;
  requestsPerResource: number;
  connections: number;
  backendCpuSeconds: number;
  /** Median CPU seconds per role, ours and the floor's. */
  cpu: { ours: CpuSplit; floor: CpuSplit };
  /** Against the shaped floor (with `--shaped-floor`): its median seconds, ours over it per round, and the engine's CPU ratio. */
  shaped?: { seconds: number; ratio: number; engineCpuRatio: number };
  /** All CPU seconds of ours (the API's included) over the floor's: what the ratio of times is on an idle machine with cores to spare. */
  cpuRatio?: number;
  latencySeconds?: number;
  latencyHidden?: number;
}

/** Prints one table per N (medians over rounds), the targets at the largest N, and a JSON line with every figure. */
export function printReport(reports: readonly SizeReport[], run: RunFacts): void {
  const json: Record<string, unknown>[] = [];
  for (const report of reports) {
    const [ours, floor, latency, shaped] = ["ours", "floor", "latency", "shaped"].map((l) => report.variants.find((v) => v.label === l));
    if (!ours || !floor) continue;
    const { n, mix } = report;
    console.log(`\nN = ${n}: 1 group, ${mix.members} members, ${mix.keys} keys, 1 policy; median of ${run.rounds} round(s) on ${run.cpus} CPUs${switches(run)}`);
    console.log(row("operation", "ours s", "floor s", "ours ms/r", "floor ms/r", "ratio", "req/res", "conns", ...(latency ? [`+${run.latencyMs}ms s`, "hidden"] : [])));
    const ops: Record<string, unknown> = {};
    for (const [op, runs] of ours.ops) {
      const floors = floor.ops.get(op) ?? [];
      // Each round's ours/floor pair ran back to back, so the ratio is taken per round, then the median.
      const entry: OpEntry = { oursSeconds: median(runs.map((r) => r.seconds)), floorSeconds: median(floors.map((r) => r.seconds)),
        ratio: median(runs.map((r, i) => r.seconds / (floors[i]?.seconds ?? NaN))), requestsPerResource: median(runs.map((r) => r.requests)) / n,
        connections: median(runs.map((r) => r.connections)), backendCpuSeconds: median(runs.map((r) => r.backendCpuSeconds)),
        cpu: { ours: medianCpu(runs), floor: medianCpu(floors) } };
      const cells = [op, fixed(entry.oursSeconds, 1), fixed(entry.floorSeconds, 1), fixed((1000 * entry.oursSeconds) / n, 1), fixed((1000 * entry.floorSeconds) / n, 1),
        fixed(entry.ratio, 2), fixed(entry.requestsPerResource, 3), fixed(entry.connections, 0)];
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
    console.log(row("CPU seconds", "engine", "provider", "program", "other", "API", "total", "ratio"));
    for (const [op, entry] of Object.entries(ops) as [string, OpEntry][]) {
      const total = (side: "ours" | "floor") => cpuTotal(entry.cpu[side]) + (side === "ours" ? entry.backendCpuSeconds : 0);
      entry.cpuRatio = total("ours") / total("floor");
      for (const side of ["ours", "floor"] as const) {
        const c = entry.cpu[side];
        console.log(row(`${op} ${side}`, fixed(c.engine, 2), fixed(c.provider, 2), fixed(c.program, 2), fixed(c.other, 2),
          side === "ours" ? fixed(entry.backendCpuSeconds, 2) : "-", fixed(total(side), 2), side === "ours" ? fixed(entry.cpuRatio, 2) : ""));
      }
    }
    if (shaped) printShaped(ops, ours, shaped, n);
    const perResource = (v: VariantFigures) => Math.round(v.state.checkpoint / n);
    console.log(`state: ours ${perResource(ours)} B/resource (serialized provider ${ours.state.shim} B, stored twice), floor ${perResource(floor)} B/resource`);
    json.push({ n, mix, ops, stateBytesPerResource: { ours: perResource(ours), floor: perResource(floor) }, shimBytes: ours.state.shim });
  }
  printGrowth(json as unknown as SizeJson[]);
  for (const size of json as unknown as SizeJson[]) {
    const ratios = Object.entries(size.ops).map(([op, e]) => `${op} ${fixed(e.ratio, 2)} ${mark(e.ratio <= TARGETS.ratio)} (CPU ${fixed(e.cpuRatio ?? NaN, 2)})`).join(", ");
    const refresh = size.ops["preview --refresh"]?.requestsPerResource ?? NaN, state = size.stateBytesPerResource.ours;
    console.log(`targets at N = ${size.n}: × floor (≤ ${TARGETS.ratio}): ${ratios}; ` +
      `preview --refresh ${fixed(refresh, 3)} requests/resource (≤ ${TARGETS.refreshRequestsPerResource}) ${mark(refresh <= TARGETS.refreshRequestsPerResource)}; ` +
      `state ${state} B/resource (≤ ${TARGETS.stateBytesPerResource}) ${mark(state <= TARGETS.stateBytesPerResource)}`);
  }
  console.log(`(${fixed(run.minutes, 1)} minutes)`);
  console.log(JSON.stringify({ bench: "provider", ...run, sizes: json }));
}

/** How the run was made: rounds, the latency proxy's delay, CPUs, duration, and the engine switches applied to both stacks. */
export interface RunFacts {
  readonly rounds: number;
  readonly latencyMs: number;
  readonly cpus: number;
  readonly minutes: number;
  readonly parallel: number | undefined;
  readonly skipCheckpoints: boolean;
}

type SizeJson = { n: number; ops: Record<string, OpEntry>; stateBytesPerResource: { ours: number; floor: number } };

/** Time per resource at each N, ours and the floor's, and how it grew from the smallest N to the largest. */
function printGrowth(sizes: readonly SizeJson[]): void {
  const first = sizes[0], last = sizes.at(-1);
  if (!first || !last || first === last) return;
  console.log(`\ngrowth, ms per resource at N = ${sizes.map((s) => s.n).join(" → ")} (× from the smallest N to the largest):`);
  for (const op of Object.keys(last.ops)) {
    const perResource = (side: "oursSeconds" | "floorSeconds") => sizes.map((s) => (1000 * (s.ops[op]?.[side] ?? NaN)) / s.n);
    const line = (side: "oursSeconds" | "floorSeconds") => {
      const values = perResource(side);
      return `${values.map((v) => fixed(v, 1)).join(" → ")} (× ${fixed((values.at(-1) ?? NaN) / (values[0] ?? NaN), 2)})`;
    };
    console.log(`  ${op.padEnd(18)} ours ${line("oursSeconds")}; floor ${line("floorSeconds")}`);
  }
}

/** Ours against the shaped floor: what is left once the engine stores the same state for both. */
function printShaped(ops: Record<string, unknown>, ours: VariantFigures, shaped: VariantFigures, n: number): void {
  console.log(row("vs shaped floor", "ours s", "shaped s", "ratio", "engine CPU", "ours", "shaped", "ratio"));
  for (const [op, runs] of ours.ops) {
    const theirs = shaped.ops.get(op) ?? [];
    const engine = (figures: readonly OpFigures[]) => median(figures.map((r) => r.cpu.engine));
    const entry = { seconds: median(theirs.map((r) => r.seconds)), ratio: median(runs.map((r, i) => r.seconds / (theirs[i]?.seconds ?? NaN))),
      engineCpuRatio: engine(runs) / engine(theirs) };
    (ops[op] as OpEntry).shaped = entry;
    console.log(row(op, fixed(median(runs.map((r) => r.seconds)), 1), fixed(entry.seconds, 1), fixed(entry.ratio, 2), "", fixed(engine(runs), 2), fixed(engine(theirs), 2), fixed(entry.engineCpuRatio, 2)));
  }
  console.log(`state: shaped floor ${Math.round(shaped.state.checkpoint / n)} B/resource`);
}

function switches(run: RunFacts): string {
  const parts = [run.parallel === undefined ? "" : `--parallel ${run.parallel}`, run.skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS=true" : ""].filter(Boolean);
  return parts.length ? `; ${parts.join(", ")}` : "";
}

const cpuTotal = (c: CpuSplit) => c.engine + c.provider + c.program + c.other;

function medianCpu(runs: readonly OpFigures[]): CpuSplit {
  const of = (k: keyof CpuSplit) => median(runs.map((r) => r.cpu[k]));
  return { engine: of("engine"), provider: of("provider"), program: of("program"), other: of("other") };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[half] ?? NaN) : ((sorted[half - 1] ?? NaN) + (sorted[half] ?? NaN)) / 2;
}

const row = (...cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(24) : c.padStart(10))).join(" ");
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
const mark = (ok: boolean) => (ok ? "met" : "NOT met");
