import { apiError, json, useScriptedClient } from "./scripted-server";

const GROUP = "grp_0123456789abcdefghijklmn";
const autoReload = { object: "auto_reload", group_id: GROUP, enabled: true, threshold_usd_micros: 2_000_000, amount_usd_micros: 25_000_000,
  monthly_limit_usd_micros: null, disabled_reason: null, updated_at: "2026-01-01T00:00:00.000Z", owner: null };
const card = { object: "payment_method", brand: "visa", last4: "4242", exp_month: 12, exp_year: 2029, created_at: "2026-01-01T00:00:00.000Z" };
const billing = { object: "billing", group_id: GROUP, balance_usd_micros: 0, lifetime_purchased_usd_micros: 0, tier: "tier_0", payment_method: card,
  auto_reload: autoReload };

const t = useScriptedClient();

const base = `/v1/groups/${GROUP}/billing`;

describe("Billing", () => {
  it("retrieves the overview and the auto-reload policy, parsed with the contract", async () => {
    t.server.script(json(200, billing), json(200, autoReload));
    await expect(t.client.billing.retrieve(GROUP)).resolves.toEqual(billing);
    await expect(t.client.billing.getAutoReload(GROUP)).resolves.toEqual(autoReload);
    expect(t.seen()).toEqual([`GET ${base}`, `GET ${base}/auto_reload`]);
  });

  it("sets and removes the payment method with PUT and DELETE", async () => {
    t.server.script(json(200, card), json(200, { ...billing, payment_method: null }));
    await expect(t.client.billing.setPaymentMethod(GROUP, { token: "pm_card_visa" })).resolves.toEqual(card);
    await expect(t.client.billing.removePaymentMethod(GROUP)).resolves.toMatchObject({ payment_method: null });
    expect(t.seen()).toEqual([`PUT ${base}/payment_method`, `DELETE ${base}/payment_method`]);
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({ token: "pm_card_visa" });
  });

  it("sets auto reload with PUT and integer micro-USD, and disables it with DELETE", async () => {
    t.server.script(json(200, autoReload), json(200, { ...autoReload, enabled: false }));
    const body = { enabled: true, threshold_usd_micros: 2_000_000, amount_usd_micros: 25_000_000, monthly_limit_usd_micros: null };
    await t.client.billing.setAutoReload(GROUP, body);
    await expect(t.client.billing.disableAutoReload(GROUP)).resolves.toMatchObject({ enabled: false });
    expect(t.seen()).toEqual([`PUT ${base}/auto_reload`, `DELETE ${base}/auto_reload`]);
    expect(t.server.requests[0]?.body).toBe(JSON.stringify(body));
  });

  it("surfaces payment_method_required as an UnprocessableEntityError with the server's message", async () => {
    t.server.script(apiError(422, "payment_method_required", "invalid_request_error", "Add a payment method first.", { param: "enabled" }));
    await expect(t.client.billing.setAutoReload(GROUP, { enabled: true, threshold_usd_micros: 2_000_000, amount_usd_micros: 25_000_000 }))
      .rejects.toMatchObject({ name: "UnprocessableEntityError", code: "payment_method_required", param: "enabled",
        message: `PUT ${base}/auto_reload: 422 payment_method_required: Add a payment method first.` });
  });

  it("rejects a float amount in a response as breaking the contract", async () => {
    t.server.script(json(200, { ...autoReload, amount_usd_micros: 25.5 }));
    await expect(t.client.billing.getAutoReload(GROUP)).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("buys credits with POST and lists the credit ledger with its filter", async () => {
    const entry = { object: "credit_transaction", id: "txn_1", group_id: GROUP, kind: "purchase", amount_usd_micros: 50_000_000,
      balance_after_usd_micros: 50_000_000, reference: null, created_at: "2026-01-01T00:00:00.000Z" };
    t.server.script(json(201, { object: "credit_purchase", transaction: entry, billing: { ...billing, balance_usd_micros: 50_000_000 } }),
      json(200, { object: "list", data: [entry], has_more: false, next_cursor: null }));
    await expect(t.client.billing.purchaseCredits(GROUP, { amount_usd_micros: 50_000_000 })).resolves.toMatchObject({ transaction: entry });
    await expect(t.client.billing.listTransactions(GROUP, { kind: "purchase" })).resolves.toMatchObject({ data: [entry] });
    expect(t.seen()).toEqual([`POST ${base}/credits`, `GET ${base}/transactions?kind=purchase`]);
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({ amount_usd_micros: 50_000_000 });
  });
});
