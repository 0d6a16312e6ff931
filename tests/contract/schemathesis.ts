import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { SeededBackend } from "./seed";

// tools/setup-contract.js installs it (npm test runs set-up first).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MISSING, SCHEMATHESIS_BIN } = require("../../tools/setup-contract") as { MISSING: string; SCHEMATHESIS_BIN: string };

/** What one schemathesis run against one seeded backend found. */
export interface FuzzResult {
  /** Exit status of `st run`: 0 when no check failed. */
  readonly exitCode: number | null;
  /** Requests the backend received during the run (its test-mode request counter). */
  readonly requests: number;
  /** Unique failures in schemathesis's summary (0 when it reports none). */
  readonly failures: number;
  /** Everything schemathesis printed. */
  readonly output: string;
}

/** Test cases per operation and phase: enough to hit every rule in the document, small enough for a loaded 2-core machine. */
export const MAX_EXAMPLES = Number(process.env["CONTRACT_MAX_EXAMPLES"] ?? 20);

/**
 * Runs schemathesis (every check, every phase, stateful included; checks are enabled in the config file,
 * since `--checks all` on the command line would override its per-operation exceptions) against `seeded` with its role's token,
 * with the settings in tests/contract/schemathesis.toml. A fixed seed keeps a run reproducible
 * (`CONTRACT_SEED` overrides it to explore further).
 */
export async function fuzz(seeded: SeededBackend): Promise<FuzzResult> {
  if (!fs.existsSync(SCHEMATHESIS_BIN)) throw new Error(`schemathesis is not installed (${SCHEMATHESIS_BIN}): ${MISSING}`);
  const { backend } = seeded;
  await backend.control("POST", "stats/reset");
  const args = [
    "--config-file", path.join(__dirname, "schemathesis.toml"), "--no-color",
    "run", `${backend.url}/openapi.json`,
    "--header", `Authorization: Bearer ${seeded.token}`,
    "--phases", "examples,coverage,fuzzing,stateful",
    "--max-examples", String(MAX_EXAMPLES), "--seed", process.env["CONTRACT_SEED"] ?? "14", "--workers", "1",
  ];
  const env = { ...process.env, CONTRACT_GROUP_ID: seeded.groupId, CONTRACT_DOOMED_GROUP_ID: seeded.doomedGroupId, NO_COLOR: "1", PYTHONIOENCODING: "utf-8" };
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    // schemathesis keeps a cache (.schemathesis/) in its working directory: a temp dir, never the checkout.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "contract-"));
    const child = spawn(SCHEMATHESIS_BIN, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (c) => {
      fs.rmSync(cwd, { recursive: true, force: true });
      resolve({ code: c, output: Buffer.concat(chunks).toString("utf8") });
    });
  });
  const stats = await backend.control("GET", "stats");
  const requests = Number((stats["requests"] as { total: number }).total);
  const failures = Number(/(\d+) failures?/.exec(output.split("\n").filter((l) => l.startsWith("=")).pop() ?? "")?.[1] ?? 0);
  return { exitCode: code, requests, failures, output };
}

/** The part of schemathesis's output worth printing in a test log: failures and summary, without the progress lines. */
export function summaryOf(output: string): string {
  const start = output.indexOf("=================");
  return start === -1 ? output : output.slice(start);
}
