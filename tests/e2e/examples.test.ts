import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { repoRoot } from "../../cli/engine";
import { groupMadeByHand, startTestBackend, type TestBackend } from "../helpers/backend";
import { describeSteps, exampleProject, type ExampleProject } from "./helpers/example-project";
import { previewSteps } from "./helpers/stack";
import quickstart = require("../../examples/quickstart");
import teamRoster = require("../../examples/team-roster");
import keyRotation = require("../../examples/key-rotation");
import multiEnvironment = require("../../examples/multi-environment");

// Each example runs as users run it: its own program function, its project name and its committed stack
// config files, under the real engine, against a fresh backend. Tests inside a describe build on each other.

const examples = path.join(repoRoot, "examples");

/** A fresh backend and the example project in `projectDir`, closed after the describe block. */
function useExample(projectDir: string): { backend: TestBackend; project: ExampleProject } {
  const scene = {} as { backend: TestBackend; project: ExampleProject };
  beforeAll(async () => {
    scene.backend = await startTestBackend();
    scene.project = await exampleProject(scene.backend, projectDir);
  });
  afterAll(async () => {
    await scene.project?.cleanup();
    await scene.backend?.close();
  });
  return scene;
}

async function proposed(stack: Stack): Promise<string[]> {
  return describeSteps((await previewSteps(stack)).steps);
}

