import { ApiKey, Group, Member } from "pulumi-perplexity";
import { groupWithCard } from "../helpers/backend";
import { legacyShimText } from "./helpers/legacy-shim";
import { previewSteps, withStack } from "./helpers/stack";

type Exported = { urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

const OURS = "pulumi-nodejs:dynamic/perplexity:";
const kindOf = (type: string) => {
  const name = type.slice(OURS.length);
  return name.charAt(0).toLowerCase() + name.slice(1);
};

describe("a stack whose state holds the serialized provider of 0.1.0", () => {
  let role: "member" | "admin" = "member";

  it("refreshes cleanly, updates, and destroys every object through the installed implementation", () =>
    withStack(groupWithCard, ({ groupId }) => async () => {
      const group = new Group("main", { existingGroupId: groupId, address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
      const member = new Member("ann", { groupId: group.id, email: "ann@example.com", role });
      const key = new ApiKey("ci", { groupId: group.id });
      return { memberId: member.id, keyId: key.id };
    }, async ({ backend, stack, ctx }) => {
      const { outputs } = await stack.up();
      const exported = await stack.exportStack();
      const resources = exported.deployment.resources as Exported[];
      for (const r of resources.filter((r) => r.type.startsWith(OURS))) {
        for (const props of [r.inputs, r.outputs]) if (props) props.__provider = legacyShimText(kindOf(r.type));
      }
      await stack.importStack(exported);

      expect((await previewSteps(stack, { refresh: true })).steps).toEqual([]);
      role = "admin";
      await stack.up();
      const memberId = outputs.memberId?.value as string, keyId = outputs.keyId?.value as string;
      expect((await backend.client.members.retrieve(ctx.groupId, memberId)).role).toBe("admin");

      // A resource the up left alone keeps the old text in its outputs, which is what its delete runs.
      const stored = (await stack.exportStack()).deployment.resources as Exported[];
      expect(stored.find((r) => r.id === keyId)?.outputs?.__provider).toBe(legacyShimText("apiKey"));
      await stack.destroy();
      await expect(backend.client.members.retrieve(ctx.groupId, memberId)).rejects.toMatchObject({ code: "member_not_found" });
      expect((await backend.client.apiKeys.retrieve(ctx.groupId, keyId)).status).toBe("revoked");
    }));
});
