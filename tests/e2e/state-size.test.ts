import { ApiKey, AutoReloadPolicy, Group, Member } from "pulumi-perplexity";
import { groupWithCard } from "../helpers/backend";
import { storedState, withStack } from "./helpers/stack";

type StoredResource = { urn: string; type: string; inputs?: { __provider?: string }; outputs?: { __provider?: string }; stackTrace?: unknown; dependencies?: string[] };

describe("state per resource", () => {
  it("stays under 2,100 bytes for every resource kind, serialized provider stored twice included", () =>
    withStack(groupWithCard, ({ groupId }) => async () => {
      const group = new Group("main", { existingGroupId: groupId, address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
      new Member("ann", { groupId: group.id, email: "ann@example.com", role: "admin" });
      new ApiKey("ci", { groupId: group.id, rotationTrigger: "2026-11" });
      new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50, monthlyLimitUsd: 500 });
    }, async ({ stack, dir }) => {
      await stack.up();
      const stored = JSON.parse(storedState(dir)) as { checkpoint: { latest: { resources: StoredResource[] } } };
      const ours = stored.checkpoint.latest.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/perplexity:"));
      expect(ours.map((r) => r.type.split(":").pop()).sort()).toEqual(["ApiKey", "AutoReloadPolicy", "Group", "Member", "StackInstance"]);
      for (const resource of ours) {
        expect(resource.outputs?.__provider).toBe(resource.inputs?.__provider);
        // Newer CLIs (3.276 on the compatibility leg) also store the registration's `stackTrace`, 440–730 B
        // for every resource whatever its provider (a no-op one too); the budget is for what ours stores.
        const { stackTrace: _engineBookkeeping, ...stored } = resource;
        expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(2100);
      }
    }));

  it("keeps every resource after the stack instance, through its group when that is a Group of the program and directly otherwise", () =>
    withStack(groupWithCard, ({ groupId }) => async () => {
      const group = new Group("main", { existingGroupId: groupId, address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } });
      new Member("ann", { groupId: group.id, email: "ann@example.com", role: "admin" });
      new Member("bob", { groupId, email: "bob@example.com", role: "member" });
      new ApiKey("ci", { groupId: group.id });
      new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50 });
    }, async ({ stack, dir }) => {
      await stack.up();
      const stored = JSON.parse(storedState(dir)) as { checkpoint: { latest: { resources: StoredResource[] } } };
      const ours = stored.checkpoint.latest.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/perplexity:"));
      const byUrn = new Map(ours.map((r) => [r.urn, r]));
      const instance = ours.find((r) => r.type.endsWith(":StackInstance"))?.urn;
      // The engine deletes a resource's dependencies only after it: reaching the stack instance keeps it last.
      const reaches = (urn: string): boolean => (byUrn.get(urn)?.dependencies ?? []).some((d) => d === instance || reaches(d));
      const direct = (name: string) => byUrn.get(ours.find((r) => r.urn.endsWith(`::${name}`))?.urn ?? "")?.dependencies?.includes(instance ?? "");
      expect(ours.filter((r) => r.urn !== instance && !reaches(r.urn)).map((r) => r.urn)).toEqual([]);
      // One dependency less where the group provides the path (about 220 bytes of state each).
      expect([direct("main"), direct("ann"), direct("ci"), direct("reload"), direct("bob")]).toEqual([true, false, false, false, true]);
    }));
});
