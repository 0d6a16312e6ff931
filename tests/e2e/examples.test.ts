import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../cli/engine";
import { groupMadeByHand } from "../helpers/backend";
import { startBackendProcess, type BackendProcess } from "./helpers/backend-process";
import { userProject, type UserProject } from "./helpers/user-project";

// Each example runs as its README tells a user: a backend started with the backend's own command, then the
// `pulumi` CLI in (a copy of) the example's directory: `login`, `stack init`, `config set` (the key with
// `--secret`), `up --yes`, `preview --expect-no-changes`, `refresh`, `destroy`. TypeScript programs run
// through the Node language host and ts-node. After each step the live objects, read through the API, are
// the declared ones. Tests inside a describe build on each other.

const examples = path.join(repoRoot, "examples");

interface Scene {
  backend: BackendProcess;
  project: UserProject;
}

/** A backend (`npm run backend`'s command, on a free port) and a copy of the example in `dir` as a user's project. */
function useExample(dir: string): Scene {
  const scene = {} as Scene;
  beforeAll(async () => {
    scene.project = userProject(dir);
    scene.backend = await startBackendProcess(["--port", "0", "--db", path.join(scene.project.home, "..", "backend.sqlite")]);
  });
  afterAll(async () => {
    await scene.backend?.close();
    scene.project?.cleanup();
  });
  return scene;
}

/** The README's set-up steps for one stack: log in, create the stack, point it at the backend with its key. */
async function initStack(scene: Scene, stack: string, extra: string[][] = []): Promise<void> {
  const { project, backend } = scene;
  await project.pulumi("login", project.stateUrl);
  await project.pulumi("stack", "init", stack);
  for (const args of extra) await project.pulumi("config", "set", ...args);
  await project.pulumi("config", "set", "perplexity:baseUrl", backend.url);
  await project.pulumi("config", "set", "--secret", "perplexity:apiKey", backend.adminToken);
}

/** What the README of `example` says `up` prints, e.g. `+ 5 created`, checked against what it printed. */
function expectReadmeSays(example: string, phrase: string, printed: string): void {
  expect(fs.readFileSync(path.join(examples, example, "README.md"), "utf8")).toContain(`\`${phrase}\``);
  expect(printed).toContain(phrase);
}

/** The CLI's text with runs of spaces made one, as the READMEs quote it. */
const oneSpaced = (text: string) => text.replace(/ {2,}/g, " ");

/** A refresh finds nothing changed, and a preview after it proposes nothing. */
async function expectConverged(project: UserProject): Promise<void> {
  expect(await project.pulumi("refresh", "--yes", "--skip-preview")).not.toMatch(/~ \d+ updated|- \d+ deleted/);
  await project.pulumi("preview", "--expect-no-changes");
}

describe("examples/key-rotation, through the pulumi CLI", () => {
  const scene = useExample(path.join(examples, "key-rotation"));
  let groupId: string;
  let oldKey: { id: string; token: string };

  it("up creates the group and an active key, with the rotation value from Pulumi.yaml", async () => {
    await initStack(scene, "dev");
    const run = await scene.project.run("pulumi", ["up", "--yes"]);
    expect(run).toMatchObject({ code: 0 });
    const up = run.stdout;
    // The language host sits next to the CLI, where a complete install keeps it: no "using … from $PATH".
    expect(run.stdout + run.stderr).not.toContain("from $PATH");
    expectReadmeSays("key-rotation", "+ 4 created", up);
    const outputs = JSON.parse(await scene.project.pulumi("stack", "output", "--json", "--show-secrets")) as Record<string, string>;
    groupId = outputs.groupId ?? "";
    oldKey = { id: outputs.keyId ?? "", token: outputs.token ?? "" };
    expect(up).toMatch(/token\s*: \[secret\]/);
    expect(await scene.backend.client.apiKeys.retrieve(groupId, oldKey.id)).toMatchObject({ status: "active", token_hint: outputs.tokenHint });
    expect((await scene.backend.client.apiKeys.list(groupId)).data.map((k) => k.id)).toEqual([oldKey.id]);
  });

  it("a second up changes nothing, and a refresh finds no drift", async () => {
    await expectConverged(scene.project);
  });

  it("a new rotation value creates the new key, then revokes the old one", async () => {
    await scene.project.pulumi("config", "set", "rotation", "2026-12");
    const up = await scene.project.pulumi("up", "--yes");
    for (const step of ["++ pulumi-nodejs:dynamic/perplexity:ApiKey app created replacement", "-- pulumi-nodejs:dynamic/perplexity:ApiKey app deleted original"]) expect(up).toContain(step);
    const newId = JSON.parse(await scene.project.pulumi("stack", "output", "keyId", "--json")) as string;
    expect(newId).not.toBe(oldKey.id);
    const events = (await scene.backend.client.auditEvents.list(groupId, { limit: 100 })).data
      .filter((e) => e.action.startsWith("api_key.")).map((e) => `${e.action} ${e.target.id}`);
    expect(events).toEqual([`api_key.created ${oldKey.id}`, `api_key.created ${newId}`, `api_key.revoked ${oldKey.id}`]);
    await expectConverged(scene.project);
  });

  it("destroy revokes the key and deletes the group", async () => {
    await scene.project.pulumi("destroy", "--yes");
    await expect(scene.backend.client.groups.retrieve(groupId)).rejects.toMatchObject({ code: "group_not_found" });
  });
});

