import * as fs from "node:fs";
import * as path from "node:path";
import { ApiKey, AutoReloadPolicy, Group, Member } from "pulumi-perplexity";
import { groupMadeByHand, type TestBackend } from "../helpers/backend";
import { withStack } from "./helpers/stack";

async function groupWithCard(backend: TestBackend): Promise<{ groupId: string }> {
  const ctx = await groupMadeByHand(backend);
  await backend.client.billing.setPaymentMethod(ctx.groupId, { token: "pm_card_visa" });
  return ctx;
}

type StoredResource = { urn: string; type: string; inputs?: { __provider?: string }; outputs?: { __provider?: string } };

/** The resources of the stack's checkpoint as the file state backend stores it. */
function storedResources(dir: string): StoredResource[] {
  const stacks = path.join(dir, ".pulumi", "state", ".pulumi", "stacks");
  const file = fs.readdirSync(stacks, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(".json"));
  return (JSON.parse(fs.readFileSync(path.join(stacks, file ?? ""), "utf8")) as { checkpoint: { latest: { resources: StoredResource[] } } }).checkpoint.latest.resources;
}

describe("state per resource", () => {
  it("stays under 4 KiB for every resource kind, serialized provider stored twice included", () =>
    withStack(groupWithCard, ({ groupId }) => async () => {
      const group = new Group("main", { existingGroupId: groupId, address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
      new Member("ann", { groupId: group.id, email: "ann@example.com", role: "admin" });
      new ApiKey("ci", { groupId: group.id, rotationTrigger: "2026-11" });
      new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50, monthlyLimitUsd: 500 });
    }, async ({ stack, dir }) => {
      await stack.up();
      const ours = storedResources(dir).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/perplexity:"));
      expect(ours.map((r) => r.type.split(":").pop()).sort()).toEqual(["ApiKey", "AutoReloadPolicy", "Group", "Member"]);
      for (const resource of ours) {
        expect(resource.outputs?.__provider).toBe(resource.inputs?.__provider);
        expect(Buffer.byteLength(JSON.stringify(resource))).toBeLessThan(4096);
      }
    }));
});
