import { ApiKey, AutoReloadPolicy, Group } from "pulumi-perplexity";
import type { TestBackend } from "../helpers/backend";
import { groupMadeByHand } from "../helpers/backend";
import { chatCompletion } from "../helpers/metering";
import { withStack } from "./helpers/stack";

type Ctx = { groupId: string };
const USD = 1_000_000;
const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
/** Roughly $0.75 a request: sonar-pro bills $15 per million output tokens. */
const expensive = { model: "sonar-pro", max_tokens: 50_000, messages: [{ role: "user", content: "Summarize the news." }] };

/** A group made in the console with a card on file and $`credit` of credit bought there. */
const groupWithCredit = (credit: number) => async (backend: TestBackend): Promise<Ctx> => {
  const ctx = await groupMadeByHand(backend, "Metered");
  await backend.client.billing.setPaymentMethod(ctx.groupId, { token: "pm_card_visa" });
  await backend.client.billing.purchaseCredits(ctx.groupId, { amount_usd_micros: credit * USD });
  return ctx;
};

/** The Pulumi program: the group (adopted), a key, and optionally an auto-reload policy. */
const program = (withPolicy: boolean) => ({ groupId }: Ctx) => async () => {
  const group = new Group("team", { existingGroupId: groupId, name: "Metered", address });
  const key = new ApiKey("app", { groupId: group.id });
  if (withPolicy) new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 25 });
  return { token: key.token };
};

describe("metering end to end: a key and a policy declared with Pulumi, used for real", () => {
  it("spends through the threshold with the declared key, reloads exactly once, and the key keeps working", () =>
    withStack(groupWithCredit(15), program(true), async ({ backend, stack, ctx }) => {
      const token = (await stack.up()).outputs["token"]?.value as string;
      const balance = async () => (await backend.client.billing.retrieve(ctx.groupId)).balance_usd_micros;
      const statuses: number[] = [];
      let lowest = await balance();
      while (lowest >= 10 * USD - 1 && statuses.length < 20) {
        const res = await chatCompletion(backend.url, token, expensive);
        statuses.push(res.status);
        const after = await balance();
        if (after > lowest) break; // the reload landed
        lowest = after;
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
      const reloads = await backend.client.billing.listTransactions(ctx.groupId, { kind: "auto_reload" });
      expect(reloads.data.map((r) => r.amount_usd_micros)).toEqual([25 * USD]);
      for (let i = 0; i < 3; i++) expect((await chatCompletion(backend.url, token, expensive)).status).toBe(200);
      expect((await backend.client.billing.listTransactions(ctx.groupId, { kind: "auto_reload" })).data).toHaveLength(1);
      expect(await balance()).toBeGreaterThan(10 * USD);
    }));

  it("without a policy, blocks the declared key with 401 insufficient_credits when credit runs out, and a purchase unblocks it", () =>
    withStack(groupWithCredit(5), program(false), async ({ backend, stack, ctx }) => {
      const token = (await stack.up()).outputs["token"]?.value as string;
      let res = await chatCompletion(backend.url, token, expensive);
      for (let i = 0; res.status === 200 && i < 20; i++) res = await chatCompletion(backend.url, token, expensive);
      expect(res.status).toBe(401);
      expect(res.body["error"]).toMatchObject({ code: "insufficient_credits" });
      expect((await backend.client.billing.retrieve(ctx.groupId)).balance_usd_micros).toBeLessThanOrEqual(0);
      await backend.client.billing.purchaseCredits(ctx.groupId, { amount_usd_micros: 10 * USD });
      expect((await chatCompletion(backend.url, token, expensive)).status).toBe(200);
      // Blocking never touched the key: a refresh finds nothing to change.
      const refresh = await stack.refresh();
      expect(refresh.summary.resourceChanges?.["update"] ?? 0).toBe(0);
    }));
});
