import * as fs from "node:fs";
import * as path from "node:path";
import type { TestBackend } from "../helpers/backend";
import { cliProjectEachTest, type CliProject } from "./helpers/cli-project";

type StoredResource = {
  urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown>;
  dependencies?: string[]; propertyDependencies?: Record<string, string[]>;
};

const STACK_INSTANCE = "pulumi-nodejs:dynamic/perplexity:StackInstance";

/**
 * Rewrites the stack's state into the shape versions before owner claims wrote: a string identity, no
 * lease, no stack-instance resource; and releases the objects' claims in the API, which knew none then.
 */
async function downgradeState(p: CliProject, backend: TestBackend, groupId: string): Promise<void> {
  const file = path.join(p.dir, "state.json");
  await p.run(["stack", "export", "--file", file]);
  const exported = JSON.parse(fs.readFileSync(file, "utf8")) as { deployment: { resources: StoredResource[] } };
  const instance = exported.deployment.resources.find((r) => r.type === STACK_INSTANCE)?.urn;
  exported.deployment.resources = exported.deployment.resources.filter((r) => r.type !== STACK_INSTANCE).map((r) => {
    if (!r.type.startsWith("pulumi-nodejs:dynamic/perplexity:") || !r.inputs) return r;
    const { __lease: _lease, ...outputs } = r.outputs ?? {};
    const { __identity: _identity, __defaultName: _name, ...inputs } = r.inputs;
    const { __identity: _deps, ...propertyDependencies } = r.propertyDependencies ?? {};
    return { ...r, inputs: { ...inputs, __identity: `perplexity-cli/dev/${r.type.split(":").pop()}/${r.urn.split("::").pop()}` }, outputs,
      dependencies: (r.dependencies ?? []).filter((d) => d !== instance), propertyDependencies };
  });
  fs.writeFileSync(file, JSON.stringify(exported));
  const imported = await p.run(["stack", "import", "--file", file]);
  if (imported.code !== 0) throw new Error(imported.stdout + imported.stderr);
  for (const r of exported.deployment.resources) {
    if (r.id && /^(grp|mem|key)_/.test(r.id)) await backend.client.claims.release(groupId, r.id);
  }
}

describe("a stack written before owner claims", () => {
  const t = cliProjectEachTest();

  it("keeps working: up adds the stack instance and changes nothing, a rename keeps the member, destroy removes the rest", async () => {
    const program = (member: string) => `const group = new pp.Group("main", { address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }, forceDestroy: true });
      exports.memberId = new pp.Member("${member}", { groupId: group.id, email: "ana@acme.dev", role: "member" }).id;
      new pp.ApiKey("ci", { groupId: group.id });
      exports.groupId = group.id;`;
    t.p.program(program("ana"));
    await t.p.up();
    const { groupId, memberId } = (await t.p.outputs()) as Record<string, string>;
    await downgradeState(t.p, t.backend, groupId);
    expect((await t.backend.client.members.retrieve(groupId, memberId)).owner).toBeNull();

    await t.p.up();
    await t.p.expectNoChanges();
    t.p.program(program("ana2"));
    await t.p.up();
    expect((await t.backend.client.members.retrieve(groupId, memberId)).owner?.resource).toMatch(/Member::ana2$/);

    await t.p.run(["destroy", "--yes", "--skip-preview"]);
    await expect(t.backend.client.groups.retrieve(groupId)).rejects.toMatchObject({ code: "group_not_found" });
  });

  it("a targeted up of a new member on a stack without its stack instance stops before any API call, and the fix it names works", async () => {
    const program = (emails: readonly string[]) => `const group = new pp.Group("main", { address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }, forceDestroy: true });
      exports.groupId = group.id;
      ${emails.map((e) => `new pp.Member("${e.split("@")[0]}", { groupId: group.id, email: "${e}", role: "member" });`).join("\n")}`;
    t.p.program(program(["ana@acme.dev"]));
    await t.p.up();
    const { groupId } = (await t.p.outputs()) as Record<string, string>;
    await downgradeState(t.p, t.backend, groupId);
    const emails = async () => (await t.backend.client.members.list(groupId, { limit: 10 })).data.map((m) => m.email).sort();

    // Before the fix the member was created with no owner, under the idempotency key every such stack derives.
    t.p.program(program(["ana@acme.dev", "bo@acme.dev"]));
    const bo = ["--target", "urn:pulumi:dev::perplexity-cli::pulumi-nodejs:dynamic/perplexity:Member::bo"];
    const refused = await t.p.run(["up", "--yes", "--skip-preview", ...bo]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain("cannot create this resource yet: its owner identity comes from the stack's hidden StackInstance resource");
    expect(await emails()).toEqual(["ana@acme.dev"]);

    const fixed = await t.p.run(["up", "--yes", "--skip-preview", ...bo, "--target", "**::pulumi-perplexity-stack"]);
    expect({ code: fixed.code, stderr: fixed.stderr }).toEqual({ code: 0, stderr: "" });
    const made = (await t.backend.client.members.list(groupId, { limit: 10 })).data.find((m) => m.email === "bo@acme.dev");
    expect(made?.owner?.resource).toMatch(/Member::bo$/);

    await t.p.up();
    await t.p.expectNoChanges();
    expect(await emails()).toEqual(["ana@acme.dev", "bo@acme.dev"]);
  });
});
