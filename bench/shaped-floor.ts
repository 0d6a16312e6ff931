import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { shimText } from "../sdk/shim";
import { benchAddress, mixOf } from "./provider-programs";

/*
 * The shaped floor: no-op resources that store what ours store (per kind the same inputs and outputs, a
 * secret token on the keys, a serialized provider of about the same length), in ours's graph and mix. It
 * tells the engine's share of the difference to the floor (serializing and collecting more properties at
 * every checkpoint) apart from our provider's and program's.
 */

const at = () => new Date().toISOString();
const lease = () => Math.random().toString(36).slice(2, 13).padEnd(22, "0");
/** The inputs as ours echo them in outputs: all but the identity. */
const echo = ({ __identity, ...inputs }: Record<string, unknown>) => inputs;

/** The no-op providers, one per kind; the dynamic-provider host loads this file by its path to reach them. */
export const shapedProviders = {
  Group: { async create(inputs: Record<string, unknown>) {
    return { id: `grp_${String(inputs.name)}`, outs: { ...echo(inputs), __lease: lease(), adopted: true, createdAt: at(), tier: "tier_0" } };
  } },
  Member: { async create(inputs: Record<string, unknown>) {
    return { id: `mem_${String(inputs.email)}`, outs: { ...echo(inputs), __lease: lease(), invitedAt: at(), joinedAt: null, status: "invited" } };
  } },
  Policy: { async create(inputs: Record<string, unknown>) {
    return { id: "arp_shaped", outs: { ...echo(inputs), __lease: lease(), enabled: true } };
  } },
  ApiKey: { async create(inputs: Record<string, unknown>) {
    const token = `pplx-${Math.random().toString(36).slice(2).padEnd(48, "0")}`;
    return { id: `key_${String(inputs.name)}`, outs: { ...echo(inputs), __lease: lease(), createdAt: at(), token, tokenHint: `pplx-…${token.slice(-4)}` } };
  } },
} satisfies Record<string, pulumi.dynamic.ResourceProvider>;

type Kind = keyof typeof shapedProviders;

/** The serialized provider of `kind`, padded (with a comment) to the length of ours. */
function providerText(kind: Kind): string {
  const text = `exports.handler=()=>require(${JSON.stringify(__filename)}).shapedProviders.${kind}`;
  return `${text}/*${"-".repeat(Math.max(0, shimText("member").length - text.length - 4))}*/`;
}

/** Registered as our SDK registers its resources: a dynamic resource whose serialized provider is a short text. */
class Shaped extends pulumi.CustomResource {
  constructor(kind: Kind, name: string, props: Record<string, pulumi.Input<unknown>>) {
    const urn = `urn:pulumi:bench::perplexity-bench::pulumi-nodejs:dynamic/bench:${kind}::${name}`;
    super(`pulumi-nodejs:dynamic/bench:${kind}`, name, {
      ...props,
      __identity: `organization/perplexity-bench/bench#00000000-0000-4000-8000-000000000000 ${urn}`,
      __provider: providerText(kind),
    }, kind === "ApiKey" ? { additionalSecretOutputs: ["token"] } : {});
  }
}

/** The shaped floor program for `n` resources: 1 group, the members and keys of {@link mixOf}, 1 policy. */
export function shapedProgram(n: number): PulumiFn {
  const { members, keys } = mixOf(n);
  return async () => {
    const group = new Shaped("Group", "bench", { name: "Bench", existingGroupId: "grp_shaped", address: benchAddress, forceDestroy: false });
    for (let i = 0; i < members; i++) new Shaped("Member", `member-${i}`, { groupId: group.id, email: `user${i}@bench.example.com`, role: i % 10 === 0 ? "admin" : "member" });
    for (let i = 0; i < keys; i++) new Shaped("ApiKey", `key-${i}`, { groupId: group.id, name: `bench key ${i}` });
    new Shaped("Policy", "reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50 });
  };
}