describe("examples/quickstart", () => {
  const scene = useExample(repoRoot); // its Pulumi.yaml is the repository's
  let stack: Stack;
  let groupId: string;

  it("preview proposes the group", async () => {
    stack = await scene.project.stack("dev", () => quickstart());
    expect(await proposed(stack)).toEqual(["create Group quickstart"]);
  });

  it("up creates the group the API then shows, and a second preview proposes nothing", async () => {
    groupId = (await stack.up()).outputs.groupId?.value as string;
    expect(await scene.backend.client.groups.retrieve(groupId)).toMatchObject({ name: "Quickstart Inc.", address: { city: "San Francisco", country: "US" } });
    await expect(stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
  });

  it("destroy deletes the group", async () => {
    await stack.destroy();
    await expect(scene.backend.client.groups.retrieve(groupId)).rejects.toMatchObject({ code: "group_not_found" });
  });
});

describe("examples/team-roster", () => {
  const dir = path.join(examples, "team-roster");
  const scene = useExample(dir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "team-roster-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  let stack: Stack;
  let groupId: string;
  const members = async () => (await scene.backend.client.members.list(groupId)).data
    .map(({ id, email, role, status }) => ({ id, email, role, status })).sort((a, b) => a.email.localeCompare(b.email));

  it("preview proposes the group and one member per roster entry", async () => {
    // No rosterFile config: the program finds roster.yaml next to itself although jest runs from the repository root.
    stack = await scene.project.stack("dev", () => teamRoster());
    expect(await proposed(stack)).toEqual([
      "create Group team", "create Member ada@example.com", "create Member grace@example.com", "create Member linus@example.com",
    ]);
  });

  it("up invites everyone on the roster with their role, and a second preview proposes nothing", async () => {
    const up = await stack.up();
    groupId = up.outputs.groupId?.value as string;
    const expected = [
      { email: "ada@example.com", role: "admin", status: "invited" },
      { email: "grace@example.com", role: "member", status: "invited" },
      { email: "linus@example.com", role: "member", status: "invited" },
    ];
    expect(await members()).toEqual(expected.map((m) => expect.objectContaining(m)));
    expect(up.outputs.members?.value).toEqual(expected);
    await expect(stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
  });

  it("in a copy of the roster, a changed role updates that member in place and a removed entry removes the member", async () => {
    const graceId = (await members()).find((m) => m.email === "grace@example.com")?.id;
    const copy = path.join(tmp, "roster.yaml");
    const original = fs.readFileSync(path.join(dir, "roster.yaml"), "utf8");
    fs.writeFileSync(copy, edit(edit(original, "- email: grace@example.com\n  role: member", "- email: grace@example.com\n  role: admin"),
      "- email: linus@example.com\n  role: member\n", ""));
    await stack.setConfig(`${scene.project.name}:rosterFile`, { value: copy });

    const { steps } = await previewSteps(stack);
    expect(describeSteps(steps)).toEqual(["delete Member linus@example.com", "update Member grace@example.com"]);
    expect(steps.find((s) => s.op === "update")?.diffs).toEqual(["role"]);
    await stack.up();
    expect(await members()).toEqual([
      expect.objectContaining({ email: "ada@example.com", role: "admin" }),
      { id: graceId, email: "grace@example.com", role: "admin", status: "invited" },
    ]);
  });

  it("destroy removes the members and the group", async () => {
    await stack.destroy();
    await expect(scene.backend.client.groups.retrieve(groupId)).rejects.toMatchObject({ code: "group_not_found" });
  });
});

describe("examples/key-rotation", () => {
  const scene = useExample(path.join(examples, "key-rotation"));
  let stack: Stack;
  let groupId: string;
  let oldKey: { id: string; token: string };

  it("preview proposes the group and the key, with the rotation value from Pulumi.dev.yaml", async () => {
    stack = await scene.project.stack("dev", () => keyRotation());
    expect(await stack.getConfig(`${scene.project.name}:rotation`)).toMatchObject({ value: "2026-11" });
    expect(await proposed(stack)).toEqual(["create ApiKey app", "create Group team"]);
  });

  it("up creates an active key, exports its token as a secret with its hint, and a second preview proposes nothing", async () => {
    const { outputs } = await stack.up();
    groupId = outputs.groupId?.value as string;
    oldKey = { id: outputs.keyId?.value as string, token: outputs.token?.value as string };
    expect(outputs.token?.secret).toBe(true);
    expect(await scene.backend.client.apiKeys.retrieve(groupId, oldKey.id)).toMatchObject({ status: "active", token_hint: outputs.tokenHint?.value });
    // The token is a working key: it can call Perplexity's documented endpoints (the proof key is revoked
    // again, so the group holds only the declared key).
    const asKey = scene.backend.clientWith(oldKey.token).authTokens;
    await asKey.revoke({ auth_token: (await asKey.generate({ token_name: "proof" })).auth_token });
    await expect(stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
  });

  it("a new rotation value creates the new key, then revokes the old one", async () => {
    await stack.setConfig(`${scene.project.name}:rotation`, { value: "2026-12" });
    expect(await proposed(stack)).toEqual(["create-replacement ApiKey app", "delete-replaced ApiKey app", "replace ApiKey app"]);
    const { outputs } = await stack.up();
    const newId = outputs.keyId?.value as string;
    expect(newId).not.toBe(oldKey.id);
    expect(outputs.token?.value).not.toBe(oldKey.token);
    const events = (await scene.backend.client.auditEvents.list(groupId, { limit: 100 })).data
      .filter((e) => e.action.startsWith("api_key.") && [oldKey.id, newId].includes(e.target.id)).map((e) => `${e.action} ${e.target.id}`);
    expect(events).toEqual([`api_key.created ${oldKey.id}`, `api_key.created ${newId}`, `api_key.revoked ${oldKey.id}`]);
    expect(await scene.backend.client.apiKeys.retrieve(groupId, newId)).toMatchObject({ status: "active" });
  });

  it("destroy revokes the key and deletes the group", async () => {
    await stack.destroy();
    await expect(scene.backend.client.groups.retrieve(groupId)).rejects.toMatchObject({ code: "group_not_found" });
  });
});

describe("examples/multi-environment", () => {
  const scene = useExample(path.join(examples, "multi-environment"));
  // What Pulumi.dev.yaml and Pulumi.prod.yaml declare.
  const declared = {
    dev: { name: "Acme Research (dev)", keys: 1, threshold: 5, amount: 20, limit: 100 },
    prod: { name: "Acme Research (prod)", keys: 2, threshold: 50, amount: 250, limit: 2000 },
  };
  const envs = ["dev", "prod"] as const;
  const stacks = {} as Record<(typeof envs)[number], Stack>;
  const groups = {} as Record<(typeof envs)[number], string>;
  const activeKeys = async (groupId: string) =>
    (await scene.backend.client.apiKeys.list(groupId)).data.filter((k) => k.status === "active").map((k) => k.name).sort();
  const autoReload = async (groupId: string) => scene.backend.client.billing.getAutoReload(groupId);
  const micros = (usd: number) => usd * 1_000_000;

  it.each(envs)("preview of the %s stack proposes its group, its policy and its number of keys", async (env) => {
    // Each environment's group exists already, with the card auto reload needs (added in the console).
    groups[env] = (await groupMadeByHand(scene.backend, `${env} group`)).groupId;
    await scene.backend.client.billing.setPaymentMethod(groups[env], { token: "pm_card_visa" });
    stacks[env] = await scene.project.stack(env, () => multiEnvironment(), { groupId: groups[env] });
    const keys = Array.from({ length: declared[env].keys }, (_, i) => `create ApiKey app-${i + 1}`);
    expect(await proposed(stacks[env])).toEqual([...keys, "create AutoReloadPolicy reload", "create Group group"]);
  });

  it.each(envs)("up of the %s stack applies its settings, and a second preview proposes nothing", async (env) => {
    await stacks[env].up();
    const d = declared[env];
    expect(await scene.backend.client.groups.retrieve(groups[env])).toMatchObject({ name: d.name });
    expect(await activeKeys(groups[env])).toEqual(Array.from({ length: d.keys }, (_, i) => `${env} app ${i + 1}`));
    expect(await autoReload(groups[env])).toMatchObject({
      enabled: true, threshold_usd_micros: micros(d.threshold), amount_usd_micros: micros(d.amount), monthly_limit_usd_micros: micros(d.limit),
    });
    await expect(stacks[env].preview({ expectNoChanges: true })).resolves.toBeDefined();
  });

  it("a changed amount in the dev stack's config updates its policy in place and leaves prod alone", async () => {
    await stacks.dev.setConfig(`${scene.project.name}:reloadAmountUsd`, { value: "25" });
    const { steps } = await previewSteps(stacks.dev);
    expect(describeSteps(steps)).toEqual(["update AutoReloadPolicy reload"]);
    expect(steps[0]?.diffs).toEqual(["amountUsd"]);
    await stacks.dev.up();
    expect((await autoReload(groups.dev)).amount_usd_micros).toBe(micros(25));
    expect((await autoReload(groups.prod)).amount_usd_micros).toBe(micros(declared.prod.amount));
  });

  it.each(envs)("destroy of the %s stack revokes its keys, turns auto reload off and releases its group", async (env) => {
    await stacks[env].destroy();
    expect(await activeKeys(groups[env])).toEqual([]);
    expect((await autoReload(groups[env])).enabled).toBe(false);
    expect(await scene.backend.client.groups.retrieve(groups[env])).toMatchObject({ id: groups[env] });
  });
});

/** Replaces `from` with `to` in `text`, failing when `from` is not there (so an edited example fails loudly). */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the example no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}
