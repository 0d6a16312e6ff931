import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { adminTokenBeside, startBackend } from "../backend/server";
import { engineEnv, pulumiCommand, repoRoot } from "./engine";

/**
 * The stack `npm start` applies. Not `dev`: that is the name the README's "with your own Pulumi CLI" path
 * uses in the same directory, and both keep their stack config in .data/stack-config, so the two would
 * share one stack settings file whose encryption salt belongs to another passphrase and state backend.
 */
const START_STACK = "npm-start";

/**
 * `npm start`: starts the embedded backend on 127.0.0.1 with its database in .data/, applies the project in
 * the current directory (the repository root's Pulumi.yaml, the quickstart program) through the `pulumi`
 * CLI and the Node language host, as `pulumi up` there would, prints what exists, and keeps the backend up
 * until Ctrl-C (`npm start -- --once` exits after applying). Running it again applies no changes.
 */
async function main(argv: string[]): Promise<void> {
  const once = argv.includes("--once");
  const port = Number(valueOf(argv, "--port") ?? 8787);
  // npm runs scripts in the package's directory; a copy of the project (tests) is run from its own.
  const projectDir = fs.existsSync(path.join(process.cwd(), "Pulumi.yaml")) ? process.cwd() : repoRoot;
  const dataDir = path.join(projectDir, ".data");
  const dbPath = path.join(dataDir, "backend.sqlite");
  fs.mkdirSync(dataDir, { recursive: true });
  const adminToken = adminTokenBeside(dbPath).token;
  const backend = await listenPreferring(port, dbPath, adminToken);
  console.log(`Backend: ${backend.url} (database .data/backend.sqlite; management key in .data/admin-token)`);

  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: START_STACK, workDir: projectDir },
    { pulumiCommand: await pulumiCommand(), envVars: engineEnv(path.join(dataDir, "pulumi")) },
  );
  await stack.setConfig("perplexity:baseUrl", { value: backend.url });
  await stack.setConfig("perplexity:apiKey", { value: adminToken, secret: true });
  const result = await stack.up({ onOutput: (out) => process.stdout.write(out) });
  const changes = Object.entries(result.summary.resourceChanges ?? {}).filter(([op]) => op !== "same");
  console.log(changes.length === 0 ? "\nNo changes: the account already matches the program." : `\nApplied: ${changes.map(([op, n]) => `${n} ${op}`).join(", ")}`);

  if (once) {
    await backend.close();
    return;
  }
  console.log(`\nThe backend keeps running at ${backend.url}; press Ctrl-C to stop.`);
  console.log(`Its console: open ${backend.url}/ and sign in with the management key in .data/admin-token.`);
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await backend.close();
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
