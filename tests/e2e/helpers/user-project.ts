import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineLocation, repoRoot } from "../../../cli/engine";

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A project directory outside the repository, set up the way a user's is, and a shell-like way to run commands in it. */
export interface UserProject {
  /** The project directory (a copy of the source project, with its dependencies installed). */
  readonly dir: string;
  /** The user's home directory (HOME) for every command, with PULUMI_HOME at its `.pulumi`. */
  readonly home: string;
  /**
   * The state backend: a directory beside the project. Tests log in to it where a README says `pulumi login
   * --local`: that would use the account's home from /etc/passwd (the CLI ignores HOME), i.e. outside any
   * temporary directory.
   */
  readonly stateUrl: string;
  /** The environment every command gets: this machine's PATH with the set-up CLI first, HOME, the passphrase. */
  readonly env: Record<string, string>;
  /** Runs a command in the project directory (or `cwd`) and resolves with its result, whatever its exit code. */
  run(command: string, args: readonly string[], options?: { env?: Record<string, string>; cwd?: string }): Promise<CommandResult>;
  /** Runs `pulumi <args>` and resolves with its stdout; rejects with everything it printed when it fails. */
  pulumi(...args: string[]): Promise<string>;
  /** Removes the project, its home and everything the commands wrote. */
  cleanup(): void;
}

/** Options of {@link userProject}. */
export interface UserProjectOptions {
  /** Copy only these entries of the source directory (default everything but node_modules). */
  readonly only?: readonly string[];
  /** Files of the source directory to leave out (besides node_modules). */
  readonly exclude?: readonly string[];
  /** Files to add or replace, relative to the project directory. */
  readonly files?: Readonly<Record<string, string>>;
}

/**
 * Copies the project in `sourceDir` into a fresh temporary directory outside the repository and installs
 * its dependencies as `npm install` with a `file:` dependency on this checkout would: `node_modules` links
 * every package of the checkout's `node_modules` and `pulumi-perplexity` itself (plus its `.bin` entry, so
 * `npx pulumi-perplexity` resolves it locally). The repository tree is only read.
 */
export function userProject(sourceDir: string, options: UserProjectOptions = {}): UserProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pp-user-"));
  const dir = path.join(root, path.basename(sourceDir));
  const home = path.join(root, "home");
  const skip = new Set(["node_modules", ...(options.exclude ?? [])]);
  const only = options.only ? new Set(options.only) : undefined;
  fs.cpSync(sourceDir, dir, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(sourceDir, src);
      return rel === "" || (!skip.has(rel) && (!only || only.has(rel.split(path.sep)[0] ?? "")));
    },
  });
  // What `npm init` and `npm install @pulumi/pulumi pulumi-perplexity` leave in a project of one's own.
  const manifest = path.join(dir, "package.json");
  if (!fs.existsSync(manifest)) {
    const dependencies = { "@pulumi/pulumi": "^3.248.0", "pulumi-perplexity": `file:${repoRoot}` };
    fs.writeFileSync(manifest, JSON.stringify({ name: path.basename(dir), private: true, dependencies }, null, 2));
  }
  for (const [file, text] of Object.entries(options.files ?? {})) fs.writeFileSync(path.join(dir, file), text);
  linkDependencies(path.join(dir, "node_modules"));
  fs.mkdirSync(home);
  fs.mkdirSync(path.join(root, "state"));

  const env: Record<string, string> = { ...userShellEnv(home), PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple" };

  const run: UserProject["run"] = (command, args, runOptions = {}) =>
    runCommand(command, args, { cwd: runOptions.cwd ?? dir, env: { ...env, ...runOptions.env } });

  return {
    dir,
    home,
    stateUrl: `file://${path.join(root, "state")}`,
    env,
    run,
    async pulumi(...args) {
      const result = await run("pulumi", args);
      if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
      return result.stdout;
    },
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * What a user's shell holds: this process's environment without PULUMI_* and PERPLEXITY_* settings, HOME
 * and PULUMI_HOME (`<home>/.pulumi`) at `home`, the set-up CLI first on PATH, and (this machine being
 * offline) no update check and no plugin downloads.
 */
export function userShellEnv(home: string): Record<string, string> {
  const location = engineLocation();
  const inherited = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(PULUMI_|PERPLEXITY_|npm_)/.test(e[0]));
  return {
    ...Object.fromEntries(inherited),
    HOME: home,
    PULUMI_HOME: path.join(home, ".pulumi"),
    PATH: [location.pluginDir, location.cliDir, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

/** Runs a command to its end, collecting what it printed; resolves whatever its exit code. */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env: Record<string, string> }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * A fresh temporary directory outside the repository from which `pulumi-perplexity` and its dependencies
 * resolve, as in a user's project: the work directory of an inline program's stack (the engine starts the
 * dynamic-provider process there). The caller removes it.
 */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  linkDependencies(path.join(dir, "node_modules"));
  return dir;
}

/** Links every installed package of this checkout, and the checkout itself as `pulumi-perplexity`. */
function linkDependencies(nodeModules: string): void {
  const installed = path.join(repoRoot, "node_modules");
  fs.mkdirSync(path.join(nodeModules, ".bin"), { recursive: true });
  for (const entry of fs.readdirSync(installed)) {
    if (entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(installed, entry), path.join(nodeModules, entry));
  }
  fs.symlinkSync(repoRoot, path.join(nodeModules, "pulumi-perplexity"));
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { bin: Record<string, string> };
  for (const [name, file] of Object.entries(pkg.bin)) fs.symlinkSync(path.join("..", "pulumi-perplexity", file), path.join(nodeModules, ".bin", name));
}
