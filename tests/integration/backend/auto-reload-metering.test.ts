import { groupWithCardAndKey, startTestBackend, type TestBackend } from "../../helpers/backend";
import { chatCompletion, eventCosting, spend } from "../../helpers/metering";

const USD = 1_000_000;

describe("auto reload under metering", () => {
  let backend: TestBackend;
  let groupId: string;
  let key: { id: string; token: string };

  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => backend?.close());

  /** A group with a key, `card` on file and $`credit` bought before any policy exists. */
  async function groupWith(card: "pm_card_visa" | "pm_card_declined", credit = 20) {
    ({ groupId, key } = await groupWithCardAndKey(backend));
    if (credit > 0) await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: credit * USD });
    if (card !== "pm_card_visa") await backend.client.billing.setPaymentMethod(groupId, { token: card });
  }
  const reloads = async () => (await backend.client.billing.listTransactions(groupId, { kind: "auto_reload" })).data;
  const audit = async (action: string) => (await backend.client.auditEvents.list(groupId, { action, limit: 100 })).data;
  const balance = async () => (await backend.client.billing.retrieve(groupId)).balance_usd_micros;

  it("fires one reload when usage crosses the threshold, and none while the balance stays above it", async () => {
    await groupWith("pm_card_visa");
    await backend.client.billing.setAutoReload(groupId, { enabled: true, threshold_usd_micros: 10 * USD, amount_usd_micros: 25 * USD });
    expect(await reloads()).toHaveLength(0);
    await spend(backend.client, key.id, 10 * USD); // $20 → $10: not below the threshold
    expect(await reloads()).toHaveLength(0);
    await spend(backend.client, key.id, 5_000); // $10 → $9.995: crossed
    expect((await reloads()).map((r) => [r.amount_usd_micros, r.balance_after_usd_micros])).toEqual([[25 * USD, 34_995_000]]);
    await spend(backend.client, key.id, 5_000);
    expect(await reloads()).toHaveLength(1);
  });

  it("reloads exactly once when 40 concurrent requests cross the threshold together, and the key keeps working", async () => {
    await groupWith("pm_card_visa", 5);
    await backend.client.billing.setAutoReload(groupId, { enabled: true, threshold_usd_micros: 4 * USD, amount_usd_micros: 10 * USD });
    // Each completion costs $0.0525 (sonar-pro, 1 input token, 3,000 output tokens, $0.006 request fee); 40 of
    // them take $5 through the $4 threshold, all in flight at once over separate connections.
    const body = { model: "sonar-pro", max_tokens: 3000, messages: [{ role: "user", content: "hi" }] };
    const results = await Promise.all(Array.from({ length: 40 }, () => chatCompletion(backend.url, key.token, body)));
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(await reloads()).toHaveLength(1);
    expect(await balance()).toBe(5 * USD + 10 * USD - 40 * 51_003);
    expect(await audit("auto_reload.succeeded")).toHaveLength(1);
  });

  it("reloads exactly once when 20 concurrent ingestion requests cross the threshold together", async () => {
    await groupWith("pm_card_visa", 5);
    await backend.client.billing.setAutoReload(groupId, { enabled: true, threshold_usd_micros: 4 * USD, amount_usd_micros: 10 * USD });
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      backend.client.usage.ingest(Array.from({ length: 10 }, (_, j) => eventCosting(key.id, 10_000, `c-${groupId}-${i}-${j}`)))));
    expect(await reloads()).toHaveLength(1);
    expect(await balance()).toBe(15 * USD - 200 * 10_000);
  });

  it("records declined reloads, retries on later usage, and turns itself off after the third in a row", async () => {
    await groupWith("pm_card_declined");
    await backend.client.billing.setAutoReload(groupId, { enabled: true, threshold_usd_micros: 10 * USD, amount_usd_micros: 25 * USD });
    await spend(backend.client, key.id, 10 * USD + 5_000);
    await spend(backend.client, key.id, 5_000);
    expect((await backend.client.billing.getAutoReload(groupId)).enabled).toBe(true);
    await spend(backend.client, key.id, 5_000);
    expect(await backend.client.billing.getAutoReload(groupId)).toMatchObject({ enabled: false, disabled_reason: "payment_failures" });
    expect((await audit("auto_reload.failed")).map((e) => e.details)).toEqual([1, 2, 3].map((n) =>
      ({ trigger: "usage", reason: "card_declined", amount_usd_micros: 25 * USD, consecutive_failures: n })));
    await spend(backend.client, key.id, 5_000);
    expect(await audit("auto_reload.failed")).toHaveLength(3);
    expect(await reloads()).toHaveLength(0);
  });

  it("enabling the policy while already under the threshold reloads at once, and setting it again does not", async () => {
    await groupWith("pm_card_visa", 5);
    const policy = { enabled: true, threshold_usd_micros: 10 * USD, amount_usd_micros: 25 * USD };
    await backend.client.billing.setAutoReload(groupId, policy);
    expect(await balance()).toBe(30 * USD);
    await backend.client.billing.setAutoReload(groupId, policy);
    expect(await reloads()).toHaveLength(1);
  });

  it("skips a reload that would exceed the monthly limit", async () => {
    await groupWith("pm_card_visa", 5);
    await backend.client.billing.setAutoReload(groupId, { enabled: true, threshold_usd_micros: 10 * USD, amount_usd_micros: 25 * USD, monthly_limit_usd_micros: 40 * USD });
    expect(await balance()).toBe(30 * USD);
    await spend(backend.client, key.id, 25 * USD); // crosses again: a second $25 would make $50 > $40
    expect(await reloads()).toHaveLength(1);
    expect((await audit("auto_reload.skipped")).map((e) => e.details)).toEqual([{ reason: "monthly_limit_reached", amount_usd_micros: 25 * USD }]);
  });

  it("raises the tier from lifetime purchases, auto reloads included, and never lowers it", async () => {
    await groupWith("pm_card_visa", 45);
    expect((await backend.client.groups.retrieve(groupId)).tier).toBe("tier_0");
    await backend.client.billing.setAutoReload(groupId, { enabled: true, threshold_usd_micros: 50 * USD, amount_usd_micros: 250 * USD });
    expect(await backend.client.billing.retrieve(groupId)).toMatchObject({ lifetime_purchased_usd_micros: 295 * USD, tier: "tier_2" });
    await spend(backend.client, key.id, 200 * USD);
    expect((await backend.client.groups.retrieve(groupId)).tier).toBe("tier_2");
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 10_000 * USD });
    expect((await backend.client.groups.retrieve(groupId)).tier).toBe("tier_5");
  });

  it("records a declined purchase and answers 422 payment_declined without adding credit", async () => {
    await groupWith("pm_card_declined", 5);
    await expect(backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 10 * USD })).rejects.toMatchObject({ code: "payment_declined" });
    expect(await balance()).toBe(5 * USD);
    expect(await audit("credits.purchase_declined")).toHaveLength(1);
  });
});
