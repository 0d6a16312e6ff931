import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../../cli/engine";
import { pack } from "../installed/tarball";
import { runCommand, userShellEnv, type CommandResult } from "./user-project";

/** One step of a GitHub Actions job, as parsed from the workflow file. */
export interface WorkflowStep {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}

/** How one `run:` step ended. */
export interface StepResult extends CommandResult {
  readonly command: string;
}

/** The repository a user copies the workflow into: a Pulumi program depending on this package, with a `prod` stack. */
export interface CiProject {
  /** The temporary directory holding the project, its state and the backend's database. */
  readonly root: string;
  /**
   * Runs the `run:` steps in order under `bash -eo pipefail` (as GitHub does), stopping at the first that
   * fails. `${{ secrets.X }}` and `${{ vars.X }}` in a step's env are replaced from `settings`.
   */
  runJob(steps: readonly WorkflowStep[], settings: Record<string, string>): Promise<StepResult[]>;
  /** What the steps appended to `$GITHUB_STEP_SUMMARY` so far, cleared after reading. */
  summary(): string;
  cleanup(): void;
}

const PROGRAM = `const { ApiKey, Group } = require("pulumi-perplexity");

module.exports = async () => {
  const group = new Group("platform", {
    name: "Platform team",
    address: { line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
  });
  const key = new ApiKey("ci", { groupId: group.id });
  return { groupId: group.id, tokenHint: key.tokenHint };
};
`;

/**
 * Makes a user's repository outside this one: `npm pack` of this checkout (built), a package.json depending
 * on the tarball and the pinned @pulumi/pulumi, the package-lock.json `npm install` writes (what a user
 * commits, and what the workflow's `npm ci` needs), a JavaScript program and a `prod` stack on a file state
 * backend. The workflow's environment stands for what its `uses:` steps provide: the checkout is this
 * directory, setup-node is this Node.js, pulumi/actions is the set-up CLI on PATH; state lives in the file
 * backend (the README's "State elsewhere" variant) instead of Pulumi Cloud.
 */
export async function ciProject(): Promise<CiProject> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pp-ci-"));
  const dir = path.join(root, "repo");
  const home = path.join(root, "home");
  const summaryFile = path.join(root, "step-summary.md");
  fs.mkdirSync(dir);
  fs.mkdirSync(path.join(root, "state"));
  fs.mkdirSync(home);
  const env: Record<string, string> = {
    ...userShellEnv(home),
    CI: "true",
    GITHUB_STEP_SUMMARY: summaryFile,
    PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "ci passphrase",
    // setup-node's `cache: npm` restores the npm cache; here the machine's cache (read, and added to only on a
    // miss, as by this checkout's own npm ci) serves the same role. npm's logs stay in the temporary directory.
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), ".npm"),
    npm_config_logs_dir: path.join(root, "npm-logs"),
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
  const sh = async (command: string, cwd: string, stepEnv: Record<string, string> = {}): Promise<StepResult> => ({
    command: command.trim(),
    ...(await runCommand("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", command], { cwd, env: { ...env, ...stepEnv } })),
  });
  const must = async (command: string, cwd: string) => {
    const r = await sh(command, cwd);
    if (r.code !== 0) throw new Error(`${command} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };

  const packed = path.basename((await pack(repoRoot, env, root)).tarball);
  const pulumiVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name: "platform-infra", private: true, main: "index.js",
    dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-perplexity": `file:../${packed}` },
  }, null, 2));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: platform-infra\nruntime: nodejs\nmain: index.js\n");
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  await must("npm install --package-lock-only", dir);
  await must("pulumi stack init prod", dir);

  return {
    root,
    async runJob(steps, settings) {
      const results: StepResult[] = [];
      for (const step of steps) {
        if (step.run === undefined) continue;
        const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{\{\s*(?:secrets|vars)\.(\w+)\s*\}\}/g, (_, name: string) => {
          const value = settings[name];
          if (value === undefined) throw new Error(`the workflow reads ${name}, which the test does not provide`);
          return value;
        })]));
        const result = await sh(step.run, dir, stepEnv);
        results.push(result);
        if (result.code !== 0) break;
      }
      return results;
    },
    summary() {
      const text = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, "utf8") : "";
      fs.rmSync(summaryFile, { force: true });
      return text;
    },
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
