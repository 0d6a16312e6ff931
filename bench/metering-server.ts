import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import Fastify from "fastify";
import { startBackend } from "../backend/server";

/**
 * The backend under test, in its own process (so the load generator does not share its event loop): a
 * file database in WAL mode, as `npm start` runs it, and beside it a bare Fastify route for the HTTP floor.
 * Sends `{url, bareUrl}` to the parent, answers `cpu` with its
 * CPU usage, and exits on any other message.
 */
async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-bench-"));
  const adminToken = process.env["BENCH_ADMIN_TOKEN"] ?? "";
  const backend = await startBackend({ port: 0, adminToken, dbPath: path.join(dir, "bench.sqlite") });
  // The HTTP floor: a bare Fastify route taking the same body and answering a constant, no hooks, no store.
  const bare = Fastify();
  bare.post("/v1/usage_events", async () => ({ object: "list", data: [] }));
  await bare.listen({ port: 0, host: "127.0.0.1" });
  const { port } = bare.server.address() as AddressInfo;
  process.send?.({ url: backend.url, bareUrl: `http://127.0.0.1:${port}` });
  process.on("message", (message) => {
    // `cpu`: the CPU time this process used so far, so the parent can tell backend cost from machine load.
    if (message === "cpu") return void process.send?.({ cpu: process.cpuUsage() });
    void Promise.all([backend.close(), bare.close()]).then(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

void main();
