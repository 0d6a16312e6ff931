import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startBackend } from "../backend/server";

/**
 * The backend under test, in its own process (so the load generator does not share its event loop): a
 * file database in WAL mode, as `npm start` runs it. Sends `{url}` to the parent, answers `cpu` with its
 * CPU usage, and exits on any other message.
 */
async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-bench-"));
  const adminToken = process.env["BENCH_ADMIN_TOKEN"] ?? "";
  const backend = await startBackend({ port: 0, adminToken, dbPath: path.join(dir, "bench.sqlite") });
  process.send?.({ url: backend.url });
  process.on("message", (message) => {
    // `cpu`: the CPU time this process used so far, so the parent can tell backend cost from machine load.
    if (message === "cpu") return void process.send?.({ cpu: process.cpuUsage() });
    void backend.close().then(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

void main();
