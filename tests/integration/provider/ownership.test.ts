import { startTestBackend, type TestBackend } from "../../helpers/backend";
import { formatIdentity, NO_STACK_INSTANCE } from "../../../provider/state";
import { checkedCreate, newGroup, providerFor } from "./helpers";

const identity = (resource: string, stack = "acme/app/dev#aaaa") => ({ __identity: formatIdentity({ stack, resource }) });

describe("the provider's owner claims", () => {
  let backend: TestBackend;
  let warn: jest.SpyInstance;
  beforeEach(async () => {
    backend = await startTestBackend();
    warn = jest.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(async () => {
    warn.mockRestore();
    await backend.close();
  });

  it("claims a replayed member anew, so the delete of the resource it replaces leaves it and warns naming the holder", async () => {
    const groupId = await newGroup(backend);
    const members = providerFor(backend, "member");
    const inputs = { groupId, email: "ann@example.com", role: "member", ...identity("urn:pulumi:dev::app::Member::ann") };
    const original = await checkedCreate(members, inputs);
    const replacement = await checkedCreate(members, inputs);
    expect(replacement.id).toBe(original.id);
    expect(replacement.outs.__lease).not.toBe(original.outs.__lease);

    await members.delete(original.id, { ...original.outs, __provider: "shim" });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^warning: removing ann@example\.com .*owner_mismatch.*held by resource urn:pulumi:dev::app::Member::ann.*removed from the stack's state only/));
    expect((await backend.client.members.retrieve(groupId, original.id)).owner).toMatchObject({ resource: "urn:pulumi:dev::app::Member::ann" });
    await members.delete(replacement.id, replacement.outs);
    await expect(backend.client.members.retrieve(groupId, original.id)).rejects.toMatchObject({ code: "member_not_found" });
  });

  it("warns once per holding stack when many renamed resources' deletes find their objects taken over (three renames, one warning)", async () => {
    const groupId = await newGroup(backend);
    const members = providerFor(backend, "member");
    const stack = "acme/app/dev#cccc";
    for (const n of [1, 2, 3]) {
      const email = `renamed${n}@example.com`;
      const old = await checkedCreate(members, { groupId, email, role: "member", ...identity(`urn:pulumi:dev::app::Member::old${n}`, stack) });
      await checkedCreate(members, { groupId, email, role: "member", ...identity(`urn:pulumi:dev::app::Member::new${n}`, stack) });
      await members.delete(old.id, old.outs);
      expect((await backend.client.members.retrieve(groupId, old.id)).owner).toMatchObject({ resource: `urn:pulumi:dev::app::Member::new${n}` });
    }
    const warnings = warn.mock.calls.map(([line]) => String(line)).filter((line) => line.includes(stack));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/without another warning\.$/);
  });

  it("refuses a create whose stack instance was not made (a targeted up left it out), naming the fix, before any API call", async () => {
    const groupId = await newGroup(backend);
    const members = providerFor(backend, "member");
    const before = (await backend.client.auditEvents.list(groupId, { limit: 100 })).data.length;
    await expect(checkedCreate(members, { groupId, email: "cy@example.com", role: "member", __identity: NO_STACK_INSTANCE }))
      .rejects.toThrow(/^cannot create this resource yet: .*add --target '\*\*::pulumi-perplexity-stack'.*Nothing was created\.$/);
    expect((await backend.client.members.list(groupId)).data).toEqual([]);
    expect((await backend.client.auditEvents.list(groupId, { limit: 100 })).data.length).toBe(before);
  });

  it("gets back the member a 0.1 SDK's create made when the re-run sends the same identity as one string", async () => {
    const groupId = await newGroup(backend);
    const members = providerFor(backend, "member");
    const owner = { stack: "acme/app/dev#aaaa", resource: "urn:pulumi:dev::app::Member::bob" };
    const inputs = { groupId, email: "bob@example.com", role: "member" };
    const before = await checkedCreate(members, { ...inputs, __identity: owner });
    const after = await checkedCreate(members, { ...inputs, __identity: formatIdentity(owner) });
    expect(after.id).toBe(before.id);
    expect((await backend.client.members.retrieve(groupId, after.id)).owner).toMatchObject(owner);
  });

  it("refuses to adopt a group another stack holds, naming it, unless takeOver is set", async () => {
    const groups = providerFor(backend, "group");
    const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
    const made = await checkedCreate(groups, { address, __defaultName: "main", ...identity("urn:pulumi:dev::app::Group::main") });
    const adopt = { address, existingGroupId: made.id, __defaultName: "other", ...identity("urn:pulumi:dev::app::Group::other", "acme/app/dev#bbbb") };
    await expect(checkedCreate(groups, adopt)).rejects.toThrow(/owned_elsewhere: Group main \(grp_\w+\) is held by resource urn:pulumi:dev::app::Group::main of stack acme\/app\/dev#aaaa/);
    const adopted = await checkedCreate(groups, { ...adopt, takeOver: true });
    expect(adopted.outs).toMatchObject({ adopted: true, takeOver: true });
    expect((await backend.client.groups.retrieve(made.id)).owner).toMatchObject({ stack: "acme/app/dev#bbbb" });
  });

  it("deletes an unclaimed object from state written before claims, and leaves one a current resource holds", async () => {
    const groupId = await newGroup(backend);
    const keys = providerFor(backend, "apiKey");
    const legacy = await checkedCreate(keys, { groupId, name: "old", __identity: "proj/dev/ApiKey/old" });
    expect(legacy.outs.__lease).toBeUndefined();
    await keys.delete(legacy.id, legacy.outs);
    expect((await backend.client.apiKeys.retrieve(groupId, legacy.id)).status).toBe("revoked");
  });

  it("defaults a left-out name to the resource's name at create, and to the name in state afterwards", async () => {
    const groups = providerFor(backend, "group");
    const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
    expect((await groups.check({}, { address, __defaultName: "main" })).inputs).toMatchObject({ name: "main" });
    const renamed = await groups.check({ name: "main", address }, { address, __defaultName: "platform" });
    expect(renamed.inputs).toMatchObject({ name: "main" });
    expect(renamed.inputs).not.toHaveProperty("__defaultName");
  });
});
