import { startTestBackend, type TestBackend } from "../helpers/backend";
import { cliProject, type CliProject } from "./helpers/cli-project";

const ADDRESS = `{ line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }`;
const program = (groupName: string) => `
const group = new Group("team", { name: ${JSON.stringify(groupName)}, address: ${ADDRESS} });
new Member("bob", { groupId: group.id, email: "bob@example.com", role: "member" });
new ApiKey("ci", { groupId: group.id, name: "CI key" });
exports.groupId = group.id;`;

/**
 * `pulumi-perplexity drift` in its default mode (no --program: the project's own program runs through the
 * Node language host, as `pulumi preview` would run it), in a project set up with the pulumi CLI.
 */
describe("drift tells program edits from changes made in the account", () => {
  let backend: TestBackend;
  let project: CliProject;
  let groupId: string;

  beforeAll(async () => {
    backend = await startTestBackend();
    project = await cliProject(backend);
    project.program(program("Team"));
    expect((await project.run(["up", "--yes", "--skip-preview"])).code).toBe(0);
    groupId = (await project.outputs()).groupId as string;
    // Later activity in the account that changes no declared property: a purchase lifts the tier
    // (group.tier_upgraded, by the system), the event drift used to blame for anything.
    await backend.client.billing.setPaymentMethod(groupId, { token: "pm_card_visa" });
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 60_000_000 });
    const onGroup = (await backend.client.auditEvents.list(groupId, { limit: 100 })).data.filter((e) => e.target.type === "group");
    expect(onGroup.map((e) => e.action)).toEqual(["group.created", "group.tier_upgraded"]);
  });

  afterAll(async () => {
    await project?.cleanup();
    await backend?.close();
  });

  it("reports an edit only in the program as not yet applied, with no one to blame, and exits 2", async () => {
    project.program(program("Team (renamed in code)"));
    const run = await project.cli("drift");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("Drift in stack dev: 1 of 3 resources differs (1 changed in the program, not yet applied).");
    expect(lines[3]).toMatch(/^Group team +not-applied +name +"Team \(renamed in code\)" +"Team" +-$/);
    expect(run.stdout).not.toMatch(/tier_upgraded|system/);

    const json = JSON.parse((await project.cli("drift", "--json")).stdout);
    expect(json.resources).toEqual([expect.objectContaining({ type: "Group", name: "team", kind: "not-applied",
      properties: [{ name: "name", declared: "Team (renamed in code)", live: "Team", origin: "program" }] })]);
  });

  it("names the actor of the console edit that changed a property, beside the program edit that is still not applied", async () => {
    const boss = await backend.client.members.invite(groupId, { email: "boss@example.com", role: "admin" });
    await backend.control("POST", `members/${boss.id}/accept`);
    const { token } = (await backend.control("POST", `members/${boss.id}/credential`)) as { token: string };
    await backend.clientWith(token).groups.update(groupId, { address: { line1: "1 Main St", city: "Munich", postal_code: "80331", country: "DE" } });
    const edit = (await backend.client.auditEvents.list(groupId, { limit: 100 })).data.filter((e) => e.action === "group.updated").pop();
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 200_000_000 }); // another tier upgrade after it

    const run = await project.cli("drift");
    expect(run.code).toBe(2);
    const rows = run.stdout.split("\n").slice(3).filter(Boolean);
    const by = `member ${boss.id} at ${edit?.created_at} \\(group\\.updated\\)`;
    expect(rows).toEqual([
      expect.stringMatching(new RegExp(`^Group team +changed +address\\.city +"Berlin" +"Munich" +${by}$`)),
      expect.stringMatching(new RegExp(`^ +changed +address\\.postalCode +"10115" +"80331" +${by}$`)),
      expect.stringMatching(/^ +not-applied +name +"Team \(renamed in code\)" +"Team" +-$/),
    ]);
    expect(run.stdout.split("\n")[0]).toBe("Drift in stack dev: 1 of 3 resources differs (1 changed).");
  });
});
