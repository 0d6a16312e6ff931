import * as fs from "node:fs";
import * as path from "node:path";
import { seededRandom } from "../../backend/plugins/faults";
import { inlineStack } from "../../cli/engine";
import { startTestBackend, type TestBackend } from "../helpers/backend";
import { clearPendingOperations, runUp } from "./helpers/crash";
import { reconcile, stateIds } from "./helpers/inventory";
import { scratchDir } from "../e2e/helpers/user-project";

const TRIALS = 10;
const SEED = 20261127;
/** How long after the first resource operation a kill may land, in milliseconds. */
const KILL_WINDOW_MS = 2500;

const key = (name: string, rotation: string) => ({ name, rotation });
/** The program before and after a change: one member removed, two added, two keys rotated. */
const first = { members: ["m0", "m1", "m2", "m3", "m4", "m5"], keys: [key("k0", "1"), key("k1", "1"), key("k2", "1"), key("k3", "1")] };
const second = { members: ["m1", "m2", "m3", "m4", "m5", "m6", "m7"], keys: [key("k0", "2"), key("k1", "2"), key("k2", "1"), key("k3", "1")] };

interface Trial {
  readonly backend: TestBackend;
  readonly dir: string;
  spec(program: typeof first, command?: "up" | "preview"): object;
  readonly env: Record<string, string>;
}

async function newTrial(): Promise<Trial> {
  const backend = await startTestBackend();
  // Each request takes 400 ms and at most two run at once (a setting users have too), so a run's
  // operations spread over seconds and a kill lands among them rather than before or after.
  await backend.control("PUT", "faults", { seed: 1, rules: [{ rate: 0, latencyMs: 400 }] });
  const dir = scratchDir("pp-crash");
  return {
    backend,
    dir,
    spec: (program, command = "up") => ({
      command, workDir: dir, stateDir: path.join(dir, ".pulumi"), groupName: "Crash",
      members: program.members.map((m) => `${m}@example.com`), keys: program.keys,
    }),
    env: { PERPLEXITY_BASE_URL: backend.url, PERPLEXITY_API_KEY: backend.adminToken, PERPLEXITY_MAX_CONCURRENCY: "2" },
  };
}

/** The stack of a trial, for state operations only (its program is never run from here). */
function stackOf(trial: Trial) {
  return inlineStack({ projectName: "perplexity-crash", stackName: "crash", program: async () => undefined, workDir: trial.dir, stateDir: path.join(trial.dir, ".pulumi") });
}

const figures = { killedMidRun: 0, pendingCleared: 0, duplicates: 0, orphans: 0, convergeMs: [] as number[] };
afterAll(() => console.log(`crash: ${TRIALS} trials, ${figures.killedMidRun} killed mid-run, ${figures.pendingCleared} pending operations cleared, ` +
  `duplicates ${figures.duplicates}, orphans ${figures.orphans}, converging up ${Math.min(...figures.convergeMs)}–${Math.max(...figures.convergeMs)} ms`));

describe("pulumi up killed with SIGKILL at a random point", () => {
  it.each(Array.from({ length: TRIALS }, (_, i) => [i, i % 2 === 0 ? "creating the stack" : "changing it"]))(
    "trial %i (%s): after clearing the pending operations, a new up converges to exactly the declared objects",
    async (i) => {
      const random = seededRandom(SEED + (i as number));
      const trial = await newTrial();
      try {
        const target = i % 2 === 0 ? first : second;
        if (target === second) expect((await runUp(trial.spec(first), { env: trial.env })).code).toBe(0);

        const killed = await runUp(trial.spec(target), { env: trial.env, killAfterFirstOperationMs: Math.floor(random() * KILL_WINDOW_MS) });
        if (killed.killedMidRun) figures.killedMidRun++;
        figures.pendingCleared += await clearPendingOperations(await stackOf(trial));

        const started = Date.now();
        const converged = await runUp(trial.spec(target), { env: trial.env });
        figures.convergeMs.push(Date.now() - started);
        expect({ code: converged.code, tail: converged.output.slice(-300) }).toMatchObject({ code: 0, tail: expect.stringContaining("up succeeded") });
        const stack = await stackOf(trial);
        const [groupId] = await stateIds(stack, "Group");
        const declared = { members: target.members.map((m) => `${m}@example.com`), keys: target.keys.map((k) => k.name) };
        const found = await reconcile(trial.backend, stack, groupId ?? "", declared);
        figures.duplicates += found.duplicates;
        figures.orphans += found.orphans;
        expect(found).toEqual({ duplicates: 0, orphans: 0, missing: 0 });
        // A kill must not be able to tear the state backend's files: only atomically renamed ones exist.
        expect(fs.readdirSync(path.join(trial.dir, ".pulumi", "state"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".attrs"))).toEqual([]);
        const preview = await runUp(trial.spec(target, "preview"), { env: trial.env });
        expect({ code: preview.code, tail: preview.output.slice(-300) }).toMatchObject({ code: 0 });
      } finally {
        await trial.backend.close();
        fs.rmSync(trial.dir, { recursive: true, force: true });
      }
    },
  );
});
