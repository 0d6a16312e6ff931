import { groupMadeByHand, groupWithCard, startTestBackend, type TestBackend } from "../helpers/backend";
import { cliProject, type CliProject } from "./helpers/cli-project";

// Renames, moves and lapsed invitations (issue 11, cases 5 and 6), through the `pulumi` CLI.
const address = `{ line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }`;

describe("renaming and moving resources under the pulumi CLI", () => {
  let backend: TestBackend;
  let p: CliProject;
  beforeEach(async () => {
    backend = await startTestBackend();
    p = await cliProject(backend);
  });
  afterEach(async () => {
    await p.cleanup();
    await backend.close();
  });

  it("keeps the only active admin when the roster re-cases the email and the resource is renamed with it", async () => {
    const { groupId } = await groupMadeByHand(backend);
    const admin = (name: string, email: string) => `exports.memberId = new pp.Member("${name}", { groupId: "${groupId}", email: "${email}", role: "admin" }).id;`;
    p.program(admin("Ana", "Ana@acme.dev"));
    await p.up();
    const { memberId } = (await p.outputs()) as Record<string, string>;
    await backend.control("POST", `members/${memberId}/accept`);

    p.program(admin("ana", "ana@acme.dev"));
    await p.up();
    expect(await backend.client.members.retrieve(groupId, memberId)).toMatchObject({ email: "ana@acme.dev", status: "active", role: "admin" });
    await p.expectNoChanges();
  });

  it("keeps auto reload on when the policy resource is renamed", async () => {
    const { groupId } = await groupWithCard(backend);
    const policy = (name: string) => `new pp.AutoReloadPolicy("${name}", { groupId: "${groupId}", thresholdUsd: 10, amountUsd: 50 });`;
    p.program(policy("reload"));
    await p.up();
    p.program(policy("reload2"));
    await p.up();
    expect(await backend.client.billing.getAutoReload(groupId)).toMatchObject({ enabled: true, owner: { resource: expect.stringMatching(/::reload2$/) } });
    await p.expectNoChanges();
  });

  it("keeps the group's and the key's names when the resources are renamed with aliases", async () => {
    p.program(`const group = new pp.Group("main", { address: ${address}, forceDestroy: true });
      new pp.ApiKey("ci", { groupId: group.id });
      exports.groupId = group.id;`);
    await p.up();
    const { groupId } = (await p.outputs()) as Record<string, string>;
    p.program(`const group = new pp.Group("platform", { address: ${address}, forceDestroy: true }, { aliases: [{ name: "main" }] });
      exports.keyId = new pp.ApiKey("deploy", { groupId: group.id }, { aliases: [{ name: "ci" }] }).id;
      exports.groupId = group.id;`);
    await p.up();
    const { keyId } = (await p.outputs()) as Record<string, string>;
    expect((await backend.client.groups.retrieve(groupId)).name).toBe("main");
    expect(await backend.client.apiKeys.retrieve(groupId, keyId)).toMatchObject({ name: "ci", status: "active" });
    await p.expectNoChanges();
  });

  it("moves a member to another group", async () => {
    const [from, to] = [(await groupMadeByHand(backend)).groupId, (await groupMadeByHand(backend)).groupId];
    const member = (groupId: string) => `exports.memberId = new pp.Member("bob", { groupId: "${groupId}", email: "bob@acme.dev", role: "member" }).id;`;
    p.program(member(from));
    await p.up();
    p.program(member(to));
    await p.up();
    expect((await backend.client.members.list(from)).data).toEqual([]);
    expect((await backend.client.members.list(to)).data).toMatchObject([{ email: "bob@acme.dev", status: "invited" }]);
    await p.expectNoChanges();
  });

  it("re-sends an expired invitation when a Member is created for its email", async () => {
    const { groupId } = await groupMadeByHand(backend);
    const invited = await backend.client.members.invite(groupId, { email: "eve@acme.dev", role: "member" });
    await backend.control("POST", `members/${invited.id}/expire`);
    p.program(`exports.status = new pp.Member("eve", { groupId: "${groupId}", email: "eve@acme.dev", role: "member" }).status;`);
    await p.up();
    expect((await p.outputs()).status).toBe("invited");
    const live = await backend.client.members.retrieve(groupId, invited.id);
    expect(live.status).toBe("invited");
    expect(Date.parse(live.expires_at as string)).toBeGreaterThan(Date.now());
    await p.expectNoChanges();
  });
});
