import * as path from "node:path";
import { groupMadeByHand, startTestBackend, type TestBackend } from "../helpers/backend";
import { cliProject, type CliProject } from "./helpers/cli-project";

// Every scenario of issue 11 ("identity and ownership"), through the `pulumi` CLI in a project directory.
const address = `{ line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }`;
const urn = (stack: string, type: string, name: string, project = "perplexity-cli") =>
  `urn:pulumi:${stack}::${project}::pulumi-nodejs:dynamic/perplexity:${type}::${name}`;

describe("identity and ownership under the pulumi CLI", () => {
  let backend: TestBackend;
  const projects: CliProject[] = [];
  const project = async (options: Parameters<typeof cliProject>[1] = {}) => {
    const p = await cliProject(backend, options);
    projects.push(p);
    return p;
  };
  beforeEach(async () => { backend = await startTestBackend(); });
  afterEach(async () => {
    for (const p of projects.splice(0).reverse()) await p.cleanup();
    await backend.close();
  });

  it("gives two stacks with equal names on two state backends a group each, and destroying one leaves the other's", async () => {
    const a = await project({ project: "rv2", stack: "dev" });
    const b = await project({ project: "rv2", stack: "dev", stateDir: path.join(a.dir, ".pulumi-backend-b") });
    for (const p of [a, b]) p.program(`exports.groupId = new pp.Group("main", { address: ${address} }).id;`);
    await a.up();
    await b.up();
    const [idA, idB] = [(await a.outputs()).groupId as string, (await b.outputs()).groupId as string];
    expect(idA).not.toBe(idB);
    const [ownerA, ownerB] = [(await backend.client.groups.retrieve(idA)).owner, (await backend.client.groups.retrieve(idB)).owner];
    expect(ownerA?.stack).toMatch(/^organization\/rv2\/dev#/);
    expect(ownerA?.stack).not.toBe(ownerB?.stack);

    await b.run(["destroy", "--yes", "--skip-preview"]);
    await expect(backend.client.groups.retrieve(idB)).rejects.toMatchObject({ code: "group_not_found" });
    expect((await backend.client.groups.retrieve(idA)).id).toBe(idA);
    await a.expectNoChanges();
  });

  it("gives same-named API keys under different parents a key each, and removing one parent leaves the other's key", async () => {
    const p = await project();
    const component = (type: string) => `class ${type} extends pulumi.ComponentResource {
      constructor(name, groupId, opts) { super("acme:app:${type}", name, {}, opts); this.key = new pp.ApiKey("ci", { groupId }, { parent: this }); }
    }`;
    const program = (withFrontend: boolean) => `
      ${component("Backend")}
      ${component("Frontend")}
      const group = new pp.Group("main", { address: ${address}, forceDestroy: true });
      exports.backendKey = new Backend("api", group.id).key.id;
      ${withFrontend ? `exports.frontendKey = new Frontend("web", group.id).key.id;` : ""}
      exports.groupId = group.id;`;
    p.program(program(true));
    await p.up();
    const { backendKey, frontendKey, groupId } = (await p.outputs()) as Record<string, string>;
    expect(backendKey).not.toBe(frontendKey);

    p.program(program(false));
    await p.up();
    expect((await backend.client.apiKeys.retrieve(groupId, backendKey)).status).toBe("active");
    expect((await backend.client.apiKeys.retrieve(groupId, frontendKey)).status).toBe("revoked");
    await p.expectNoChanges();
  });

  it("keeps the stack's own group when existingGroupId is set to it", async () => {
    const p = await project();
    p.program(`exports.groupId = new pp.Group("main", { address: ${address} }).id;`);
    await p.up();
    const { groupId } = (await p.outputs()) as Record<string, string>;
    p.program(`exports.groupId = new pp.Group("main", { address: ${address}, existingGroupId: "${groupId}" }).id;`);
    const replaced = await p.up();
    expect((await backend.client.groups.retrieve(groupId)).owner?.resource).toBe(urn("dev", "Group", "main"));
    expect(replaced.stdout).toMatch(/warning: deleting group grp_\w+: .*owner_mismatch.*now held by resource/);
    await p.expectNoChanges();
  });

  it("keeps the member, the group and the key through pulumi up --replace of each", async () => {
    const p = await project();
    p.program(`const group = new pp.Group("main", { address: ${address}, forceDestroy: true });
      exports.memberId = new pp.Member("alice", { groupId: group.id, email: "alice@acme.dev", role: "member" }).id;
      exports.keyId = new pp.ApiKey("ci", { groupId: group.id }).id;
      exports.groupId = group.id;`);
    await p.up();
    const before = (await p.outputs()) as Record<string, string>;
    await p.up(...["Group::main", "Member::alice", "ApiKey::ci"].map((t) => `--replace=${urn("dev", ...(t.split("::") as [string, string]))}`));
    const after = (await p.outputs()) as Record<string, string>;
    expect((await backend.client.groups.retrieve(after.groupId as string)).id).toBe(after.groupId);
    expect((await backend.client.members.retrieve(after.groupId as string, after.memberId as string)).email).toBe("alice@acme.dev");
    expect((await backend.client.apiKeys.retrieve(after.groupId as string, after.keyId as string)).status).toBe("active");
    expect(after.groupId).toBe(before.groupId);
    await p.expectNoChanges();
  });

  it("refuses a member another stack holds, naming that stack, until takeOver; the old stack's destroy then leaves it", async () => {
    const { groupId } = await groupMadeByHand(backend);
    const a = await project({ stack: "team-a" });
    const b = await project({ stack: "team-b" });
    const member = (extra: string) => `new pp.Member("ana", { groupId: "${groupId}", email: "ana@acme.dev", role: "member"${extra} });`;
    a.program(member(""));
    b.program(member(""));
    await a.up();
    const refused = await b.run(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/owned_elsewhere: Member ana@acme\.dev \(mem_\w+\) is held by resource .*Member::ana of stack organization\/perplexity-cli\/team-a#/);

    b.program(member(", takeOver: true"));
    await b.up();
    await a.run(["destroy", "--yes", "--skip-preview"]);
    const [live] = (await backend.client.members.list(groupId)).data;
    expect(live).toMatchObject({ email: "ana@acme.dev", owner: { stack: expect.stringMatching(/team-b#/) } });
    await b.expectNoChanges();
  });
});
