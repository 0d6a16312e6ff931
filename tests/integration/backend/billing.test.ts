import { AutoReload, Billing, type AuditEventList } from "../../../api";
import { buildTestApp, useTestApp } from "./helpers";
import { eventCosting } from "../../helpers/metering";
import { activeMember, bearer, createApiKey } from "./member-helpers";

const policy = { enabled: true, threshold_usd_micros: 10_000_000, amount_usd_micros: 50_000_000, monthly_limit_usd_micros: 200_000_000 };

describe("billing routes", () => {
  let clock = new Date("2026-06-01T00:00:00.000Z");
  const t = useTestApp({ now: () => clock, resetEach: true });
  let groupId: string;
  let createdAt: string;

  beforeEach(async () => {
    clock = new Date("2026-06-01T00:00:00.000Z");
    const group = await t.createGroup();
    groupId = group.id;
    createdAt = group.created_at;
  });

  const url = (suffix = "") => `/v1/groups/${groupId}/billing${suffix}`;
  const setCard = (token = "pm_card_visa") => t.request({ method: "PUT", url: url("/payment_method"), payload: { token } });
  const putPolicy = (payload: object) => t.request({ method: "PUT", url: url("/auto_reload"), payload });
  const getPolicy = async () => AutoReload.parse((await t.request({ method: "GET", url: url("/auto_reload") })).json());
  const actions = async () => (await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events?limit=100` })).json<AuditEventList>()
    .data.map((e) => e.action).filter((a) => !a.startsWith("group."));

  it("shows a new group's billing: zero balance, tier_0, no card, auto reload off at the defaults", async () => {
    const res = await t.request({ method: "GET", url: url() });
    expect(res.statusCode).toBe(200);
    expect(Billing.parse(res.json())).toEqual({ object: "billing", group_id: groupId, balance_usd_micros: 0, lifetime_purchased_usd_micros: 0,
      tier: "tier_0", payment_method: null, auto_reload: { object: "auto_reload", group_id: groupId, enabled: false,
        threshold_usd_micros: 2_000_000, amount_usd_micros: 25_000_000, monthly_limit_usd_micros: null, disabled_reason: null, updated_at: createdAt, owner: null } });
  });

  it("stores a test card and shows it on the billing overview without charging it", async () => {
    const res = await setCard("pm_card_mastercard");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ object: "payment_method", brand: "mastercard", last4: "4444", exp_month: 12, exp_year: 2029, created_at: clock.toISOString() });
    const billing = Billing.parse((await t.request({ method: "GET", url: url() })).json());
    expect(billing).toMatchObject({ payment_method: res.json(), balance_usd_micros: 0 });
  });

  it("accepts the declined test card (only charges fail) and rejects an unknown token naming `token`", async () => {
    expect((await setCard("pm_card_declined")).json()).toMatchObject({ brand: "visa", last4: "0002" });
    const bad = await setCard("pm_card_amex");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: "invalid_request", param: "token" });
  });

  it("answers 422 payment_method_required when enabling auto reload without a card", async () => {
    const res = await putPolicy(policy);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ type: "invalid_request_error", code: "payment_method_required", param: "enabled",
      message: expect.stringContaining("add one first") });
    expect((await getPolicy()).enabled).toBe(false);
  });

  it("stores a disabled policy without a card", async () => {
    const res = await putPolicy({ ...policy, enabled: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ enabled: false, amount_usd_micros: 50_000_000 });
  });

  it("sets auto reload once a card is on file, and a left-out monthly limit means none", async () => {
    await setCard();
    clock = new Date("2026-06-02T00:00:00.000Z");
    const { monthly_limit_usd_micros: _limit, ...withoutLimit } = policy;
    const res = await putPolicy(withoutLimit);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ object: "auto_reload", group_id: groupId, ...withoutLimit, monthly_limit_usd_micros: null,
      disabled_reason: null, updated_at: clock.toISOString(), owner: null });
    expect(await getPolicy()).toEqual(res.json());
  });

  it.each([
    ["threshold_usd_micros", { threshold_usd_micros: 990_000 }, /between \$1\.00 and \$10,000\.00/],
    ["threshold_usd_micros", { threshold_usd_micros: 10_000_010_000 }, /between/],
    ["amount_usd_micros", { amount_usd_micros: 4_990_000 }, /between \$5\.00 and \$10,000\.00/],
    ["amount_usd_micros", { amount_usd_micros: 25_000_001 }, /whole number of cents/],
    ["amount_usd_micros", { amount_usd_micros: 25.5 }, /integer number of micro-USD/],
    ["monthly_limit_usd_micros", { monthly_limit_usd_micros: 100_000_010_000 }, /between \$5\.00 and \$100,000\.00/],
    ["monthly_limit_usd_micros", { monthly_limit_usd_micros: 40_000_000 }, /at least the reload amount \(\$50\.00\)/],
  ])("rejects a bad %s with 400 naming the field", async (param, change, message) => {
    await setCard();
    const res = await putPolicy({ ...policy, ...change });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_request", param, message: expect.stringMatching(message) });
  });

  it("accepts the range boundaries", async () => {
    await setCard();
    const low = await putPolicy({ enabled: true, threshold_usd_micros: 1_000_000, amount_usd_micros: 5_000_000, monthly_limit_usd_micros: 5_000_000 });
    expect(low.statusCode).toBe(200);
    const high = await putPolicy({ enabled: true, threshold_usd_micros: 10_000_000_000, amount_usd_micros: 10_000_000_000, monthly_limit_usd_micros: 100_000_000_000 });
    expect(high.statusCode).toBe(200);
  });

  it("turns auto reload off with DELETE and keeps the amounts", async () => {
    await setCard();
    await putPolicy(policy);
    const res = await t.request({ method: "DELETE", url: url("/auto_reload") });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ...policy, enabled: false, disabled_reason: null });
    // Enabling it with a zero balance (under the threshold) reloaded at once.
    expect(await actions()).toEqual(["payment_method.set", "auto_reload.updated", "auto_reload.succeeded", "auto_reload.disabled"]);
  });

  it("removes the card with DELETE, which also turns auto reload off", async () => {
    await setCard();
    await putPolicy(policy);
    const res = await t.request({ method: "DELETE", url: url("/payment_method") });
    expect(res.statusCode).toBe(200);
    expect(Billing.parse(res.json())).toMatchObject({ payment_method: null, auto_reload: { enabled: false, amount_usd_micros: 50_000_000 } });
    expect(await actions()).toEqual(["payment_method.set", "auto_reload.updated", "auto_reload.succeeded", "payment_method.removed", "auto_reload.disabled"]);
    expect((await t.request({ method: "DELETE", url: url("/payment_method") })).statusCode).toBe(200);
  });

  it("audits auto_reload.updated with the new settings, and not for a PUT that changes nothing", async () => {
    await setCard();
    await putPolicy(policy);
    clock = new Date("2026-06-03T00:00:00.000Z");
    const again = await putPolicy(policy);
    expect(again.json().updated_at).toBe("2026-06-01T00:00:00.000Z");
    const events = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events?action=auto_reload.updated` })).json<AuditEventList>();
    expect(events.data.map((e) => e.details)).toEqual([policy]);
  });

  it("shows a policy that switched itself off after three declined reloads, and re-enabling clears the reason", async () => {
    await setCard("pm_card_declined");
    // The balance is 0, under the threshold: enabling reloads at once, and the card declines (1).
    await putPolicy(policy);
    const key = await createApiKey(t, groupId);
    for (const id of ["e1", "e2"]) {
      const usage = await t.request({ method: "POST", url: "/v1/usage_events", payload: { events: [eventCosting(key.id, 5_000, id)] } });
      expect(usage.statusCode).toBe(200);
    }
    const off = await getPolicy();
    expect(off).toMatchObject({ enabled: false, disabled_reason: "payment_failures", amount_usd_micros: 50_000_000 });
    const failed = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events?action=auto_reload.failed` })).json<AuditEventList>();
    expect(failed.data.map((e) => e.details["consecutive_failures"]).sort()).toEqual([1, 2, 3]);
    const events = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events?action=auto_reload.disabled` })).json<AuditEventList>();
    expect(events.data.map((e) => [e.actor, e.details])).toEqual([[{ type: "system", id: "system" }, { reason: "payment_failures" }]]);
    await setCard("pm_card_visa");
    const again = await putPolicy(policy);
    expect(again.json()).toMatchObject({ enabled: true, disabled_reason: null });
    expect(Billing.parse((await t.request({ method: "GET", url: url() })).json()).balance_usd_micros).toBe(50_000_000 - 10_000);
  });

  it("keeps the test clock to test mode and the management key", async () => {
    const production = await buildTestApp({ testMode: false });
    try {
      const res = await production.request({ method: "POST", url: "/_backend/clock/advance", payload: { seconds: 60 } });
      expect(res.statusCode).toBe(404);
    } finally {
      await production.app.close();
    }
    const { token } = await activeMember(t, groupId, "boss@example.com", "admin");
    const res = await t.request({ method: "POST", url: "/_backend/clock/advance", payload: { seconds: 60 }, headers: bearer(token) });
    expect(res.statusCode).toBe(403);
  });

  it("lets a Member read billing but answers 403 to every change", async () => {
    const { token } = await activeMember(t, groupId, "ann@example.com", "member");
    for (const suffix of ["", "/auto_reload"]) expect((await t.request({ method: "GET", url: url(suffix), headers: bearer(token) })).statusCode).toBe(200);
    for (const [method, suffix, payload] of [["PUT", "/payment_method", { token: "pm_card_visa" }], ["DELETE", "/payment_method", undefined],
      ["PUT", "/auto_reload", policy], ["DELETE", "/auto_reload", undefined]] as const) {
      const res = await t.request({ method, url: url(suffix), headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    }
  });

  it("lets an Admin member set the card and the policy", async () => {
    const { token } = await activeMember(t, groupId, "boss@example.com", "admin");
    expect((await t.request({ method: "PUT", url: url("/payment_method"), payload: { token: "pm_card_visa" }, headers: bearer(token) })).statusCode).toBe(200);
    expect((await t.request({ method: "PUT", url: url("/auto_reload"), payload: policy, headers: bearer(token) })).statusCode).toBe(200);
  });

  it("answers 404 group_not_found for billing of an unknown group", async () => {
    for (const suffix of ["", "/auto_reload"]) {
      const res = await t.request({ method: "GET", url: `/v1/groups/grp_000000000000000000000000/billing${suffix}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("group_not_found");
    }
  });
});
