import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { engineEnv, repoRoot } from "../../cli/engine";
import { groupMadeByHand, startTestBackend, type TestBackend } from "../helpers/backend";
import { declineAutoReloadsUntilOff } from "../helpers/metering";
import { newStack, storedState, withStack, type TestStack } from "./helpers/stack";

/** What one run of the real `pulumi-perplexity drift` printed, and its exit code. */
interface Run { code: number | null; stdout: string; stderr: string }

/**
 * Runs the built command as a user would (`node dist/cli/main.js drift …`) from an unrelated directory, with
 * the stack's engine environment (file state backend, passphrase, PULUMI_HOME) as the caller's environment.
 */
function drift(dir: string, program: string, ...args: string[]): Promise<Run> {
  // `--stack` is given unless the test asks for the selected stack (the one newStack created and selected).
  const stack = args.includes("--selected-stack") ? [] : ["--stack", "e2e"];
  const rest = args.filter((a) => a !== "--selected-stack");
  const child = spawn(process.execPath, [path.join(repoRoot, "dist", "cli", "main.js"), "drift", "--program", program, ...stack, "--cwd", dir, ...rest],
    { cwd: os.tmpdir(), env: { ...process.env, ...engineEnv(path.join(dir, ".pulumi")) } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/**
 * Writes a program as a plain JS module, the form `--program` takes, requiring the compiled SDK by path; the
 * stack is set up (up) with the same module, so up and drift declare exactly the same thing.
 */
let programsDir: string | undefined;
afterAll(() => programsDir && fs.rmSync(programsDir, { recursive: true, force: true }));

function writeProgram(body: string): { file: string; fn: PulumiFn } {
  const dir = (programsDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "pp-drift-programs-")));
  const file = path.join(dir, `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.js`);
  fs.writeFileSync(file, `const { Group, Member, ApiKey, AutoReloadPolicy } = require(${JSON.stringify(path.join(repoRoot, "dist", "sdk"))});\n` +
    `module.exports = async () => {\n${body}\n};\n`);
  return { file, fn: () => (require(file) as PulumiFn)() };
}

/** Backend writes since the stats were reset: a drift check must only read. */
async function writesSinceReset(backend: TestBackend): Promise<string[]> {
  const stats = (await backend.control("GET", "stats")) as { requests: { by_route: Record<string, number> } };
  return Object.keys(stats.requests.by_route).filter((route) => !route.startsWith("GET "));
}

describe("drift against the real engine", () => {
  let backend: TestBackend;
  let test: TestStack;
  let program: { file: string; fn: PulumiFn };
  let gid: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    backend = await startTestBackend();
    ({ groupId: gid } = await groupMadeByHand(backend));
    await backend.client.billing.setPaymentMethod(gid, { token: "pm_card_visa" });
    program = writeProgram(`
  const group = new Group("team", { name: "Team", existingGroupId: ${JSON.stringify(gid)}, address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
  const member = new Member("bob", { groupId: group.id, email: "bob@example.com", role: "member" });
  const ci = new ApiKey("ci", { groupId: group.id, name: "CI key" });
  const old = new ApiKey("old", { groupId: group.id, name: "Old key" });
  new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50 });
  return { memberId: member.id, ciId: ci.id, oldId: old.id, token: ci.token };`);
    test = await newStack(backend, program.fn);
    const up = await test.stack.up();
    ids = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value as string]));
  });

  afterAll(async () => {
    await test?.cleanup();
    await backend?.close();
    if (program) fs.rmSync(program.file, { force: true });
  });

  it("reports no drift and exits 0 right after up, checking the selected stack by default", async () => {
    const run = await drift(test.dir, program.file, "--selected-stack");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe("No drift: the 5 resources of stack e2e match the live account.\n");
  });

  it("reports drift in every resource kind with declared and live values and who changed it, exits 2, and changes nothing", async () => {
    // Console changes: the group renamed by an admin member, the rest with the management key, and auto
    // reload switched off by the backend itself after payment failures.
    const boss = await backend.client.members.invite(gid, { email: "boss@example.com", role: "admin" });
    await backend.control("POST", `members/${boss.id}/accept`);
    const { token } = (await backend.control("POST", `members/${boss.id}/credential`)) as { token: string };
    await backend.clientWith(token).groups.update(gid, { name: "Renamed by hand" });
    await backend.client.members.update(gid, ids.memberId as string, { role: "admin" });
    await backend.client.apiKeys.update(gid, ids.ciId as string, { name: "Renamed key" });
    await backend.client.apiKeys.revoke(gid, ids.oldId as string);
    await declineAutoReloadsUntilOff(backend.client, gid);

    const stateBefore = storedState(test.dir);
    const auditBefore = (await backend.client.auditEvents.list(gid, { limit: 100 })).data.length;
    await backend.control("POST", "stats/reset");
    const run = await drift(test.dir, program.file);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("Drift in stack e2e: 5 of 5 resources differ (4 changed, 1 deleted out of band).");
    const at = "at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z";
    expect(run.stdout).toMatch(new RegExp(`Group team +changed +name +"Team" +"Renamed by hand" +member ${boss.id} ${at} \\(group\\.updated\\)`));
    expect(run.stdout).toMatch(new RegExp(`Member bob +changed +role +"member" +"admin" +management_key admin ${at} \\(member\\.role_changed\\)`));
    expect(run.stdout).toMatch(new RegExp(`ApiKey ci +changed +name +"CI key" +"Renamed key" +management_key admin ${at} \\(api_key\\.renamed\\)`));
    expect(run.stdout).toMatch(new RegExp(`ApiKey old +deleted +\\(resource\\) +exists +deleted out of band +management_key admin ${at} \\(api_key\\.revoked\\)`));
    expect(run.stdout).toMatch(new RegExp(`AutoReloadPolicy reload +changed +enabled +true +false +system system ${at} \\(auto_reload\\.disabled\\)`));
    expect(run.stdout).not.toContain(ids.token as string);

    // A preview persists nothing: the same checkpoint, no write to the account, no new audit event.
    expect(storedState(test.dir)).toBe(stateBefore);
    expect(await writesSinceReset(backend)).toEqual([]);
    expect((await backend.client.auditEvents.list(gid, { limit: 100 })).data).toHaveLength(auditBefore);
  });

  it("--json prints one document with each resource, its properties and who changed it", async () => {
    const run = await drift(test.dir, program.file, "--json");
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ stack: "e2e", drifted: true });
    const byName = Object.fromEntries((doc.resources as { name: string }[]).map((r) => [r.name, r]));
    expect(byName.team).toMatchObject({ type: "Group", op: "update", urn: expect.stringContaining("::team"), properties: [{ name: "name",
      declared: "Team", live: "Renamed by hand", origin: "account", changedBy: { actor: expect.stringMatching(/^member mem_/), action: "group.updated" } }] });
    expect(byName.bob).toMatchObject({ type: "Member", properties: [{ name: "role", declared: "member", live: "admin", origin: "account" }] });
    expect(byName.old).toMatchObject({ type: "ApiKey", op: "create", kind: "deleted", id: ids.oldId, properties: [],
      changedBy: { actor: "management_key admin", at: expect.any(String), action: "api_key.revoked" } });
    expect(byName.reload).toMatchObject({ type: "AutoReloadPolicy",
      properties: [{ name: "enabled", declared: true, live: false, origin: "account", changedBy: { actor: "system system", action: "auto_reload.disabled" } }] });
  });

  it("--markdown prints a heading, a summary and a table for $GITHUB_STEP_SUMMARY", async () => {
    const run = await drift(test.dir, program.file, "--markdown");
    expect(run.code).toBe(2);
    const lines = run.stdout.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "## Drift report: stack `e2e`", "",
      "**Drift found.** Drift in stack e2e: 5 of 5 resources differ (4 changed, 1 deleted out of band).", "",
      "| Resource | Drift | Property | Declared | Live | Changed by |", "| --- | --- | --- | --- | --- | --- |",
    ]);
    expect(run.stdout).toContain('| AutoReloadPolicy reload | changed | enabled | `true` | `false` | system system at ');
    expect(run.stdout).toContain('| ApiKey old | deleted | (resource) | exists | deleted out of band | management_key admin at ');
  });

  it("a wrong perplexity:apiKey is an error (exit 1) saying the credential was rejected, and changes nothing", async () => {
    const wrong = "pplx-admin-wrongwrongwrongwrong";
    await test.stack.setConfig("perplexity:apiKey", { value: wrong, secret: true });
    const stateBefore = storedState(test.dir);
    try {
      const run = await drift(test.dir, program.file);
      expect(run).toMatchObject({ code: 1, stdout: "" });
      expect(run.stderr).toMatch(/^The management API rejected the credential \(401 unauthenticated\)\. Check perplexity:apiKey/);
      expect(run.stderr).not.toContain(wrong);
      expect(run.stderr).not.toMatch(/deleted/);
      expect(storedState(test.dir)).toBe(stateBefore);
    } finally {
      await test.stack.setConfig("perplexity:apiKey", { value: backend.adminToken, secret: true });
    }
  });
});

