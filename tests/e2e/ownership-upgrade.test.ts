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
});
