import { AutoReloadPolicy } from "pulumi-perplexity";
import { groupMadeByHand as groupFor, groupWithCard } from "../helpers/backend";
import { declineAutoReloadsUntilOff } from "../helpers/metering";
import { describeAcceptance } from "./helpers/acceptance";
import { withStack } from "./helpers/stack";

type Ctx = { groupId: string };

describeAcceptance<Ctx>("AutoReloadPolicy", {
  prepare: groupWithCard,
  program: (step, { groupId }) => async () => {
    const policy = step === 1
      ? new AutoReloadPolicy("reload", { groupId, thresholdUsd: 10, amountUsd: 50 })
      : new AutoReloadPolicy("reload", { groupId, thresholdUsd: 20.5, amountUsd: 50, monthlyLimitUsd: 500 });
    return { id: policy.id };
  },
  updateOp: "update",
  async assertLive(backend, _id, step, { groupId }) {
    expect(await backend.client.billing.getAutoReload(groupId)).toMatchObject(step === 1
      ? { enabled: true, threshold_usd_micros: 10_000_000, amount_usd_micros: 50_000_000, monthly_limit_usd_micros: null }
      : { enabled: true, threshold_usd_micros: 20_500_000, amount_usd_micros: 50_000_000, monthly_limit_usd_micros: 500_000_000 });
  },
  async driftOutOfBand(backend, _id, { groupId }) {
    // What the metering backend does after three declined charges in a row.
    await declineAutoReloadsUntilOff(backend.client, groupId);
    return "enabled";
  },
  async assertGone(backend, _id, { groupId }) {
    expect((await backend.client.billing.getAutoReload(groupId)).enabled).toBe(false);
  },
});

describe("AutoReloadPolicy without a payment method", () => {
  it("fails with a message saying to add a payment method first", () =>
    withStack(groupFor, ({ groupId }) => async () => ({ id: new AutoReloadPolicy("reload", { groupId, thresholdUsd: 10, amountUsd: 50 }).id }),
      async ({ stack }) => {
        await expect(stack.up()).rejects.toThrow(/payment_method_required: Group grp_\w+ has no payment method: add one first/);
      }));
});