describe("drift when the credential recorded in the stack was revoked", () => {
  it("fails with exit 1 and says the credential was rejected, never that the resources are gone", async () => {
    let program: { file: string; fn: PulumiFn } | undefined;
    await withStack(async (backend) => {
      const ctx = await groupMadeByHand(backend);
      const [ops, boss] = [await backend.client.members.invite(ctx.groupId, { email: "ops@example.com", role: "admin" }),
        await backend.client.members.invite(ctx.groupId, { email: "boss@example.com", role: "admin" })];
      for (const m of [ops, boss]) await backend.control("POST", `members/${m.id}/accept`);
      const { token } = (await backend.control("POST", `members/${ops.id}/credential`)) as { token: string };
      program = writeProgram(`  return { id: new Member("carol", { groupId: ${JSON.stringify(ctx.groupId)}, email: "carol@example.com", role: "member" }).id };`);
      return { ...ctx, opsId: ops.id, token };
    }, () => () => (program as { fn: PulumiFn }).fn(), async ({ backend, stack, ctx, dir }) => {
      await stack.up();
      // Removing the member revokes their credential, which the provider configuration in the state still holds;
      // the stack config gets a valid key, so only the refresh itself meets the 401.
      await backend.client.members.remove(ctx.groupId, ctx.opsId);
      await stack.setConfig("perplexity:apiKey", { value: backend.adminToken, secret: true });
      const stateBefore = storedState(dir);
      const run = await drift(dir, (program as { file: string }).file);
      expect(run).toMatchObject({ code: 1, stdout: "" });
      expect(run.stderr).toMatch(/^The management API rejected the credential \(401\) while refreshing/);
      expect(run.stderr).toMatch(/reading member mem_\w+: GET \S+: 401 unauthenticated/);
      expect(run.stderr).not.toContain(ctx.token);
      expect(storedState(dir)).toBe(stateBefore);
    }, { apiKeyFor: async (_backend, ctx) => ctx.token });
    if (program) fs.rmSync(program.file, { force: true });
  });
});
