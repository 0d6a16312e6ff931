import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../cli/engine";

// js-yaml comes with @pulumi/pulumi but ships no type declarations; `load` is the one function used.
const { load } = require("js-yaml") as { load(text: string): unknown };

interface Step { readonly name?: string; readonly uses?: string; readonly run?: string; readonly with?: Record<string, unknown>; readonly env?: Record<string, string> }
interface Job { readonly if?: string; readonly env?: Record<string, string>; readonly steps: Step[] }
interface Workflow {
  readonly on: { push?: { branches?: string[] }; schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const text = fs.readFileSync(path.join(repoRoot, "examples", "ci", "github-workflow.yml"), "utf8");
const workflow = load(text) as Workflow;
const credentials = {
  PERPLEXITY_API_KEY: "${{ secrets.PERPLEXITY_API_KEY }}",
  PERPLEXITY_BASE_URL: "${{ vars.PERPLEXITY_BASE_URL }}",
};
const DRIFT = 'npx pulumi-perplexity drift --stack prod --markdown >> "$GITHUB_STEP_SUMMARY"';

function job(name: string): Job {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`the workflow has no job ${name}`);
  return found;
}

/** The index of the first step whose `run` or `uses` contains `text`; fails the test when there is none. */
function stepIndex(j: Job, text: string): number {
  const i = j.steps.findIndex((s) => (s.run ?? s.uses ?? "").includes(text));
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
}

describe("examples/ci/github-workflow.yml", () => {
  it("runs on pushes to main, every night, and on demand", () => {
    expect(workflow.on.push?.branches).toEqual(["main"]);
    expect(workflow.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  it.each(["up", "drift"])("the %s job checks out, installs dependencies and the Pulumi CLI, then runs it", (name) => {
    const j = job(name);
    const order = ["actions/checkout@", "actions/setup-node@", "npm ci", "pulumi/actions@", name === "up" ? "pulumi up" : "pulumi-perplexity drift"].map((t) => stepIndex(j, t));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Without `command`, pulumi/actions only installs the CLI.
    expect(j.steps[stepIndex(j, "pulumi/actions@")]?.with).not.toHaveProperty("command");
  });

  it("the up job runs on push only and applies the prod stack with the key from a secret", () => {
    const j = job("up");
    expect(j.if).toBe("github.event_name == 'push'");
    const step = j.steps[stepIndex(j, "pulumi up")];
    expect(step?.run?.trim()).toBe("pulumi up --yes --stack prod");
    expect(step?.env).toMatchObject(credentials);
  });

  it("the drift job runs nightly or on demand and writes its report to the step summary", () => {
    const j = job("drift");
    expect(j.if).toBe("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'");
    const step = j.steps[stepIndex(j, "pulumi-perplexity drift")];
    expect(step?.run).toContain(DRIFT);
    expect(step?.env).toMatchObject(credentials);
  });

  it("hard-codes no secret, and hands credentials only to the steps that run Pulumi", () => {
    expect(text).not.toMatch(/pplx-[A-Za-z0-9]/);
    expect(workflow.env).toBeUndefined();
    for (const [name, j] of Object.entries(workflow.jobs)) {
      expect([name, j.env]).toEqual([name, undefined]);
      for (const step of j.steps) {
        for (const [key, value] of Object.entries(step.env ?? {})) {
          if (/KEY|TOKEN|SECRET|PASSWORD|PASSPHRASE/i.test(key)) expect([key, value]).toEqual([key, `\${{ secrets.${key} }}`]);
        }
        // `npm ci` runs dependencies' install scripts: no secret may be in reach there.
        if (JSON.stringify(step).includes("secrets.")) expect(step.run).toMatch(/pulumi/);
      }
    }
  });

  describe("the drift step's script, run as GitHub runs it (bash -eo pipefail), with a stand-in npx", () => {
    const step = job("drift").steps.find((s) => s.run?.includes(DRIFT));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "drift-step-"));
    afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it.each([
      [0, 0, "no drift passes"],
      [2, 2, "drift fails the job"],
      [1, 1, "an error fails the job"],
      [127, 1, "a missing command fails the job"],
    ])("drift exiting %i makes the step exit %i: %s", (driftExit, stepExit) => {
      const bin = path.join(tmp, `bin-${driftExit}`);
      fs.mkdirSync(bin);
      // Records its arguments, prints a report, and exits as told.
      fs.writeFileSync(path.join(bin, "npx"), `#!/bin/sh\necho "$@" > "${bin}/args"\necho "## Drift report"\nexit ${driftExit}\n`, { mode: 0o755 });
      const summary = path.join(bin, "summary.md");
      const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step?.run ?? "exit 99"], {
        env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, GITHUB_STEP_SUMMARY: summary },
        encoding: "utf8",
      });
      expect(run.status).toBe(stepExit);
      expect(fs.readFileSync(path.join(bin, "args"), "utf8").trim()).toBe("pulumi-perplexity drift --stack prod --markdown");
      expect(fs.readFileSync(summary, "utf8")).toBe("## Drift report\n");
      if (stepExit !== 0) expect(run.stdout).toMatch(/^::error title=Drift/m);
    });
  });
});
