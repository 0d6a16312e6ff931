import { startTestBackend, type TestBackend } from "../helpers/backend";
import { cliProject, type CliProject } from "./helpers/cli-project";

const ADDRESS = `{ line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }`;

/**
 * A stack that creates its group with an admin, a member and a key, and with `policy` an auto-reload policy
 * (which needs the card the console puts on the group after the first up); `withAdmin: false` drops the admin.
 */
function program(options: { withAdmin?: boolean; forceDestroy?: boolean; policy?: boolean } = {}): string {
  const force = options.forceDestroy ? ", forceDestroy: true" : "";
  return `
const group = new Group("team", { name: "Team", address: ${ADDRESS}${force} });
${options.withAdmin === false ? "" : `const admin = new Member("admin", { groupId: group.id, email: "admin@example.com", role: "admin" });
exports.adminId = admin.id;`}
const viewer = new Member("viewer", { groupId: group.id, email: "viewer@example.com", role: "member" });
const key = new ApiKey("ci", { groupId: group.id });
${options.policy ? `new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50 });` : ""}
exports.groupId = group.id;
exports.viewerId = viewer.id;
exports.keyId = key.id;`;
}

describe("destroying a stack that created its group, with the pulumi CLI", () => {
  let backend: TestBackend;
  let project: CliProject | undefined;

  beforeEach(async () => {
    backend = await startTestBackend();
  });
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
    await backend.close();
  });

  /** Runs `up` on a fresh project of `body` and makes the declared admin an active member; returns the stack's outputs. */
  async function upWithActiveAdmin(body: string): Promise<Record<string, string>> {
    project = await cliProject(backend);
    project.program(body);
    const up = await project.run(["up", "--yes", "--skip-preview"]);
    expect(up.code).toBe(0);
    const outputs = (await project.outputs()) as Record<string, string>;
    await backend.control("POST", `members/${outputs.adminId}/accept`);
    return outputs;
  }

  /** The Diagnostics lines of a failed command that state a resource's error (not the engine's "update failed"). */
  const errorLines = (text: string) => text.split("\n").filter((l) => /^\s+error: /.test(l) && !/error: update failed/.test(l)).map((l) => l.trim());

  it("one pulumi destroy removes everything it declared, the group's only active admin and the auto-reload policy included", async () => {
    // Auto reload needs a card; the group only exists after the first up, so the policy comes in a second one.
    const { groupId } = await upWithActiveAdmin(program());
    await backend.client.billing.setPaymentMethod(groupId as string, { token: "pm_card_visa" });
    project!.program(program({ policy: true }));
    expect((await project!.run(["up", "--yes", "--skip-preview"])).code).toBe(0);
    expect(await backend.client.billing.getAutoReload(groupId as string)).toMatchObject({ enabled: true });
    // Enabling it under the threshold reloaded at once: the stack's own policy bought this credit.
    expect((await backend.client.billing.retrieve(groupId as string)).balance_usd_micros).toBe(50_000_000);

    const destroy = await project!.run(["destroy", "--yes", "--skip-preview"]);

    expect(destroy.stderr).toBe("");
    expect(destroy.code).toBe(0);
    await expect(backend.client.groups.retrieve(groupId as string)).rejects.toMatchObject({ code: "group_not_found" });
    const stack = await project!.run(["stack", "--show-urns"]);
    expect(stack.stdout).not.toMatch(/perplexity:(Group|Member|ApiKey|AutoReloadPolicy)/);
  });

  it("removing the group's only active admin from a program whose group stays is still refused, by up and by destroy --target", async () => {
    const { groupId, adminId } = await upWithActiveAdmin(program());
    project!.program(program({ withAdmin: false }));
    const up = await project!.run(["up", "--yes", "--skip-preview"]);
    expect(up.code).not.toBe(0);
    const refusal = `409 last_admin: Cannot remove admin@example.com (${adminId}): they are the only active admin of group ${groupId}; promote another member to admin first.`;
    expect(errorLines(up.stdout)[0]).toBe(`error: removing admin@example.com from group ${groupId}: DELETE /v1/groups/${groupId}/members/${adminId}: ${refusal}`);
    expect(errorLines(up.stdout)[0]?.match(/promote/gi)).toHaveLength(1); // the fix, once

    project!.program(program());
    const urn = `urn:pulumi:dev::perplexity-cli::pulumi-nodejs:dynamic/perplexity:Member::admin`;
    const targeted = await project!.run(["destroy", "--yes", "--skip-preview", "--target", urn]);
    expect(targeted.code).not.toBe(0);
    expect(targeted.stdout).toContain(refusal);

    // Nothing was removed: the group, its admin and the other member are live, as declared.
    await expect(backend.client.members.retrieve(groupId as string, adminId as string)).resolves.toMatchObject({ status: "active", role: "admin" });
    const live = await backend.client.members.list(groupId as string, { limit: 10 });
    expect(live.data.map((m) => m.email).sort()).toEqual(["admin@example.com", "viewer@example.com"]);
    expect((await project!.run(["preview", "--refresh", "--expect-no-changes"])).code).toBe(0);
  });

  it("a group with purchased credit, a key and a member someone else added needs forceDestroy, and the refusal lists them", async () => {
    const { groupId } = await upWithActiveAdmin(program());
    const gid = groupId as string;
    // In the console: an admin invites a guest and makes a key; credit is bought.
    const adminId = ((await project!.outputs()) as Record<string, string>).adminId as string;
    const { token } = (await backend.control("POST", `members/${adminId}/credential`)) as { token: string };
    const guest = await backend.clientWith(token).members.invite(gid, { email: "guest@example.com", role: "member" });
    const key = await backend.client.apiKeys.create(gid, { name: "by hand" });
    await backend.client.billing.setPaymentMethod(gid, { token: "pm_card_visa" });
    await backend.client.billing.purchaseCredits(gid, { amount_usd_micros: 20_000_000 });

    const destroy = await project!.run(["destroy", "--yes", "--skip-preview"]);
    expect(destroy.code).not.toBe(0);
    expect(errorLines(destroy.stdout)[0]).toBe(`error: deleting group ${gid}: DELETE /v1/groups/${gid}: 409 group_not_empty: Group ${gid} still has ` +
      `$20.00 of credit, 1 active API key (${key.id} "by hand") and 1 member someone else added (guest@example.com ${guest.id}). ` +
      "Nothing in the account was deleted: the members, API keys and auto-reload policy this stack declares in the group are still live " +
      "(this run skipped their own deletes and left them out of the stack's state; the next `pulumi up` takes them back). " +
      "To delete the group anyway, set forceDestroy: true on the Group, run `pulumi up`, then destroy again.");
    // Said once (the CLI's Diagnostics), with no JavaScript stack trace of the provider.
    expect(errorLines(destroy.stdout)).toHaveLength(1);
    expect(destroy.stdout + destroy.stderr).not.toMatch(/\n\s+at |withContext|provider[/\\]errors/);
    expect(destroy.stdout).not.toContain(key.token);
    await expect(backend.client.groups.retrieve(gid)).resolves.toMatchObject({ id: gid });
    // All or nothing: the stack's own key and members are live, none removed before the refusal.
    const own = (await project!.outputs()) as Record<string, string>;
    await expect(backend.client.apiKeys.retrieve(gid, own.keyId as string)).resolves.toMatchObject({ status: "active" });
    await expect(backend.client.members.retrieve(gid, adminId)).resolves.toMatchObject({ status: "active", role: "admin" });
    await expect(backend.client.members.retrieve(gid, own.viewerId as string)).resolves.toMatchObject({ status: "invited" });

    // The fix the message states, followed as written.
    project!.program(program({ forceDestroy: true }));
    expect((await project!.run(["up", "--yes", "--skip-preview"])).code).toBe(0);
    expect((await project!.run(["destroy", "--yes", "--skip-preview"])).code).toBe(0);
    await expect(backend.client.groups.retrieve(gid)).rejects.toMatchObject({ code: "group_not_found" });
  });
});
