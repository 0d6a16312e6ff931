import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** What a finished command printed. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for npm run from a test, as a user's shell would have it: without the variables the
 * surrounding `npm test` sets for its own package (they would make the child npm think it runs a script of
 * this repository), with npm's debug logs in `logsDir` (never ~/.npm/_logs), and with the Node running the
 * test first on PATH, so `node` in scripts is that Node on every leg.
 */
export function userEnv(logsDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|INIT_CWD$)/i.test(k)),
  );
  return {
    ...env,
    PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    npm_config_logs_dir: logsDir,
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
    ...extra,
  };
}

/** Runs `command` to completion and returns what it printed; never rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `command` and returns its stdout. @throws Error with everything it printed when it fails. */
export async function runOk(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(command, args, cwd, env);
  if (r.code !== 0) throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${String(r.code)}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The version of `name` installed in `projectDir`'s node_modules. */
export function installedVersion(projectDir: string, name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(projectDir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}
