import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { engineEnv, repoRoot } from "../../../cli/engine";
import type { TestBackend } from "../../helpers/backend";

/** What one command printed, and its exit code. */
export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A Pulumi project directory driven with the real `pulumi` CLI and the Node language host, as users run it. */
export interface CliProject {
  /** The project directory (inside the repository, so `pulumi-perplexity` resolves by package self-reference). */
  readonly dir: string;
  /** Replaces the program (`index.js`): `body` runs with `Group`, `Member`, `ApiKey`, `AutoReloadPolicy` and `pulumi` in scope. */
  write(body: string): void;
  /** Runs `pulumi <args>` in the project directory with the stack's engine environment. */
  pulumi(...args: string[]): Promise<CommandRun>;
  /** Runs `pulumi-perplexity <args>` (the built CLI) in the project directory with the same environment. */
  cli(...args: string[]): Promise<CommandRun>;
  /** The stack's outputs (`pulumi stack output --json --show-secrets`). */
  outputs(): Promise<Record<string, unknown>>;
  /** Destroys what is left, removes the stack and the directory. */
  cleanup(): Promise<void>;
}

/**
 * Creates project `name` with stack `stack` selected and configured for `backend` (`perplexity:baseUrl`, and
 * `perplexity:apiKey` as a secret), state in a file backend under the directory, and the program `body`.
 * Every command gets the directory's own PULUMI_HOME, so nothing is written outside it.
 */
export async function cliProject(backend: TestBackend, body: string, options: { name?: string; stack?: string } = {}): Promise<CliProject> {
  const name = options.name ?? "perplexity-cli";
  const dir = path.join(repoRoot, ".e2e", `cli-${Date.now().toString(36)}-${crypto.randomBytes(3).toString("hex")}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`);
  const env = { ...process.env, ...engineEnv(path.join(dir, ".pulumi")) };
  const run = (command: string, args: string[]) => runCommand(command, args, dir, env);
  const project: CliProject = {
    dir,
    write(programBody) {
      fs.writeFileSync(path.join(dir, "index.js"), `"use strict";\nconst pulumi = require("@pulumi/pulumi");\n` +
        `const { Group, Member, ApiKey, AutoReloadPolicy } = require("pulumi-perplexity");\n${programBody}\n`);
    },
    pulumi: (...args) => run("pulumi", [...args, "--non-interactive"]),
    cli: (...args) => run(process.execPath, [path.join(repoRoot, "dist", "cli", "main.js"), ...args]),
    async outputs() {
      const out = await project.pulumi("stack", "output", "--json", "--show-secrets");
      if (out.code !== 0) throw new Error(`pulumi stack output failed: ${out.stderr}`);
      return JSON.parse(out.stdout) as Record<string, unknown>;
    },
    async cleanup() {
      await project.pulumi("destroy", "--yes", "--skip-preview").catch(() => undefined);
      await project.pulumi("stack", "rm", "--yes", "--force").catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  project.write(body);
  for (const args of [["stack", "init", options.stack ?? "dev"], ["config", "set", "perplexity:baseUrl", backend.url],
    ["config", "set", "--secret", "perplexity:apiKey", backend.adminToken]]) {
    const out = await project.pulumi(...args);
    if (out.code !== 0) throw new Error(`pulumi ${args[0]} ${args[1]} failed: ${out.stderr}`);
  }
  return project;
}

function runCommand(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandRun> {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
