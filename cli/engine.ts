import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";

/** The repository root (this file compiles to dist/cli/, and runs from cli/ under ts-jest). */
export const repoRoot = path.resolve(__dirname, fs.existsSync(path.resolve(__dirname, "../package.json")) ? ".." : "../..");

/** Where set-up (tools/setup.js) found or built the Pulumi CLI, and where the dynamic-provider plugin script is. */
export interface EngineLocation {
  /** Directory holding the `pulumi` binary. */
  readonly cliDir: string;
  /** Directory holding `pulumi-resource-pulumi-nodejs`. */
  readonly pluginDir: string;
  /** The CLI's version, e.g. `3.248.0`. */
  readonly version: string;
}

/**
 * Reads the engine location written by set-up.
 * @throws Error telling to run `npm run setup` when set-up has not run.
 */
export function engineLocation(): EngineLocation {
  const file = path.join(repoRoot, ".tools", "pulumi", "location.json");
  if (!fs.existsSync(file)) throw new Error(`The Pulumi CLI is not set up: run \`npm run setup\` (looked for ${file}).`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as EngineLocation;
}

/** PULUMI_HOME for the CLI runs that have no stack of their own (`pulumi version`): under .tools/, never ~/.pulumi. */
export const toolsPulumiHome = path.join(repoRoot, ".tools", "pulumi", "home");

const commands = new Map<string, Promise<PulumiCommand>>();

/**
 * Returns the Automation API handle for the set-up CLI; never downloads one. `PulumiCommand.get` runs
 * `pulumi version` with this process's environment and nothing else (automation/cmd.js), so a CLI that
 * logs under PULUMI_HOME would write into ~/.pulumi: PULUMI_HOME is set for that one spawn, which happens
 * synchronously inside `get`, and restored at once. One handle per CLI per process.
 */
export function pulumiCommand(location = engineLocation()): Promise<PulumiCommand> {
  const root = path.basename(location.cliDir) === "bin" ? path.dirname(location.cliDir) : undefined;
  const key = root ?? "";
  const known = commands.get(key);
  if (known) return known;
  const saved = process.env.PULUMI_HOME;
  if (saved === undefined) process.env.PULUMI_HOME = toolsPulumiHome;
  try {
    const command = root ? PulumiCommand.get({ root }) : PulumiCommand.get();
    commands.set(key, command);
    command.catch(() => commands.delete(key));
    return command;
  } finally {
    if (saved === undefined) delete process.env.PULUMI_HOME;
  }
}

/**
 * The environment for an offline engine run: a file state backend under `stateDir`, a passphrase secrets
 * manager, no update checks and no plugin downloads, and PATH leading to the CLI and the plugin script.
 *
 * `metadata=skip`: the file backend (gocloud fileblob) writes the checkpoint atomically (temp file, rename)
 * but its `.attrs` sidecar in place (create, then write), so a run killed between the two leaves an empty
 * sidecar and every later command fails with `failed to load checkpoint: EOF` (seen in the crash tests).
 * Nothing reads those attributes; without the sidecar a killed run leaves only the pending operations.
 */
export function engineEnv(stateDir: string, location = engineLocation()): Record<string, string> {
  fs.mkdirSync(path.join(stateDir, "state"), { recursive: true });
  return {
    PULUMI_BACKEND_URL: `file://${path.join(stateDir, "state")}?metadata=skip`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-perplexity-local",
    PULUMI_HOME: path.join(stateDir, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS: "true",
    PATH: [location.pluginDir, location.cliDir, process.env.PATH ?? ""].join(path.delimiter),
  };
}

/** Options of {@link inlineStack}. */
export interface InlineStackOptions {
  /** The Pulumi project name; ignored when `workDir` already has a Pulumi.yaml. */
  readonly projectName: string;
  /** The stack name, e.g. `dev`. */
  readonly stackName: string;
  /** The program, run in this process by the Automation API. */
  readonly program: PulumiFn;
  /**
   * The project directory. `@pulumi/pulumi` and `pulumi-perplexity` must resolve from it, because the engine
   * starts the dynamic-provider process there (in the `main` directory when its Pulumi.yaml names one).
   */
  readonly workDir: string;
  /** Where state, PULUMI_HOME and the stack's secrets live. */
  readonly stateDir: string;
  /** Extra environment for the engine and the provider process. */
  readonly envVars?: Record<string, string>;
}

/**
 * Creates or selects a stack of an inline program. Inline programs run through the Automation API's own
 * language server, so only the `pulumi` CLI and the dynamic-provider plugin are needed (the Node language
 * host is not available from the Go module proxy; see README).
 */
export async function inlineStack(options: InlineStackOptions): Promise<Stack> {
  const location = engineLocation();
  fs.mkdirSync(options.workDir, { recursive: true });
  // The engine starts the dynamic-provider process in the project's `main` directory. Without a Pulumi.yaml
  // the Automation API would default `main` to this process's cwd; pin it to workDir instead, so the
  // provider resolves `pulumi-perplexity` from the project directory as it does for `pulumi up`.
  const hasProject = ["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(options.workDir, f)));
  return LocalWorkspace.createOrSelectStack(
    { projectName: options.projectName, stackName: options.stackName, program: options.program },
    {
      workDir: options.workDir,
      ...(hasProject ? {} : { projectSettings: { name: options.projectName, runtime: "nodejs", main: options.workDir } }),
      pulumiCommand: await pulumiCommand(location),
      envVars: { ...engineEnv(options.stateDir, location), ...options.envVars },
    },
  );
}
