import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../../cli/engine";
import { testBackendAt, type TestBackend } from "../../helpers/backend";

/** Every file under `dir`, recursively, as one buffer per file. */
export function filesUnder(dir: string): Array<[string, Buffer]> {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : ([[full, fs.readFileSync(full)]] as Array<[string, Buffer]>);
  });
}

/** Which secret shows up where, as `"<place>: <secret name>"`; empty when nothing leaked. */
export function leaks(places: ReadonlyArray<readonly [string, string | Buffer]>, secrets: Readonly<Record<string, string>>): string[] {
  return places.flatMap(([where, content]) =>
    Object.entries(secrets).filter(([, secret]) => content.includes(secret)).map(([what]) => `${where}: ${what}`));
}

/** A backend run as users run it (`node dist/backend/server.js --log`), in test mode, with what it logged. */
export interface LoggedBackend extends TestBackend {
  /** Everything the backend process printed: its request log and its start-up lines. */
  logs(): string;
}

/**
 * Starts the backend's own CLI in a child process with request logging on, on 127.0.0.1 port 0, keeping
 * its data in `dbPath`; the management key comes from the environment, as the README says.
 */
export async function startLoggedBackend(dbPath: string): Promise<LoggedBackend> {
  const adminToken = `pplx-admin-${crypto.randomBytes(16).toString("hex")}`;
  const child = spawn(process.execPath, [path.join(repoRoot, "dist", "backend", "server.js"), "--port", "0", "--test-mode", "--log", "--db", dbPath], {
    env: { ...process.env, PERPLEXITY_BACKEND_ADMIN_TOKEN: adminToken },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found?.[1]) resolve(found[1]);
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`the backend exited (${String(code)}) before listening:\n${output}`)));
  });
  const close = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  return { ...testBackendAt(url, adminToken, close), logs: () => output };
}
