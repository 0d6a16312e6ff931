import { Group } from "pulumi-perplexity";
import { groupMadeByHand } from "../helpers/backend";
import { describeAcceptance } from "./helpers/acceptance";
import { withStack } from "./helpers/stack";

const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

describeAcceptance<Record<string, never>>("Group", {
  prepare: async () => ({}),
  program: (step) => async () => {
    const group = new Group("platform", {
      name: "Platform",
      address: step === 1 ? address : { ...address, line1: "2 Side St" },
      taxId: { type: "eu_vat", value: "DE123456789" },
    });
    return { id: group.id, tier: group.tier };
  },
  updateOp: "update",
  async assertLive(backend, id, step) {
    expect(await backend.client.groups.retrieve(id)).toMatchObject({
      name: "Platform",
      address: { line1: step === 1 ? "1 Main St" : "2 Side St", city: "Berlin", postal_code: "10115" },
      tax_id: { type: "eu_vat", value: "DE123456789" },
      tier: "tier_0",
    });
  },
  async driftOutOfBand(backend, id) {
    await backend.client.groups.update(id, { name: "Renamed by hand" });
    return "name";
  },
  async assertGone(backend, id) {
    await expect(backend.client.groups.retrieve(id)).rejects.toMatchObject({ code: "group_not_found" });
  },
});

describe("Group adoption and deletion under the real engine", () => {
  it("adopting an existing group manages its settings and leaves it in place on destroy", () =>
    withStack(groupMadeByHand, ({ groupId }) => async () => ({ id: new Group("adopted", { name: "Adopted", existingGroupId: groupId, address }).id }),
      async ({ backend, stack, ctx }) => {
        expect((await stack.up()).outputs.id?.value).toBe(ctx.groupId);
        expect((await backend.client.groups.retrieve(ctx.groupId)).name).toBe("Adopted");
        await stack.destroy();
        await expect(backend.client.groups.retrieve(ctx.groupId)).resolves.toMatchObject({ id: ctx.groupId });
      }));

  it("destroy refuses a group that still has members someone else invited unless forceDestroy is set", async () => {
    let forceDestroy = false;
    await withStack(async () => ({}), () => async () => ({ id: new Group("team", { address, forceDestroy }).id }),
      async ({ backend, stack }) => {
        const id = (await stack.up()).outputs.id?.value as string;
        // In the console, an admin of the group invites someone: not the stack's doing, so it keeps the group.
        const admin = await backend.client.members.invite(id, { email: "admin@example.com", role: "admin" });
        await backend.control("POST", `members/${admin.id}/accept`);
        const { token } = (await backend.control("POST", `members/${admin.id}/credential`)) as { token: string };
        const someone = await backend.clientWith(token).members.invite(id, { email: "someone@example.com", role: "member" });
        await expect(stack.destroy()).rejects.toThrow(
          new RegExp(`group_not_empty: .*1 member someone else added \\(someone@example\\.com ${someone.id}\\)\\. .*set forceDestroy: true`));
        forceDestroy = true;
        await stack.up();
        await stack.destroy();
        await expect(backend.client.groups.retrieve(id)).rejects.toMatchObject({ code: "group_not_found" });
      });
  });
});
