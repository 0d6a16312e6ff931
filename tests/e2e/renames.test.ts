import { groupMadeByHand, groupWithCard } from "../helpers/backend";
import { activeAdminAna, cliProjectEachTest } from "./helpers/cli-project";

// Renames, moves and lapsed invitations (issue 11, cases 5 and 6), through the `pulumi` CLI.
const address = `{ line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }`;

describe("renaming and moving resources under the pulumi CLI", () => {
  const t = cliProjectEachTest();

  it("keeps the only active admin when the roster re-cases the email and the resource is renamed with it", async () => {
    const { groupId, memberId, renamed } = await activeAdminAna(t.backend, t.p);
    renamed();
    await t.p.up();
    expect(await t.backend.client.members.retrieve(groupId, memberId)).toMatchObject({ email: "ana@acme.dev", status: "active", role: "admin" });
    await t.p.expectNoChanges();
  });

  it("keeps auto reload on when the policy resource is renamed", async () => {
    const { groupId } = await groupWithCard(t.backend);
    const policy = (name: string) => `new pp.AutoReloadPolicy("${name}", { groupId: "${groupId}", thresholdUsd: 10, amountUsd: 50 });`;
    t.p.program(policy("reload"));
    await t.p.up();
    t.p.program(policy("reload2"));
    await t.p.up();
    expect(await t.backend.client.billing.getAutoReload(groupId)).toMatchObject({ enabled: true, owner: { resource: expect.stringMatching(/::reload2$/) } });
    await t.p.expectNoChanges();
  });

  it("keeps the group's and the key's names when the resources are renamed with aliases", async () => {
    t.p.program(`const group = new pp.Group("main", { address: ${address}, forceDestroy: true });
      new pp.ApiKey("ci", { groupId: group.id });
      exports.groupId = group.id;`);
    await t.p.up();
    const { groupId } = (await t.p.outputs()) as Record<string, string>;
    t.p.program(`const group = new pp.Group("platform", { address: ${address}, forceDestroy: true }, { aliases: [{ name: "main" }] });
      exports.keyId = new pp.ApiKey("deploy", { groupId: group.id }, { aliases: [{ name: "ci" }] }).id;
      exports.groupId = group.id;`);
    await t.p.up();
    const { keyId } = (await t.p.outputs()) as Record<string, string>;
    expect((await t.backend.client.groups.retrieve(groupId)).name).toBe("main");
    expect(await t.backend.client.apiKeys.retrieve(groupId, keyId)).toMatchObject({ name: "ci", status: "active" });
    await t.p.expectNoChanges();
  });

  it("moves a member to another group", async () => {
    const [from, to] = [(await groupMadeByHand(t.backend)).groupId, (await groupMadeByHand(t.backend)).groupId];
    const member = (groupId: string) => `exports.memberId = new pp.Member("bob", { groupId: "${groupId}", email: "bob@acme.dev", role: "member" }).id;`;
    t.p.program(member(from));
    await t.p.up();
    t.p.program(member(to));
    await t.p.up();
    expect((await t.backend.client.members.list(from)).data).toEqual([]);
    expect((await t.backend.client.members.list(to)).data).toMatchObject([{ email: "bob@acme.dev", status: "invited" }]);
    await t.p.expectNoChanges();
  });

  it("re-sends an expired invitation when a Member is created for its email", async () => {
    const { groupId } = await groupMadeByHand(t.backend);
    const invited = await t.backend.client.members.invite(groupId, { email: "eve@acme.dev", role: "member" });
    await t.backend.control("POST", `members/${invited.id}/expire`);
    t.p.program(`exports.status = new pp.Member("eve", { groupId: "${groupId}", email: "eve@acme.dev", role: "member" }).status;`);
    await t.p.up();
    expect((await t.p.outputs()).status).toBe("invited");
    const live = await t.backend.client.members.retrieve(groupId, invited.id);
    expect(live.status).toBe("invited");
    expect(Date.parse(live.expires_at as string)).toBeGreaterThan(Date.now());
    await t.p.expectNoChanges();
  });
});
