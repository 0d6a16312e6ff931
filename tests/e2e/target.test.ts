import { cliProjectEachTest } from "./helpers/cli-project";

const urnOf = (type: string, name: string) => `urn:pulumi:dev::perplexity-cli::pulumi-nodejs:dynamic/perplexity:${type}::${name}`;

/** A group, the members named in `emails` (resource name = the part before @) and the keys named in `keys`. */
function program(emails: readonly string[], keys: readonly string[] = []): string {
  return `const group = new pp.Group("main", { address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }, forceDestroy: true });
    exports.groupId = group.id;
    ${emails.map((e) => `new pp.Member("${e.split("@")[0]}", { groupId: group.id, email: "${e}", role: "member" });`).join("\n    ")}
    ${keys.map((k) => `new pp.ApiKey("${k}", { groupId: group.id });`).join("\n    ")}`;
}

describe("pulumi up --target", () => {
  const t = cliProjectEachTest();

  it("creates only the targeted new member, updates only the targeted one, and a full up then converges", async () => {
    t.p.program(program(["ana@acme.dev"]));
    await t.p.up();
    const { groupId } = (await t.p.outputs()) as { groupId: string };
    const emails = async () => (await t.backend.client.members.list(groupId, { limit: 10 })).data.map((m) => m.email).sort();
    const keys = async () => (await t.backend.client.apiKeys.list(groupId)).data.map((k) => k.name).sort();

    t.p.program(program(["ana@acme.dev", "bo@acme.dev"], ["ci"]));
    const targeted = await t.p.run(["up", "--yes", "--skip-preview", "--target", urnOf("Member", "bo")]);
    expect({ code: targeted.code, stderr: targeted.stderr }).toEqual({ code: 0, stderr: "" });
    expect(await emails()).toEqual(["ana@acme.dev", "bo@acme.dev"]);
    expect(await keys()).toEqual([]);

    t.p.program(program(["ana@acme.dev", "bo@acme.dev"], ["ci"]).replace(`email: "bo@acme.dev", role: "member"`, `email: "bo@acme.dev", role: "admin"`));
    const update = await t.p.run(["up", "--yes", "--skip-preview", "--target", urnOf("Member", "bo")]);
    expect(update.code).toBe(0);
    expect((await t.backend.client.members.list(groupId, { limit: 10 })).data.find((m) => m.email === "bo@acme.dev")?.role).toBe("admin");
    expect(await keys()).toEqual([]);

    await t.p.up();
    expect(await keys()).toEqual(["ci"]);
    await t.p.expectNoChanges();
  });
});
