import type * as pulumi from "@pulumi/pulumi";
import { usdToMicros, type AutoReload, type UpdateAutoReloadRequest } from "../../api";
import type { ProviderContext } from "../context";
import { declared } from "../lifecycle";
import { attempt, unlessGone } from "../errors";
import { freshLease, heldLease, leaseOut, ownerOf, unlessHeldElsewhere } from "../ownership";
import { plain, storedState, withoutProvider } from "../state";
import {
  autoReloadPolicyMetadata, AutoReloadPolicyInputs, toUsd, type AutoReloadPolicyState,
} from "./auto-reload-policy-shape";

type Props = Record<string, unknown>;

/**
 * Lifecycle of the `AutoReloadPolicy` resource: the group's one auto-reload setting. Create and update set
 * it; delete turns it off. A policy the backend switched off after repeated payment failures reads back as
 * `enabled: false`, so refresh shows it as drift and `up` switches it on again.
 */
export const autoReloadPolicy = {
  ...declared(autoReloadPolicyMetadata, AutoReloadPolicyInputs),

  async create(ctx: ProviderContext, inputs: Props): Promise<pulumi.dynamic.CreateResult<AutoReloadPolicyState>> {
    const args = AutoReloadPolicyInputs.parse(withoutProvider(inputs));
    const owner = ownerOf(inputs);
    // Claimed in the same PUT: the delete of a policy this one was renamed from then leaves it on.
    const claim: Claim = owner ? { owner: { ...owner, lease: freshLease() }, ...(args.takeOver ? { take_over: true } : {}) } : {};
    const live = await apply(ctx, args, claim);
    return { id: `${args.groupId}/auto_reload`, outs: { ...stateOf(args, live), ...leaseOut(claim.owner?.lease) } };
  },

  async read(ctx: ProviderContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult<Partial<AutoReloadPolicyState>>> {
    const old = storedState<AutoReloadPolicyState>(props);
    const live = await unlessGone(`reading the auto-reload policy of group ${old.groupId}`, ctx.client.billing.getAutoReload(old.groupId), ["group_not_found"]);
    if (!live) return { id: "" };
    const inputs = plain({ ...inputsOf(old.groupId, live), takeOver: old.takeOver });
    return { id, props: stateOf(inputs, live), inputs };
  },

  async update(ctx: ProviderContext, _id: string, _olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<AutoReloadPolicyState>> {
    const args = AutoReloadPolicyInputs.parse(withoutProvider(news));
    return { outs: stateOf(args, await apply(ctx, args)) };
  },

  async delete(ctx: ProviderContext, _id: string, props: Props): Promise<void> {
    const old = storedState<AutoReloadPolicyState>(props);
    const disabling = `turning off auto reload of group ${old.groupId}`;
    const call = ctx.client.billing.disableAutoReload(old.groupId, { ownerLease: heldLease(props) });
    await unlessGone(disabling, unlessHeldElsewhere(disabling, call), ["group_not_found"]);
  },
};

type Claim = Pick<UpdateAutoReloadRequest, "owner" | "take_over">;

function apply(ctx: ProviderContext, args: AutoReloadPolicyInputs, claim: Claim = {}): Promise<AutoReload> {
  const body = {
    ...claim,
    enabled: args.enabled,
    threshold_usd_micros: usdToMicros(args.thresholdUsd),
    amount_usd_micros: usdToMicros(args.amountUsd),
    monthly_limit_usd_micros: args.monthlyLimitUsd === undefined ? null : usdToMicros(args.monthlyLimitUsd),
  };
  return attempt(`setting auto reload of group ${args.groupId}`, ctx.client.billing.setAutoReload(args.groupId, body));
}

function inputsOf(groupId: string, live: AutoReload): AutoReloadPolicyInputs {
  const monthly = live.monthly_limit_usd_micros;
  return plain({
    groupId,
    enabled: live.enabled,
    thresholdUsd: toUsd(live.threshold_usd_micros),
    amountUsd: toUsd(live.amount_usd_micros),
    monthlyLimitUsd: monthly === null ? undefined : toUsd(monthly),
  });
}

function stateOf(args: AutoReloadPolicyInputs, live: AutoReload): AutoReloadPolicyState {
  return plain({ ...inputsOf(args.groupId, live), takeOver: args.takeOver, disabledReason: live.disabled_reason });
}
