import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { inlineStack } from "../cli/engine";
import type { BenchBackend } from "./provider-backend";
import { measureCpu, type CpuSplit } from "./proc-cpu";

/** What one engine operation cost. */
export interface OpFigures {
  /** Wall time of the whole Automation API call (CLI start to exit), in seconds. */
  readonly seconds: number;
  /** API requests the backend received during it. */
  readonly requests: number;
  /** TCP connections the backend accepted during it (through the latency proxy: the proxy's own, pooled). */
  readonly connections: number;
  /** CPU seconds the backend used during it: work the floor never does, competing for the same cores. */
  readonly backendCpuSeconds: number;
  /** CPU seconds of the engine, the provider processes and the program (the bench process) during it. */
  readonly cpu: CpuSplit;
}

/** The engine operations the bench times. */
export type Operation = "up" | "preview --refresh" | "destroy";

/** One stack of the bench (ours, ours behind the latency proxy, or the no-op floor) and how to time it. */
export interface BenchStack {
  readonly label: string;
  /** Runs `op` and measures it; throws when a refresh preview proposes changes (reads would then be wrong). */
  run(op: Operation): Promise<OpFigures>;
  /** Bytes of the stack's checkpoint file as stored on disk, and of one Member's (or leaf's) serialized provider. */
  stateBytes(): { checkpoint: number; shim: number };
}

/** Options of {@link benchStack}. */
export interface BenchStackOptions {
  readonly label: string;
  readonly dir: string;
  readonly program: PulumiFn;
  readonly backend: BenchBackend;
  /** The API address the provider is configured with; omitted for the floor, which calls no API. */
  readonly apiUrl?: string;
  /** Extra environment for the engine and provider (e.g. `PULUMI_SKIP_CHECKPOINTS`). Optional; default none. */
  readonly envVars?: Record<string, string>;
  /** The engine's `--parallel` (resource operations at once). Optional; default the engine's (4 × CPUs in 3.248). */
  readonly parallel?: number | undefined;
}

/** Creates a stack of an inline program in `dir` (inside the repository, so the provider package resolves). */
export async function benchStack(options: BenchStackOptions): Promise<BenchStack> {
  const { backend, dir } = options;
  const stack = await inlineStack({ projectName: "perplexity-bench", stackName: "bench", program: options.program, workDir: dir,
    stateDir: path.join(dir, ".pulumi"), envVars: options.envVars ?? {} });
  if (options.apiUrl) {
    await stack.setConfig("perplexity:baseUrl", { value: options.apiUrl });
    await stack.setConfig("perplexity:apiKey", { value: backend.adminToken, secret: true });
  }
  return {
    label: options.label,
    async run(op) {
      await backend.reset();
      const started = performance.now();
      const { cpu } = await measureCpu(() => operate(stack, op, options.parallel), [backend.pid]);
      const seconds = (performance.now() - started) / 1000;
      const { connections, cpuSeconds } = await backend.usage();
      return { seconds, requests: await backend.requests(), connections, backendCpuSeconds: cpuSeconds, cpu };
    },
    stateBytes() {
      const file = checkpointFile(dir);
      const text = fs.readFileSync(file, "utf8");
      const resources = (JSON.parse(text) as Checkpoint).checkpoint.latest?.resources ?? [];
      const leaf = resources.find((r) => /dynamic\/(perplexity:Member|bench:Noop)$/.test(r.type) && r.urn.includes("-1"));
      return { checkpoint: Buffer.byteLength(text), shim: Buffer.byteLength(leaf?.inputs?.__provider ?? "") };
    },
  };
}

type Checkpoint = { checkpoint: { latest?: { resources?: { urn: string; type: string; inputs?: { __provider?: string } }[] } } };

async function operate(stack: Stack, op: Operation, parallel: number | undefined): Promise<void> {
  const opts = parallel === undefined ? {} : { parallel };
  if (op === "up") {
    await stack.up(opts);
  } else if (op === "destroy") {
    await stack.destroy(opts);
  } else {
    const result = await stack.preview({ refresh: true, ...opts });
    const changes = Object.entries(result.changeSummary).filter(([kind, count]) => kind !== "same" && count > 0);
    if (changes.length > 0) throw new Error(`preview --refresh proposed changes after up: ${JSON.stringify(result.changeSummary)}`);
  }
}

function checkpointFile(dir: string): string {
  const stacks = path.join(dir, ".pulumi", "state", ".pulumi", "stacks");
  const file = fs.readdirSync(stacks, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(".json"));
  if (!file) throw new Error(`no checkpoint under ${stacks}`);
  return path.join(stacks, file);
}
