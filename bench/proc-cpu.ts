import * as fs from "node:fs";

/** CPU seconds one engine operation used, per process role (Linux `/proc`; NaN elsewhere). */
export interface CpuSplit {
  /** The `pulumi` CLI: the engine, its checkpoint writes included. */
  readonly engine: number;
  /** The dynamic-provider processes the engine started (`@pulumi/pulumi/cmd/dynamic-provider`), start-up script included. */
  readonly provider: number;
  /** This process, where the Automation API runs the inline program (and the language runtime's gRPC server); the sampler's own CPU left out. */
  readonly program: number;
  /** Every other process the CLI started (e.g. a language host). */
  readonly other: number;
}

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`, 100 on Linux). */
const TICKS = 100;
/** How often the sampler reads the children's `/proc/<pid>/stat`, in milliseconds (50). */
const SAMPLE_MS = 50;

type Role = Exclude<keyof CpuSplit, "program">;

/**
 * Measures the CPU of everything an operation runs, split by role, while `work` runs. Child processes are
 * sampled every {@link SAMPLE_MS} ms (their last sample before exiting is what counts for them); the total
 * of the CLI and everything it reaped comes exactly from this process's `cutime + cstime` once the CLI has
 * exited, and the engine is that total minus the other roles' samples, so a provider's last few
 * milliseconds may count as the engine's. `exclude` are long-lived children not part of the operation (the
 * bench's backend, measured by itself).
 */
export async function measureCpu<T>(work: () => Promise<T>, exclude: readonly number[]): Promise<{ result: T; cpu: CpuSplit }> {
  if (!fs.existsSync("/proc/self/stat")) {
    return { result: await work(), cpu: { engine: NaN, provider: NaN, program: NaN, other: NaN } };
  }
  const seen = new Map<number, { role: Role; ticks: number }>();
  let samplerMicros = 0;
  const sample = () => {
    const started = process.cpuUsage();
    for (const { pid, ppid } of descendants(process.pid, exclude)) {
      // A provider's own children (the start-up script's `node -e`) count in its reaped time.
      if (seen.get(ppid)?.role === "provider") continue;
      // Read the role again until it is the provider's: between fork and exec a child still shows its
      // parent's command line, and a zombie shows none.
      const known = seen.get(pid) ?? { role: "other" as Role, ticks: 0 };
      const role = known.role === "provider" ? "provider" : roleOf(pid);
      if (role !== "other") known.role = role;
      const ticks = (known.role === "provider" ? totalTicks : ownTicks)(pid);
      if (ticks === undefined) continue;
      known.ticks = Math.max(known.ticks, ticks);
      seen.set(pid, known);
    }
    const used = process.cpuUsage(started);
    samplerMicros += used.user + used.system;
  };
  const reapedBefore = reapedTicks();
  const programBefore = process.cpuUsage();
  const timer = setInterval(sample, SAMPLE_MS);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
  }
  const program = process.cpuUsage(programBefore);
  const total = (reapedTicks() - reapedBefore) / TICKS;
  const byRole = { engine: 0, provider: 0, other: 0 };
  for (const { role, ticks } of seen.values()) byRole[role] += ticks / TICKS;
  const provider = byRole.provider, other = byRole.other;
  return { result, cpu: { engine: Math.max(byRole.engine, total - provider - other), provider, other, program: (program.user + program.system - samplerMicros) / 1e6 } };
}

/** The processes descending from `root` (not `root`), parents first, leaving out `exclude` and their descendants. */
function descendants(root: number, exclude: readonly number[]): { pid: number; ppid: number }[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (!fields) continue;
    const ppid = Number(fields[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out: { pid: number; ppid: number }[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (exclude.includes(child)) continue;
      out.push({ pid: child, ppid: pid });
      walk(child);
    }
  };
  walk(root);
  return out;
}

/** The fields of `/proc/<pid>/stat` after the command name (field 3, the state, is index 0), or undefined once gone. */
function statFields(pid: number | "self"): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may contain spaces or parentheses itself.
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** utime + stime of the process itself, in clock ticks (fields 14 and 15). */
function ownTicks(pid: number): number | undefined {
  const f = statFields(pid);
  return f ? Number(f[11]) + Number(f[12]) : undefined;
}

/** utime + stime + cutime + cstime of the process: itself and every child it reaped. */
function totalTicks(pid: number): number | undefined {
  const f = statFields(pid);
  return f ? Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) : undefined;
}

/** cutime + cstime of this process (fields 16 and 17): every child it reaped, with what they reaped. */
function reapedTicks(): number {
  const f = statFields("self");
  return f ? Number(f[13]) + Number(f[14]) : NaN;
}

function roleOf(pid: number): Role {
  let argv: string[] = [];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return "other";
  }
  // The plugin script (`pulumi-resource-pulumi-nodejs`) execs the provider in the same process, after a
  // `node -e` child resolving it: both are the provider's start-up.
  if (argv.some((a) => a.includes("dynamic-provider") || a.includes("pulumi-resource-pulumi-nodejs"))) return "provider";
  if (/(^|\/)pulumi$/.test(argv[0] ?? "")) return "engine";
  return "other";
}
