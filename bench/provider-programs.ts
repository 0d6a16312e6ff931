import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { ApiKey, AutoReloadPolicy, Group, Member } from "../sdk";

/** How a bench stack of `n` resources is made up: 1 group, members and keys half and half, 1 policy. */
export interface Mix {
  readonly members: number;
  readonly keys: number;
}

/** The realistic mix for `n` resources (n ≥ 3): 1 group, ⌈(n − 2) / 2⌉ members, the rest keys, 1 auto-reload policy. */
export function mixOf(n: number): Mix {
  const members = Math.ceil((n - 2) / 2);
  return { members, keys: n - 2 - members };
}

/** The group's invoice address; the bench creates the group by hand with the same one, so adopting it changes nothing. */
export const benchAddress = { line1: "1 Bench St", city: "Berlin", postalCode: "10115", country: "DE" } as const;

/**
 * Our program: adopts the group made by hand (it has a card on file, which the policy needs), then declares
 * the mix's members (one admin in ten, all pending invitations) and keys in it, and its auto-reload policy.
 * Emails and key names carry the round number: each round's `up` then creates objects the API has never
 * seen, as a first `up` does. With the same inputs every round, a create would replay the idempotent
 * response of the object the previous round made and destroyed, and pay a GET to learn it is gone
 * (provider/idempotency.ts), which is the cost of re-creating within 24 hours, not of creating.
 */
export function perplexityProgram(n: number, groupId: string, round: () => number): PulumiFn {
  const { members, keys } = mixOf(n);
  return async () => {
    const r = round();
    const group = new Group("bench", { name: "Bench", existingGroupId: groupId, address: benchAddress });
    for (let i = 0; i < members; i++) {
      new Member(`member-${i}`, { groupId: group.id, email: `user${i}.r${r}@bench.example.com`, role: i % 10 === 0 ? "admin" : "member" });
    }
    for (let i = 0; i < keys; i++) new ApiKey(`key-${i}`, { groupId: group.id, name: `bench key ${i} round ${r}` });
    new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50 });
  };
}

// The floor: a dynamic provider that does nothing. No read (refresh returns state as is), no delete (nothing
// to remove), and create echoes its inputs like ours does.
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `noop-${inputs.name}`, outs: inputs };
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super(noopProvider, name, { name, ...props }, {}, "bench", "Noop");
  }
}

/** The floor program: `n` no-op dynamic resources with the same dependency graph as ours (one root, the rest on its id). */
export function noopProgram(n: number): PulumiFn {
  return async () => {
    const root = new Noop("root", {});
    for (let i = 1; i < n; i++) new Noop(`leaf-${i}`, { parentId: root.id });
  };
}
