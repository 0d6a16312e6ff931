import { groupMadeByHand, groupWithCard, type TestBackend } from "../helpers/backend";
import { cliProjectEachTest, type CliProject } from "./helpers/cli-project";

// One object declared twice in one program (issue 26, item 1), through the `pulumi` CLI as users run it.
type Entry = [name: string, email: string, role: "admin" | "member"];

const ANA: Entry = ["ana", "ana@acme.dev", "admin"];
/** The roster's mistake: Ana again, re-cased, under another resource name and with the member role. */
const ANA_AGAIN: Entry = ["ana-again", "Ana@Acme.dev", "member"];
const DUPLICATE = /Member "ana" and Member "ana-again" both hold one membership: ana@acme\.dev and Ana@Acme\.dev are one person in one group/;

/** The program: one Member per roster entry, in `groupId`. */
function roster(p: CliProject, groupId: string, entries: Entry[]): void {
  p.program(`for (const [name, email, role] of ${JSON.stringify(entries)}) new pp.Member(name, { groupId: "${groupId}", email, role });`);
}

async function requestCount(backend: TestBackend): Promise<number> {
  return ((await backend.control("GET", "stats")) as { requests: { total: number } }).requests.total;
}

/** Every member of the group and how many member events it has: what a failed step must leave as it was. */
async function members(backend: TestBackend, groupId: string) {
  const events = (await backend.client.auditEvents.list(groupId)).data.filter((e) => e.action.startsWith("member."));
  return { members: (await backend.client.members.list(groupId)).data, events: events.length };
}

/** Says the error once (the CLI's diagnostics, which the progress display echoes), without a JavaScript stack trace. */
function refusedOnce(output: string, pattern: RegExp): void {
  const diagnostics = output.slice(output.indexOf("Diagnostics:"));
  expect(diagnostics.match(new RegExp(pattern.source, "g"))).toHaveLength(1);
  expect(output).not.toMatch(/\n\s+at /);
}

describe("one object declared twice in a program", () => {
  const t = cliProjectEachTest();

  it("a fresh stack's preview fails naming both Members and the email, before any API call", async () => {
    const { groupId } = await groupMadeByHand(t.backend);
    roster(t.p, groupId, [ANA, ANA_AGAIN]);
    await t.backend.control("POST", "stats/reset");
    const preview = await t.p.run(["preview"]);
    expect(preview.code).not.toBe(0);
    refusedOnce(preview.stdout + preview.stderr, DUPLICATE);
    expect((await t.p.run(["up", "--yes", "--skip-preview"])).code).not.toBe(0);
    expect(await requestCount(t.backend)).toBe(0);
    expect((await members(t.backend, groupId)).members).toEqual([]);
  });

  it("the same holds under a Group of the program, whose id is unknown at the first preview", async () => {
    t.p.program(`const group = new pp.Group("platform", { address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
      new pp.Member("ana", { groupId: group.id, email: "ana@acme.dev", role: "admin" });
      new pp.Member("ana-again", { groupId: group.id, email: "Ana@Acme.dev", role: "admin" });`);
    await t.backend.control("POST", "stats/reset");
    const preview = await t.p.run(["preview"]);
    expect(preview.stdout + preview.stderr).toMatch(DUPLICATE);
    expect(await requestCount(t.backend)).toBe(0);
  });

  it("Ana already an admin: adding the duplicate demotes nobody and moves no claim; removing it keeps her", async () => {
    const { groupId } = await groupMadeByHand(t.backend);
    const bo = await t.backend.client.members.invite(groupId, { email: "bo@acme.dev", role: "admin" });
    await t.backend.control("POST", `members/${bo.id}/accept`);
    roster(t.p, groupId, [ANA]);
    await t.p.up();
    const ana = (await members(t.backend, groupId)).members.find((m) => m.email === ANA[1])!;
    await t.backend.control("POST", `members/${ana.id}/accept`);
    const before = await members(t.backend, groupId);
    roster(t.p, groupId, [ANA, ANA_AGAIN]);
    await t.backend.control("POST", "stats/reset");
    refusedOnce((await t.p.run(["up", "--yes"])).stdout, DUPLICATE);
    expect(await requestCount(t.backend)).toBe(0);
    roster(t.p, groupId, [ANA]);
    await t.p.up();
    expect(await members(t.backend, groupId)).toEqual(before);
    expect(before.members.find((m) => m.id === ana.id)).toMatchObject({ role: "admin", status: "active" });
    await t.p.expectNoChanges();
  });

  it("Ana the only admin, the duplicate declared first: nothing changes, and the stack is repaired by removing it", async () => {
    const { groupId } = await groupMadeByHand(t.backend);
    roster(t.p, groupId, [ANA]);
    await t.p.up();
    await t.backend.control("POST", `members/${(await members(t.backend, groupId)).members[0]!.id}/accept`);
    const before = await members(t.backend, groupId);
    roster(t.p, groupId, [ANA_AGAIN, ANA]);
    await t.backend.control("POST", "stats/reset");
    const failed = await t.p.run(["up", "--yes", "--skip-preview"]);
    expect(failed.stdout + failed.stderr).toMatch(/Member "ana-again" and Member "ana" both hold one membership/);
    expect(await requestCount(t.backend)).toBe(0);
    roster(t.p, groupId, [ANA]);
    await t.p.up();
    expect(await members(t.backend, groupId)).toEqual(before);
    expect(before.members).toMatchObject([{ email: "ana@acme.dev", role: "admin", status: "active" }]);
    await t.p.expectNoChanges();
  });

  it("two AutoReloadPolicies of one group, and two Groups adopting one group, fail at preview the same way", async () => {
    const { groupId } = await groupWithCard(t.backend);
    t.p.program(`new pp.AutoReloadPolicy("reload", { groupId: "${groupId}", thresholdUsd: 10, amountUsd: 50 });
      new pp.AutoReloadPolicy("reload-2", { groupId: "${groupId}", thresholdUsd: 20, amountUsd: 50 });`);
    await t.backend.control("POST", "stats/reset");
    const policies = await t.p.run(["preview"]);
    expect(policies.stdout + policies.stderr).toMatch(/AutoReloadPolicy "reload" and AutoReloadPolicy "reload-2" both hold the auto-reload policy of one group/);
    const address = `{ line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }`;
    t.p.program(`new pp.Group("team", { address: ${address}, existingGroupId: "${groupId}" });
      new pp.Group("team-again", { address: ${address}, existingGroupId: "${groupId}" });`);
    const groups = await t.p.run(["preview"]);
    expect(groups.stdout + groups.stderr).toMatch(/Group "team" and Group "team-again" both hold one adopted group/);
    expect(await requestCount(t.backend)).toBe(0);
  });
});
