import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { engineLocation } from "../../../cli/engine";

/** What {@link runUp} reports. */
export interface RunOutcome {
  /** True when the run was killed before the engine finished its operations (before it printed its summary). */
  readonly killedMidRun: boolean;
  /** The process's exit code (null when killed). */
  readonly code: number | null;
  /** Everything the CLI printed. */
  readonly output: string;
}

/** Options of {@link runUp}. */
export interface RunOptions {
  /** Environment of the run (the provider's settings among it). */
  readonly env: Record<string, string>;
  /** Kill the run this many milliseconds after the first resource operation starts. Optional; default never. */
  readonly killAfterFirstOperationMs?: number;
}

// A resource step as the CLI prints it, e.g. "+  pulumi-nodejs:dynamic/perplexity:Member m1 creating (0s)".
const OPERATION = /dynamic\/perplexity:\w+ \S+ (creating|updating|replacing|deleting|creating replacement)/;

/**
 * Runs `pulumi up` of the crash-test program (`crash-run.js`) as its own process group; optionally kills
 * the whole run with SIGKILL a given time after its first resource operation began, so the kill lands
 * while the engine has operations in flight.
 */
export function runUp(spec: object, options: RunOptions): Promise<RunOutcome> {
  const child = spawn(process.execPath, [path.join(__dirname, "crash-run.js")], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env, CRASH_SPEC: JSON.stringify(spec) },
  });
  let output = "";
  let killedMidRun = false;
  let timer: NodeJS.Timeout | undefined;
  const watch = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    const after = options.killAfterFirstOperationMs;
    if (after === undefined || timer || !OPERATION.test(output)) return;
    timer = setTimeout(() => {
      killedMidRun = !output.includes("Duration:");
      killTree(child.pid as number);
    }, after);
  };
  child.stdout.on("data", watch);
  child.stderr.on("data", watch);
  return new Promise((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ killedMidRun, code, output });
    });
  });
}

/**
 * SIGKILLs `root` and every process below it, by id. The process group alone is not enough: Pulumi starts
 * each plugin (the dynamic provider among them) in a process group of its own.
 */
export function killTree(root: number): void {
  for (const pid of [root, ...descendantsOf(root)]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fields after the command name, which is in parentheses and may contain spaces.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * The stack's state as `pulumi stack export` prints it: secrets stay encrypted. (The Automation API's
 * `exportStack` adds `--show-secrets`, which would put every token in plaintext into the state we import.)
 */
export function exportEncrypted(stack: Stack): { version: number; deployment: Record<string, unknown> } {
  const workspace = stack.workspace as LocalWorkspace;
  const cli = path.join(engineLocation().cliDir, "pulumi");
  const stdout = execFileSync(cli, ["stack", "export", "--stack", stack.name, "--non-interactive"], {
    cwd: workspace.workDir, env: { ...process.env, ...workspace.envVars }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { version: number; deployment: Record<string, unknown> };
}

/**
 * Clears what a killed run left behind, as Pulumi documents for an interrupted update: release the dead
 * run's lock (`pulumi cancel`), export the stack, drop its `pending_operations`, import it back. Returns
 * how many operations were pending.
 */
export async function clearPendingOperations(stack: Stack): Promise<number> {
  await stack.cancel();
  const exported = exportEncrypted(stack);
  const pending = Array.isArray(exported.deployment.pending_operations) ? exported.deployment.pending_operations.length : 0;
  delete exported.deployment.pending_operations;
  await stack.importStack(exported);
  return pending;
}