describe("examples/team-roster, through the pulumi CLI", () => {
  const scene = useExample(path.join(examples, "team-roster"));
  let groupId: string;
  const members = async () => (await scene.backend.client.members.list(groupId)).data
    .map(({ email, role, status }) => ({ email, role, status })).sort((a, b) => a.email.localeCompare(b.email));

  it("up invites everyone on the roster with their role", async () => {
    await initStack(scene, "dev");
    const up = await scene.project.pulumi("up", "--yes");
    expectReadmeSays("team-roster", "+ 6 created", up);
    groupId = JSON.parse(await scene.project.pulumi("stack", "output", "groupId", "--json")) as string;
    expect(await members()).toEqual([
      { email: "ada@example.com", role: "admin", status: "invited" },
      { email: "grace@example.com", role: "member", status: "invited" },
      { email: "linus@example.com", role: "member", status: "invited" },
    ]);
    await expectConverged(scene.project);
  });

  it("an edited roster previews as the README says, and up applies it", async () => {
    const roster = path.join(scene.project.dir, "roster.yaml");
    fs.writeFileSync(roster, fs.readFileSync(roster, "utf8")
      .replace("- email: grace@example.com\n  role: member", "- email: grace@example.com\n  role: admin")
      .replace("- email: linus@example.com\n  role: member\n", ""));
    const preview = oneSpaced(await scene.project.pulumi("preview"));
    for (const line of ["~ pulumi-nodejs:dynamic/perplexity:Member grace@example.com update [diff: ~role]", "- pulumi-nodejs:dynamic/perplexity:Member linus@example.com delete"]) {
      expect(preview).toContain(line);
      expect(fs.readFileSync(path.join(examples, "team-roster", "README.md"), "utf8")).toContain(line.replace("pulumi-nodejs:dynamic/perplexity", "…"));
    }
    await scene.project.pulumi("up", "--yes");
    expect(await members()).toEqual([
      { email: "ada@example.com", role: "admin", status: "invited" },
      { email: "grace@example.com", role: "admin", status: "invited" },
    ]);
    await expectConverged(scene.project);
  });

  it("destroy removes the members and the group", async () => {
    await scene.project.pulumi("destroy", "--yes");
    await expect(scene.backend.client.groups.retrieve(groupId)).rejects.toMatchObject({ code: "group_not_found" });
  });
});

describe("examples/multi-environment, through the pulumi CLI", () => {
  const scene = useExample(path.join(examples, "multi-environment"));
  const declared = {
    dev: { name: "Acme Research (dev)", keys: 1, amount: 20, limit: 100, created: "+ 5 created" },
    prod: { name: "Acme Research (prod)", keys: 2, amount: 250, limit: 2000, created: "+ 6 created" },
  };
  const envs = ["dev", "prod"] as const;
  const groups = {} as Record<(typeof envs)[number], string>;
  const activeKeys = async (groupId: string) =>
    (await scene.backend.client.apiKeys.list(groupId)).data.filter((k) => k.status === "active").map((k) => k.name).sort();

  it.each(envs)("the %s stack, made from its settings template, adopts its group and applies its settings", async (env) => {
    groups[env] = (await groupMadeByHand(scene.backend, `Acme ${env}`)).groupId;
    await scene.backend.client.billing.setPaymentMethod(groups[env], { token: "pm_card_visa" });
    fs.copyFileSync(path.join(scene.project.dir, `${env}.yaml`), path.join(scene.project.dir, `Pulumi.${env}.yaml`));
    await initStack(scene, env, [["groupId", groups[env]]]);
    const up = await scene.project.pulumi("up", "--yes");
    const d = declared[env];
    expectReadmeSays("multi-environment", d.created, up);
    expect(await scene.backend.client.groups.retrieve(groups[env])).toMatchObject({ name: d.name });
    expect(await activeKeys(groups[env])).toEqual(Array.from({ length: d.keys }, (_, i) => `${env} app ${i + 1}`));
    expect(await scene.backend.client.billing.getAutoReload(groups[env])).toMatchObject({
      enabled: true, amount_usd_micros: d.amount * 1_000_000, monthly_limit_usd_micros: d.limit * 1_000_000,
    });
    await expectConverged(scene.project);
  });

  it("a changed amount on dev updates its policy in place and leaves prod alone", async () => {
    await scene.project.pulumi("stack", "select", "dev");
    await scene.project.pulumi("config", "set", "reloadAmountUsd", "25");
    expect(oneSpaced(await scene.project.pulumi("preview"))).toContain("~ pulumi-nodejs:dynamic/perplexity:AutoReloadPolicy reload update [diff: ~amountUsd]");
    await scene.project.pulumi("up", "--yes");
    expect((await scene.backend.client.billing.getAutoReload(groups.dev)).amount_usd_micros).toBe(25_000_000);
    expect((await scene.backend.client.billing.getAutoReload(groups.prod)).amount_usd_micros).toBe(250_000_000);
  });

  it.each(envs)("destroy of the %s stack revokes its keys, turns auto reload off and releases its group", async (env) => {
    await scene.project.pulumi("stack", "select", env);
    await scene.project.pulumi("destroy", "--yes");
    expect(await activeKeys(groups[env])).toEqual([]);
    expect((await scene.backend.client.billing.getAutoReload(groups[env])).enabled).toBe(false);
    expect(await scene.backend.client.groups.retrieve(groups[env])).toMatchObject({ id: groups[env] });
  });
});
