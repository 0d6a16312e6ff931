import { AUTO_RELOAD_DEFAULTS } from "../../../api";
import { openDatabase, type Db } from "../../../backend/db/database";
import { createAuditStore } from "../../../backend/store/audit";
import { createAutoReloadStore, type AutoReloadStore } from "../../../backend/store/auto-reload";
import { createBillingStore, type BillingStore } from "../../../backend/store/billing";
import { createGroupStore, type GroupStore } from "../../../backend/store/groups";

const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };
const t0 = new Date("2026-05-01T12:00:00.000Z");
const t1 = new Date("2026-05-02T12:00:00.000Z");
const ADMIN = { kind: "admin", id: "admin" } as const;
const policy = { enabled: true, threshold_usd_micros: 5_000_000, amount_usd_micros: 20_000_000, monthly_limit_usd_micros: 100_000_000 };

describe("billing and auto-reload stores", () => {
  let db: Db;
  let groups: GroupStore;
  let autoReload: AutoReloadStore;
  let billing: BillingStore;
  let groupId: string;

  beforeEach(() => {
    db = openDatabase();
    groups = createGroupStore(db);
    autoReload = createAutoReloadStore(db, createAuditStore(db));
    billing = createBillingStore(db, createAuditStore(db), autoReload);
    groupId = groups.create({ name: "Acme", address }, t0, ADMIN).id;
  });
  afterEach(() => db.close());

  const actions = () => createAuditStore(db).list(groupId, { limit: 100 }).data.map((e) => e.action).filter((a) => !a.startsWith("group."));

  it("reads the defaults for a group that never set a policy, without storing them", () => {
    expect(autoReload.get(groupId)).toEqual({ object: "auto_reload", group_id: groupId, ...AUTO_RELOAD_DEFAULTS, disabled_reason: null, updated_at: t0.toISOString(), owner: null });
    expect(AUTO_RELOAD_DEFAULTS).toEqual({ enabled: false, threshold_usd_micros: 2_000_000, amount_usd_micros: 25_000_000, monthly_limit_usd_micros: null });
    expect(db.prepare("SELECT COUNT(*) FROM auto_reload_settings").pluck().get()).toBe(0);
  });

  it("refuses to enable auto reload without a payment method, naming `enabled`", () => {
    expect(() => autoReload.update(groupId, policy, ADMIN, t1)).toThrow(expect.objectContaining({ code: "payment_method_required", statusCode: 422, param: "enabled" }));
    expect(actions()).toEqual([]);
  });

  it("stores the card's test token so later charges know it is the declined one", () => {
    billing.setPaymentMethod(groupId, "pm_card_declined", ADMIN, t0);
    expect(billing.paymentMethodToken(groupId)).toBe("pm_card_declined");
    expect(billing.get(groupId).payment_method).toEqual({ object: "payment_method", brand: "visa", last4: "0002", exp_month: 12, exp_year: 2029, created_at: t0.toISOString() });
  });

  it("sets a policy once a card is on file and stores the first explicit PUT even when it equals the defaults", () => {
    billing.setPaymentMethod(groupId, "pm_card_visa", ADMIN, t0);
    expect(autoReload.update(groupId, policy, ADMIN, t1)).toMatchObject({ ...policy, updated_at: t1.toISOString() });
    const fresh = groups.create({ name: "Fresh", address }, t0, ADMIN).id;
    const { enabled, ...amounts } = AUTO_RELOAD_DEFAULTS;
    expect(autoReload.update(fresh, { enabled, ...amounts }, ADMIN, t1).updated_at).toBe(t1.toISOString());
  });

  it("keeps the amounts when disabled, and clears the payment-failures reason when the caller sets the policy again", () => {
    billing.setPaymentMethod(groupId, "pm_card_visa", ADMIN, t0);
    autoReload.update(groupId, policy, ADMIN, t0);
    expect(autoReload.disable(groupId, "payment_failures", "system", t1)).toMatchObject({ ...policy, enabled: false, disabled_reason: "payment_failures" });
    expect(autoReload.update(groupId, policy, ADMIN, t1)).toMatchObject({ enabled: true, disabled_reason: null });
    expect(autoReload.disable(groupId, "requested", ADMIN, t1)).toMatchObject({ ...policy, enabled: false, disabled_reason: null });
  });

  it("writes and audits nothing for a change that changes nothing", () => {
    billing.setPaymentMethod(groupId, "pm_card_visa", ADMIN, t0);
    autoReload.update(groupId, policy, ADMIN, t0);
    expect(autoReload.update(groupId, policy, ADMIN, t1).updated_at).toBe(t0.toISOString());
    autoReload.disable(groupId, "requested", ADMIN, t1);
    autoReload.disable(groupId, "requested", ADMIN, t1);
    expect(actions()).toEqual(["payment_method.set", "auto_reload.updated", "auto_reload.disabled"]);
  });

  it("turns auto reload off when the card is removed", () => {
    billing.setPaymentMethod(groupId, "pm_card_mastercard", ADMIN, t0);
    autoReload.update(groupId, policy, ADMIN, t0);
    const after = billing.removePaymentMethod(groupId, ADMIN, t1);
    expect(after).toMatchObject({ payment_method: null, auto_reload: { enabled: false, amount_usd_micros: 20_000_000 } });
    expect(billing.removePaymentMethod(groupId, ADMIN, t1).payment_method).toBeNull();
    expect(actions()).toEqual(["payment_method.set", "auto_reload.updated", "payment_method.removed", "auto_reload.disabled"]);
  });

  it("reports zero credit for a new group and counts stored credit in the group's contents (micro-USD)", () => {
    expect(billing.get(groupId)).toMatchObject({ balance_usd_micros: 0, lifetime_purchased_usd_micros: 0, tier: "tier_0" });
    db.prepare("INSERT INTO credit_balances (group_id, credit_balance_usd_micros, lifetime_purchased_usd_micros) VALUES (?, 5120000, 5120000)").run(groupId);
    expect(billing.creditBalanceUsdMicros(groupId)).toBe(5_120_000);
    expect(groups.contents(groupId).creditBalanceUsdMicros).toBe(5_120_000);
    expect(() => groups.remove(groupId, { force: false, cascade: "none" }, t1, ADMIN)).toThrow(expect.objectContaining({ code: "group_not_empty", message: expect.stringContaining("$5.12 of credit") }));
  });

  it("throws group_not_found for billing of an unknown group", () => {
    for (const call of [() => billing.get("grp_missing"), () => autoReload.get("grp_missing"), () => billing.setPaymentMethod("grp_missing", "pm_card_visa", ADMIN, t0)]) {
      expect(call).toThrow(expect.objectContaining({ code: "group_not_found" }));
    }
  });
});
