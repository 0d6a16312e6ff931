import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startBackend } from "../backend/server";
import { inlineStack, repoRoot } from "./engine";
import quickstart = require("../examples/quickstart");

/**
 * `npm start`: starts the embedded backend on 127.0.0.1 with its database in .data/, applies the quickstart
 * stack with the real Pulumi engine, prints what exists, and keeps the backend up until Ctrl-C
 * (`npm start -- --once` exits after applying). Running it again applies no changes.
 */
async function main(argv: string[]): Promise<void> {
  const once = argv.includes("--once");
  const port = Number(valueOf(argv, "--port") ?? 8787);
  const dataDir = path.join(repoRoot, ".data");
  fs.mkdirSync(dataDir, { recursive: true });
  const adminToken = persistentAdminToken(dataDir);
  const backend = await listenPreferring(port, path.join(dataDir, "backend.sqlite"), adminToken);
  console.log(`Backend: ${backend.url} (database .data/backend.sqlite; management key in .data/admin-token)`);

  const stack = await inlineStack({
    projectName: "perplexity-quickstart",
    stackName: "dev",
    program: () => quickstart(),
    workDir: repoRoot,
    stateDir: path.join(dataDir, "pulumi"),
  });
  await stack.setConfig("perplexity:baseUrl", { value: backend.url });
  await stack.setConfig("perplexity:apiKey", { value: adminToken, secret: true });
  const result = await stack.up({ onOutput: (out) => process.stdout.write(out) });
  const changes = Object.entries(result.summary.resourceChanges ?? {}).filter(([op]) => op !== "same");
  console.log(changes.length === 0 ? "\nNo changes: the account already matches the program." : `\nApplied: ${changes.map(([op, n]) => `${n} ${op}`).join(", ")}`);
  for (const [key, output] of Object.entries(result.outputs)) console.log(`  ${key}: ${String(output.value)}`);

  if (once) {
    await backend.close();
    return;
  }
  console.log(`\nThe backend keeps running at ${backend.url}; press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await backend.close();
}

/** The management key survives restarts so the stack and the database keep agreeing; stored 0600. */
function persistentAdminToken(dataDir: string): string {
  const file = path.join(dataDir, "admin-token");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const token = `pplx-admin-${crypto.randomBytes(24).toString("hex")}`;
  fs.writeFileSync(file, token, { mode: 0o600 });
  return token;
}

async function listenPreferring(port: number, dbPath: string, adminToken: string) {
  try {
    return await startBackend({ port, dbPath, adminToken });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
    console.log(`Port ${port} is busy; using a free port instead.`);
    return startBackend({ port: 0, dbPath, adminToken });
  }
}

function valueOf(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
