import { spawn } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../../cli/engine";
import { testBackendAt, type TestBackend } from "../../helpers/backend";

/** A backend run as users run it (`node dist/backend/server.js …`, what `npm run backend` starts), with what it printed. */
export interface BackendProcess extends TestBackend {
  /** Everything the backend process printed: its start-up lines and, with `--log`, its request log. */
  logs(): string;
}

/** Options of {@link startBackendProcess}. */
export interface BackendProcessOptions {
  /** Added to this process's environment. */
  readonly env?: Record<string, string>;
  /** Where it runs; default the checkout, as `npm run backend` runs. */
  readonly cwd?: string;
  /** The management key it uses, when it will not print it (an existing key file); default the printed one. */
  readonly adminToken?: string;
}

/**
 * Starts the backend's own CLI in a child process with `args` (add `--port 0`), and waits until it says where
 * it listens. The management key is `env.PERPLEXITY_BACKEND_ADMIN_TOKEN` when given, else `adminToken`, else
 * the one it printed.
 */
export async function startBackendProcess(args: readonly string[], options: BackendProcessOptions = {}): Promise<BackendProcess> {
  const env = options.env ?? {};
  const cwd = options.cwd ?? repoRoot;
  const child = spawn(process.execPath, [path.join(repoRoot, "dist", "backend", "server.js"), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const started = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const key = env.PERPLEXITY_BACKEND_ADMIN_TOKEN ?? options.adminToken ?? /^PERPLEXITY_API_KEY=(pplx-admin-[A-Za-z0-9_-]+)$/m.exec(output)?.[1];
      if (url && key && (output.includes("PERPLEXITY_API_KEY=") || /Management key: (from|the one in)/.test(output))) resolve({ url, key });
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`the backend exited (${String(code)}) before listening:\n${output}`)));
  });
  const close = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  return { ...testBackendAt(started.url, started.key, close), logs: () => output };
}
