import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "../client";
import { repoRoot } from "../cli/engine";
import { startBenchBackend, type BenchBackend } from "./provider-backend";
import { startLatencyProxy } from "./latency-proxy";
import { benchAddress, mixOf, noopProgram, perplexityProgram } from "./provider-programs";
import { shapedProgram } from "./shaped-floor";
import { benchStack, type BenchStack, type OpFigures, type Operation } from "./provider-stacks";
import { printReport, type SizeReport, type VariantFigures } from "./provider-report";

const USAGE = `Usage: npm run bench -- [--n 50,200] [--rounds 3] [--latency-ms 0] [--parallel P] [--skip-checkpoints] [--shaped-floor]
Times pulumi up, preview --refresh and destroy of N resources of ours against N no-op dynamic resources
(the engine's floor) in the same run, alternating; splits the CPU seconds between the engine, the provider
processes, the program and the API; counts API requests and connections; measures state bytes. With
--latency-ms, also runs ours behind a proxy adding that many milliseconds to every API call. --parallel
and --skip-checkpoints (PULUMI_SKIP_CHECKPOINTS=true) apply the engine's own switches to both stacks.
--shaped-floor adds no-op resources that store what ours store (bench/shaped-floor.ts): the engine's cost of
that state, told apart from our provider's and program's.
N = 1000 (--n 50,200,1000 --rounds 1) takes about 15 minutes on 2 cores.`;

const OPERATIONS: readonly Operation[] = ["up", "preview --refresh", "destroy"];

/** `npm run bench`: see {@link USAGE}. Prints a table per N and one JSON line with every figure. */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: {
    n: { type: "string", default: "50,200" }, rounds: { type: "string", default: "3" },
    "latency-ms": { type: "string", default: "0" }, parallel: { type: "string" }, "skip-checkpoints": { type: "boolean", default: false },
    "shaped-floor": { type: "boolean", default: false },
    help: { type: "boolean", default: false } } });
  if (values.help) return void console.log(USAGE);
  const sizes = values.n.split(",").map(Number);
  const rounds = Number(values.rounds);
  const latencyMs = Number(values["latency-ms"]);
  const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
  if (sizes.some((n) => !Number.isInteger(n) || n < 3) || !Number.isInteger(rounds) || rounds < 1 || !(latencyMs >= 0) ||
    (parallel !== undefined && !(Number.isInteger(parallel) && parallel >= 1))) {
    throw new Error(`--n takes integers ≥ 3, --rounds and --parallel an integer ≥ 1, --latency-ms a number ≥ 0\n${USAGE}`);
  }
  const engine: EngineSwitches = { parallel, envVars: values["skip-checkpoints"] ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {} };
  const runDir = path.join(repoRoot, ".bench", `${Date.now().toString(36)}-${crypto.randomBytes(3).toString("hex")}`);
  const started = performance.now();
  const backend = await startBenchBackend();
  const reports: SizeReport[] = [];
  try {
    for (const n of sizes) reports.push(await benchSize(backend, n, { rounds, latencyMs, shaped: values["shaped-floor"], engine, dir: path.join(runDir, `n${n}`) }));
  } finally {
    await backend.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  printReport(reports, { rounds, latencyMs, cpus: os.availableParallelism(), minutes: (performance.now() - started) / 60_000,
    parallel, skipCheckpoints: values["skip-checkpoints"] });
}

/** The engine's own switches, applied alike to every stack. */
type EngineSwitches = { readonly parallel: number | undefined; readonly envVars: Record<string, string> };

/** What {@link benchSize} runs: rounds, the proxy's delay (0: no proxy), whether to add the shaped floor, the engine's switches and the folder. */
type SizeOptions = { readonly rounds: number; readonly latencyMs: number; readonly shaped: boolean; readonly engine: EngineSwitches; readonly dir: string };

async function benchSize(backend: BenchBackend, n: number, { rounds, latencyMs, shaped, engine, dir }: SizeOptions): Promise<SizeReport> {
  process.stderr.write(`[bench] N=${n}: preparing stacks\n`);
  const proxy = latencyMs > 0 ? await startLatencyProxy(backend.url, latencyMs) : undefined;
  let round = 0;
  const currentRound = () => round;
  try {
    const stacks: BenchStack[] = [
      await benchStack({ label: "ours", dir: path.join(dir, "ours"), program: perplexityProgram(n, await groupWithCard(backend), currentRound), backend, apiUrl: backend.url, ...engine }),
      await benchStack({ label: "floor", dir: path.join(dir, "floor"), program: noopProgram(n), backend, ...engine }),
    ];
    if (shaped) stacks.push(await benchStack({ label: "shaped", dir: path.join(dir, "shaped"), program: shapedProgram(n), backend, ...engine }));
    if (proxy) stacks.push(await benchStack({ label: "latency", dir: path.join(dir, "latency"), program: perplexityProgram(n, await groupWithCard(backend), currentRound), backend, apiUrl: proxy.url, ...engine }));
    const figures = new Map(stacks.map((s) => [s.label, new Map<Operation, OpFigures[]>(OPERATIONS.map((op) => [op, []]))]));
    const state = new Map<string, { checkpoint: number; shim: number }>();
    for (; round < rounds; round++) {
      // Alternate who goes first, so a machine getting busier or quieter does not favour one side.
      const order = round % 2 === 0 ? stacks : [...stacks].reverse();
      for (const op of OPERATIONS) {
        for (const stack of order) {
          process.stderr.write(`[bench] N=${n} round ${round + 1}/${rounds}: ${stack.label} ${op}\n`);
          figures.get(stack.label)?.get(op)?.push(await stack.run(op));
          if (op === "up") state.set(stack.label, stack.stateBytes());
        }
      }
    }
    const variants: VariantFigures[] = stacks.map((s) => ({ label: s.label, ops: figures.get(s.label) ?? new Map(), state: state.get(s.label) ?? { checkpoint: 0, shim: 0 } }));
    return { n, mix: mixOf(n), variants };
  } finally {
    await proxy?.close();
  }
}

/** The group a stack adopts (one per stack), made by hand with a card on file (the policy needs one); not counted in any operation. */
async function groupWithCard(backend: BenchBackend): Promise<string> {
  const client = createClient({ baseUrl: backend.url, apiKey: backend.adminToken });
  const { line1, city, postalCode, country } = benchAddress;
  const group = await client.groups.create({ name: "Bench", address: { line1, city, postal_code: postalCode, country } });
  await client.billing.setPaymentMethod(group.id, { token: "pm_card_visa" });
  return group.id;
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
