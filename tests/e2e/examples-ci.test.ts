import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../cli/engine";
import { startBackendProcess, type BackendProcess } from "./helpers/backend-process";
import { ciProject, type CiProject, type WorkflowStep } from "./helpers/ci-project";

// js-yaml comes with @pulumi/pulumi but ships no type declarations; `load` is the one function used.
const { load } = require("js-yaml") as { load(text: string): unknown };

type Step = WorkflowStep;
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

  describe("its run steps, executed in order as GitHub would, in a project that installs this package", () => {
    let ci: CiProject;
    let backend: BackendProcess;
    let groupId: string;
    const secrets = () => ({ PERPLEXITY_API_KEY: backend.adminToken, PERPLEXITY_BASE_URL: backend.url, PULUMI_ACCESS_TOKEN: "" });

    beforeAll(async () => {
      ci = await ciProject();
      backend = await startBackendProcess(["--port", "0", "--db", path.join(ci.root, "backend.sqlite")]);
    }, 600_000);
    afterAll(async () => {
      await backend?.close();
      ci?.cleanup();
    });

    it("the up job installs the dependencies with npm ci and applies the prod stack", async () => {
      const results = await ci.runJob(job("up").steps, secrets());
      expect(results.map((r) => [r.command, r.code])).toEqual([["npm ci", 0], ["npm run build --if-present", 0], ["pulumi up --yes --stack prod", 0]]);
      groupId = (await backend.client.groups.list()).data.map((g) => g.id)[0] ?? "";
      expect(await backend.client.groups.retrieve(groupId)).toMatchObject({ name: "Platform team" });
      expect((await backend.client.apiKeys.list(groupId)).data.map((k) => k.name)).toEqual(["ci"]);
    }, 600_000);

    it("the drift job finds no drift: every step exits 0 and the summary says so", async () => {
      const results = await ci.runJob(job("drift").steps, secrets());
      expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
      expect(results[2]?.stdout).toContain("No drift");
      expect(ci.summary()).toMatch(/no drift/i);
    }, 600_000);

    it("after a change made in the console, the drift step exits 2 with a Drift annotation and the report in the summary", async () => {
      await backend.client.groups.update(groupId, { name: "Renamed by hand" });
      const [result] = await ci.runJob([driftStep()], secrets());
      expect(result?.code).toBe(2);
      expect(result?.stdout).toMatch(/^::error title=Drift::/m);
      expect(ci.summary()).toContain("Renamed by hand");
    });

    it("with a rejected management key, the drift step exits 1 with a 'Drift check failed' annotation", async () => {
      const [result] = await ci.runJob([driftStep()], { ...secrets(), PERPLEXITY_API_KEY: "pplx-admin-not-a-real-key" });
      expect(result?.code).toBe(1);
      expect(result?.stdout).toMatch(/^::error title=Drift check failed::pulumi-perplexity drift exited with 1\./m);
      expect(result?.stderr).not.toContain("pplx-admin-not-a-real-key");
    });
  });
});

function driftStep(): Step {
  const step = job("drift").steps.find((s) => s.run?.includes(DRIFT));
  if (!step) throw new Error("the drift job has no drift step");
  return step;
}
