import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startBackendProcess, type BackendProcess } from "./backend-process";

/** Every file under `dir`, recursively, as one buffer per file; symbolic links (installed packages) are not followed. */
export function filesUnder(dir: string): Array<[string, Buffer]> {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => !entry.isSymbolicLink()).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : ([[full, fs.readFileSync(full)]] as Array<[string, Buffer]>);
  });
}

/** Which secret shows up where, as `"<place>: <secret name>"`; empty when nothing leaked. */
export function leaks(places: ReadonlyArray<readonly [string, string | Buffer]>, secrets: Readonly<Record<string, string>>): string[] {
  return places.flatMap(([where, content]) =>
    Object.entries(secrets).filter(([, secret]) => content.includes(secret)).map(([what]) => `${where}: ${what}`));
}

/**
 * Starts the backend's own CLI in a child process with request logging on, on 127.0.0.1 port 0, keeping
 * its data in `dbPath`; the management key comes from the environment, as the README says.
 */
export function startLoggedBackend(dbPath: string): Promise<BackendProcess> {
  const adminToken = `pplx-admin-${crypto.randomBytes(16).toString("hex")}`;
  return startBackendProcess(["--port", "0", "--test-mode", "--log", "--db", dbPath], { env: { PERPLEXITY_BACKEND_ADMIN_TOKEN: adminToken } });
}
