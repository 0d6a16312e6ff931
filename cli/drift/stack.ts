import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type LocalWorkspaceOptions, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { engineLocation, pulumiCommand, type EngineLocation } from "../engine";

/** Which stack to check, and how to run its program. */
export interface StackSelection {
  /** The stack name; default the stack selected in the project directory. */
  readonly stack?: string | undefined;
  /** The Pulumi project directory (holding Pulumi.yaml). */
  readonly cwd: string;
  /** A JS module exporting the program function; runs the program inline instead of via the language host. */
  readonly program?: string | undefined;
}

/** The engine location when set-up ran in this checkout; otherwise the user's own `pulumi` is used. */
function setUpEngine(): EngineLocation | undefined {
  try {
    return engineLocation();
  } catch {
    return undefined;
  }
}

/**
 * The environment added to the caller's for the engine. Unlike `engineEnv`, it never sets the state backend,
 * the passphrase or PULUMI_HOME: a CLI user's stack lives where their own environment says. It only puts
 * the set-up CLI and the dynamic-provider plugin script on PATH (when set-up ran) and skips the update check
 * unless the caller decided otherwise.
 */
export function userEngineEnv(env: NodeJS.ProcessEnv = process.env, location = setUpEngine()): Record<string, string> {
  const out: Record<string, string> = {};
  if (env.PULUMI_SKIP_UPDATE_CHECK === undefined) out.PULUMI_SKIP_UPDATE_CHECK = "true";
  if (location) out.PATH = [location.pluginDir, location.cliDir, env.PATH ?? ""].join(path.delimiter);
  return out;
}

/**
 * Loads the program function from a compiled JS module: its export itself (`module.exports = async () =>
 * …`, `export =`) or its default export. Relative paths are resolved from the current directory.
 * @throws Error saying what the module must export.
 */
export function loadProgram(modulePath: string): PulumiFn {
  const file = path.resolve(modulePath);
  let loaded: unknown;
  try {
    loaded = require(file);
  } catch (e) {
    throw new Error(`Cannot load the program module ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  const candidate = typeof loaded === "function" ? loaded : (loaded as { default?: unknown } | null)?.default;
  if (typeof candidate !== "function") {
    throw new Error(`The program module ${file} must export the Pulumi program function (module.exports = async () => { … } or a default export).`);
  }
  return candidate as PulumiFn;
}

/**
 * Selects the stack to check. With `program`, the stack is selected as an inline program whose work
 * directory is the project directory, so the Automation API runs the program in this process (no Node
 * language host needed) while the project's Pulumi.yaml still names the project and the provider's `main`.
 * Without it, the project's own program runs through the Node language host, as `pulumi preview` would.
 * @throws Error when the directory holds no Pulumi project, or no stack is given or selected.
 */
export async function selectStack(selection: StackSelection): Promise<Stack> {
  const workDir = path.resolve(selection.cwd);
  // Checked first because the Automation API would otherwise write a default Pulumi.yaml into the directory.
  if (!["Pulumi.yaml", "Pulumi.yml", "Pulumi.json"].some((f) => fs.existsSync(path.join(workDir, f)))) {
    throw new Error(`${workDir} holds no Pulumi project (no Pulumi.yaml): pass the project directory with --cwd.`);
  }
  const location = setUpEngine();
  const options: LocalWorkspaceOptions = {
    workDir,
    pulumiCommand: location ? await pulumiCommand(location) : await PulumiCommand.get(),
    envVars: userEngineEnv(process.env, location),
  };
  const program = selection.program === undefined ? undefined : loadProgram(selection.program);
  const workspace = await LocalWorkspace.create(program ? { ...options, program } : options);
  const stackName = selection.stack ?? (await workspace.stack())?.name;
  if (!stackName) throw new Error(`No stack is selected in ${workDir}: pass --stack NAME.`);
  if (!program) return LocalWorkspace.selectStack({ stackName, workDir }, options);
  const projectName = (await workspace.projectSettings()).name;
  return LocalWorkspace.selectStack({ stackName, projectName, program }, options);
}
