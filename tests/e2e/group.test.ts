import { Group, type GroupArgs } from "pulumi-perplexity";
import { startTestBackend, type TestBackend } from "../helpers/backend";
import { newStack, previewSteps, type TestStack } from "./helpers/stack";

// One stack walks through the group's whole life; each test is one step of it, so order matters.
describe("Group under the real Pulumi engine", () => {
  let backend: TestBackend;
  let test: TestStack;
  let desired: GroupArgs;
  const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

  beforeAll(async () => {
    backend = await startTestBackend();
    desired = { name: "Platform", address, taxId: { type: "eu_vat", value: "DE123456789" } };
    test = await newStack(backend, async () => {
      const group = new Group("platform", desired);
      return { groupId: group.id, tier: group.tier, createdAt: group.createdAt };
    });
  });

  afterAll(async () => {
    await test?.cleanup();
    await backend?.close();
  });

  let groupId: string;

  it("up creates the group in the API", async () => {
    const result = await test.stack.up();
    groupId = result.outputs.groupId?.value as string;
    const live = await backend.client.groups.retrieve(groupId);
    expect(live).toMatchObject({ name: "Platform", address: { city: "Berlin", postal_code: "10115" }, tax_id: { type: "eu_vat" } });
    expect(result.outputs.tier?.value).toBe("tier_0");
  });

  it("a preview right after up proposes no changes", async () => {
    await expect(test.stack.preview({ expectNoChanges: true })).resolves.toBeDefined();
  });

  it("changing the address updates the group in place and keeps its id", async () => {
    desired = { ...desired, address: { ...address, line1: "2 Side St" } };
    const result = await test.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(result.outputs.groupId?.value).toBe(groupId);
    expect((await backend.client.groups.retrieve(groupId)).address.line1).toBe("2 Side St");
  });

  it("a change made directly through the API shows as drift naming the changed property", async () => {
    await backend.client.groups.update(groupId, { name: "Renamed by hand" });
    const { steps, stdout } = await previewSteps(test.stack, { refresh: true });
    expect(steps).toEqual([expect.objectContaining({ op: "update", diffs: ["name"] })]);
    expect(stdout).toMatch(/platform\s+update\s+\[diff: ~name\]/);
  });

  it("up restores the declared settings after drift", async () => {
    await test.stack.up({ refresh: true });
    expect((await backend.client.groups.retrieve(groupId)).name).toBe("Platform");
    await expect(test.stack.preview({ refresh: true, expectNoChanges: true })).resolves.toBeDefined();
  });

  it("destroy deletes the group in the API", async () => {
    await test.stack.destroy();
    await expect(backend.client.groups.retrieve(groupId)).rejects.toMatchObject({ code: "group_not_found" });
  });
});

describe("adopting an existing group", () => {
  let backend: TestBackend;
  let test: TestStack;

  beforeAll(async () => {
    backend = await startTestBackend();
  });

  afterAll(async () => {
    await test?.cleanup();
    await backend?.close();
  });

  it("manages an existing group's settings and leaves the group in place on destroy", async () => {
    const existing = await backend.client.groups.create({
      name: "Made in the console",
      address: { line1: "5 Rue de Rivoli", city: "Paris", postal_code: "75001", country: "FR" },
    });
    test = await newStack(backend, async () => {
      const group = new Group("adopted", {
        name: "Adopted by Pulumi",
        existingGroupId: existing.id,
        address: { line1: "5 Rue de Rivoli", city: "Paris", postalCode: "75001", country: "FR" },
      });
      return { groupId: group.id };
    });
    const up = await test.stack.up();
    expect(up.outputs.groupId?.value).toBe(existing.id);
    expect((await backend.client.groups.retrieve(existing.id)).name).toBe("Adopted by Pulumi");

    await test.stack.destroy();
    await expect(backend.client.groups.retrieve(existing.id)).resolves.toMatchObject({ id: existing.id });
  });
});

