import * as crypto from "node:crypto";
import { fork, type ChildProcess } from "node:child_process";
import { startBackend } from "../backend/server";

/** A backend the benchmark runs in a child process, as a remote API would be: its work never shares the bench's event loop. */
export interface BenchBackend {
  /** Base URL on loopback, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The backend's process id (its CPU is measured apart from the operation's processes). */
  readonly pid: number;
  /** The management key of this backend (random per run; never printed). */
  readonly adminToken: string;
  /** Requests the backend counted since the last {@link BenchBackend.reset} (its test-mode `/_backend/stats`). */
  requests(): Promise<number>;
  /** TCP connections accepted and CPU seconds used by the backend since the last {@link BenchBackend.reset}. */
  usage(): Promise<{ connections: number; cpuSeconds: number }>;
  /** Zeroes both counters. */
  reset(): Promise<void>;
  /** Stops the child process. */
  close(): Promise<void>;
}

type Usage = { connections: number; cpuSeconds: number };
type Message = { url: string } | Usage;

/** Starts the backend (test mode, in-memory database) on 127.0.0.1, port 0, in a child process running this file. */
export async function startBenchBackend(): Promise<BenchBackend> {
  const adminToken = `pplx-admin-${crypto.randomBytes(16).toString("hex")}`;
  const child = fork(__filename, ["--child"], { env: { ...process.env, BENCH_ADMIN_TOKEN: adminToken }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const url = await nextMessage(child).then((m) => ("url" in m ? m.url : Promise.reject(new Error("backend did not start"))));
  const control = async (method: string, route: string) => {
    const res = await fetch(`${url}/_backend/${route}`, { method, headers: { authorization: `Bearer ${adminToken}` } });
    if (!res.ok) throw new Error(`${method} /_backend/${route}: ${res.status}`);
    return (await res.json()) as { requests?: { total: number } };
  };
  const usage = async (): Promise<Usage> => {
    const reply = nextMessage(child);
    child.send("usage");
    const m = await reply;
    return "connections" in m ? m : { connections: NaN, cpuSeconds: NaN };
  };
  return {
    url,
    pid: child.pid ?? -1,
    adminToken,
    requests: async () => (await control("GET", "stats")).requests?.total ?? NaN,
    usage,
    async reset() {
      await control("POST", "stats/reset");
      child.send("reset");
    },
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

function nextMessage(child: ChildProcess): Promise<Message> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench backend exited with ${code}`));
    child.once("exit", onExit);
    child.once("message", (m) => {
      child.off("exit", onExit);
      resolve(m as Message);
    });
  });
}

async function child(): Promise<void> {
  const backend = await startBackend({ adminToken: process.env.BENCH_ADMIN_TOKEN ?? "", testMode: true });
  let connections = 0;
  let cpuSince = process.cpuUsage();
  backend.app.server.on("connection", () => void (connections += 1));
  process.on("message", (m) => {
    if (m === "reset") {
      connections = 0;
      cpuSince = process.cpuUsage();
    } else {
      const { user, system } = process.cpuUsage(cpuSince);
      process.send?.({ connections, cpuSeconds: (user + system) / 1e6 });
    }
  });
  process.on("SIGTERM", () => void backend.close().then(() => process.exit(0)));
  process.on("disconnect", () => void backend.close().then(() => process.exit(0)));
  process.send?.({ url: backend.url });
}

if (require.main === module && process.argv.includes("--child")) {
  child().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
