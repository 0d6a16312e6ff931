import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { engineEnv, engineLocation, repoRoot } from "../../../cli/engine";
import { groupMadeByHand, startTestBackend, type TestBackend } from "../../helpers/backend";
import { killTree } from "../../chaos/helpers/crash";
import { runCommand, scratchDir } from "./user-project";

/** What one `pulumi` command printed and how it ended. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A Pulumi project directory run with the real `pulumi` CLI and the Node language host, as users run it:
 * `Pulumi.yaml` and `index.js` in a temporary folder outside the repository whose `node_modules` links the
 * checkout's packages and the checkout itself as `pulumi-perplexity`, its own file state backend and
 * PULUMI_HOME.
 */
export interface CliProject {
  readonly dir: string;
  /**
   * Replaces the program (`index.js`): the body runs with `pulumi`, `pp` (the package) and its `Group`,
   * `Member`, `ApiKey` and `AutoReloadPolicy` in scope.
   */
  program(body: string): void;
  /** Runs `pulumi-perplexity <args>` (the built CLI, e.g. `drift`) in the project with the same environment. */
  cli(...args: string[]): Promise<CliResult>;
  /** Runs `pulumi <args>` in the project with the stack selected; never throws on a non-zero exit. */
  run(args: readonly string[]): Promise<CliResult>;
  /** `pulumi up --yes --skip-preview`; throws with the output when it fails. */
  up(...extra: string[]): Promise<CliResult>;
  /** `pulumi preview --refresh --expect-no-changes`; throws with the output when it proposes a change. */
  expectNoChanges(): Promise<void>;
  /**
   * Runs `pulumi up` and SIGKILLs it (and its plugins) as soon as its output matches `killAt`; resolves
   * with whether it was killed before the run finished, and what it printed.
   */
  upKilledAt(killAt: RegExp): Promise<{ killedMidRun: boolean; output: string }>;
  /**
   * Clears what a killed run left, as Pulumi documents it: `pulumi cancel`, then export the stack, drop its
   * pending operations and import it back. Returns how many operations were pending.
   */
  clearPendingOperations(): Promise<number>;
  /** The stack's outputs (`pulumi stack output --json`). */
  outputs(): Promise<Record<string, unknown>>;
  /** Destroys what is left and removes the directory. */
  cleanup(): Promise<void>;
}

/** Options of {@link cliProject}. */
export interface CliProjectOptions {
  /** The project name; default `perplexity-cli`. */
  readonly project?: string;
  /** The stack name; default `dev`. */
  readonly stack?: string;
  /** Where the state backend lives; default `<dir>/.pulumi`. Two projects with two state dirs are two backends. */
  readonly stateDir?: string;
}

/** Creates a project directory with a new stack configured to talk to `backend`. */
export async function cliProject(backend: TestBackend, options: CliProjectOptions = {}): Promise<CliProject> {
  // Outside the repository, with the checkout's packages linked as a user's `npm install` would leave them.
  const dir = scratchDir("pp-cli");
  const stack = options.stack ?? "dev";
  const stateDir = options.stateDir ?? path.join(dir, ".pulumi");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${options.project ?? "perplexity-cli"}\nruntime: nodejs\nmain: index.js\n`);
  const inherited = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined);
  const env: Record<string, string> = { ...Object.fromEntries(inherited), ...engineEnv(stateDir, engineLocation()) };
  const cli = path.join(engineLocation().cliDir, "pulumi");
  const exec = (file: string, args: readonly string[]): Promise<CliResult> => runCommand(file, args, { cwd: dir, env });
  const run = (args: readonly string[]) => exec(cli, [...args, "--non-interactive"]);
  const must = async (args: readonly string[]) => {
    const result = await run(args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  await must(["stack", "init", stack]);
  await must(["config", "set", "perplexity:baseUrl", backend.url]);
  await must(["config", "set", "--secret", "perplexity:apiKey", backend.adminToken]);
  return {
    dir,
    program(body) {
      fs.writeFileSync(path.join(dir, "index.js"), `"use strict";\nconst pulumi = require("@pulumi/pulumi");\n` +
        `const pp = require("pulumi-perplexity");\nconst { Group, Member, ApiKey, AutoReloadPolicy } = pp;\n${body}\n`);
    },
    cli: (...args) => exec(process.execPath, [path.join(repoRoot, "dist", "cli", "main.js"), ...args]),
    run,
    up: (...extra) => must(["up", "--yes", "--skip-preview", ...extra]),
    async expectNoChanges() {
      await must(["preview", "--refresh", "--expect-no-changes", "--diff"]);
    },
    upKilledAt(killAt) {
      const child = spawn(cli, ["up", "--yes", "--skip-preview", "--non-interactive"], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      let killedMidRun = false;
      const watch = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (killedMidRun || !killAt.test(output)) return;
        killedMidRun = !output.includes("Duration:");
        killTree(child.pid as number);
      };
      child.stdout.on("data", watch);
      child.stderr.on("data", watch);
      return new Promise((resolve) => child.on("exit", () => resolve({ killedMidRun, output })));
    },
    async clearPendingOperations() {
      await run(["cancel", "--yes"]);
      const file = path.join(dir, "exported.json");
      await must(["stack", "export", "--file", file]);
      const exported = JSON.parse(fs.readFileSync(file, "utf8")) as { deployment: { pending_operations?: unknown[] } };
      const pending = exported.deployment.pending_operations?.length ?? 0;
      delete exported.deployment.pending_operations;
      fs.writeFileSync(file, JSON.stringify(exported));
      await must(["stack", "import", "--file", file]);
      fs.rmSync(file);
      return pending;
    },
    async outputs() {
      return JSON.parse((await must(["stack", "output", "--json", "--show-secrets"])).stdout) as Record<string, unknown>;
    },
    async cleanup() {
      await run(["destroy", "--yes", "--skip-preview"]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new backend and CLI project for each test of the enclosing `describe`, destroyed and closed after it.
 * Read `backend` and `p` inside the tests (they change from test to test).
 */
export function cliProjectEachTest(options: CliProjectOptions = {}): { backend: TestBackend; p: CliProject } {
  const current = {} as { backend: TestBackend; p: CliProject };
  beforeEach(async () => {
    current.backend = await startTestBackend();
    current.p = await cliProject(current.backend, options);
  });
  afterEach(async () => {
    await current.p.cleanup();
    await current.backend.close();
  });
  return current;
}

/**
 * The rename-by-roster scenario: a group made by hand whose only active admin is the program's Member
 * `Ana` (`Ana@acme.dev`), applied and accepted. `renamed()` is the program after the roster re-cased the
 * email and the resource was renamed with it (`ana`, `ana@acme.dev`), not yet applied.
 */
export async function activeAdminAna(backend: TestBackend, p: CliProject): Promise<{ groupId: string; memberId: string; renamed: () => void }> {
  const { groupId } = await groupMadeByHand(backend);
  const admin = (name: string, email: string) =>
    `exports.memberId = new pp.Member("${name}", { groupId: "${groupId}", email: "${email}", role: "admin" }).id;`;
  p.program(admin("Ana", "Ana@acme.dev"));
  await p.up();
  const { memberId } = (await p.outputs()) as Record<string, string>;
  await backend.control("POST", `members/${memberId}/accept`);
  return { groupId, memberId: memberId as string, renamed: () => p.program(admin("ana", "ana@acme.dev")) };
}
