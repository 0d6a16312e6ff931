import type { Billing, PaymentMethod, PaymentMethodToken, Tier } from "../../api";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";
import type { AuditEntry, AuditStore } from "./audit";
import type { AutoReloadStore } from "./auto-reload";

/** Who changes billing settings: a caller's principal. */
type Actor = AuditEntry["actor"];

/**
 * The emulated card vault: what each Stripe-style test token stands for. `pm_card_declined` is a card
 * that is stored like any other; only charging it fails (Stripe's decline test card ends in 0002).
 */
export const TEST_CARDS: Readonly<Record<PaymentMethodToken, Pick<PaymentMethod, "brand" | "last4">>> = {
  pm_card_visa: { brand: "visa", last4: "4242" },
  pm_card_mastercard: { brand: "mastercard", last4: "4444" },
  pm_card_declined: { brand: "visa", last4: "0002" },
};

/**
 * Charges the test card `token` (the emulated card network answers at once): `undefined` when the charge
 * went through, else the decline reason. `pm_card_declined` declines every charge.
 */
export function chargeCard(token: PaymentMethodToken): "card_declined" | undefined {
  return token === "pm_card_declined" ? "card_declined" : undefined;
}

/** How many years after being added a test card expires (December of that year). */
const CARD_VALIDITY_YEARS = 3;

/**
 * A group's billing: credit totals, the card on file and, through {@link AutoReloadStore}, auto reload.
 * Synchronous; every change writes its audit event in the same transaction.
 * @throws BackendError 404 `group_not_found` when the group does not exist.
 */
export interface BillingStore {
  /** The billing overview; a group that never bought credit has zero balance and lifetime purchases. */
  get(groupId: string): Billing;
  /** Puts the test card `token` on file, replacing any earlier card. Charges nothing. */
  setPaymentMethod(groupId: string, token: PaymentMethodToken, actor: Actor, now: Date): PaymentMethod;
  /** Removes the card (no card is fine) and switches auto reload off, which cannot charge without one. */
  removePaymentMethod(groupId: string, actor: Actor, now: Date): Billing;
  /** The test token of the card on file, for charging it later; `undefined` without a card. */
  paymentMethodToken(groupId: string): PaymentMethodToken | undefined;
  /** Remaining credit in micro-USD; 0 for a group that never bought any (or does not exist). */
  creditBalanceUsdMicros(groupId: string): number;
}

interface CardRow {
  token: PaymentMethodToken;
  brand: PaymentMethod["brand"];
  last4: string;
  exp_month: number;
  exp_year: number;
  created_at_ms: number;
}

interface CreditRow {
  credit_balance_usd_micros: number;
  lifetime_purchased_usd_micros: number;
}

/** Creates the {@link BillingStore} over `db`; auto reload is read and switched off through `autoReload`. */
export function createBillingStore(db: Db, audit: AuditStore, autoReload: AutoReloadStore): BillingStore {
  const groupTier = db.prepare("SELECT tier FROM groups WHERE id = ?").pluck();
  const cardOf = db.prepare("SELECT token, brand, last4, exp_month, exp_year, created_at_ms FROM payment_methods WHERE group_id = ?");
  const creditOf = db.prepare("SELECT credit_balance_usd_micros, lifetime_purchased_usd_micros FROM credit_balances WHERE group_id = ?");
  const putCard = db.prepare(`INSERT OR REPLACE INTO payment_methods (group_id, token, brand, last4, exp_month, exp_year, created_at_ms)
    VALUES (@group_id, @token, @brand, @last4, @exp_month, @exp_year, @created_at_ms)`);
  const deleteCard = db.prepare("DELETE FROM payment_methods WHERE group_id = ?");

  const tierOf = (groupId: string): Tier => {
    const tier = groupTier.get(groupId) as Tier | undefined;
    if (tier === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
    return tier;
  };
  const card = (groupId: string) => cardOf.get(groupId) as CardRow | undefined;
  const target = (groupId: string) => ({ type: "payment_method", id: groupId });

  const get = (groupId: string): Billing => {
    const tier = tierOf(groupId);
    const credit = (creditOf.get(groupId) as CreditRow | undefined) ?? { credit_balance_usd_micros: 0, lifetime_purchased_usd_micros: 0 };
    const row = card(groupId);
    return { object: "billing", group_id: groupId, balance_usd_micros: credit.credit_balance_usd_micros,
      lifetime_purchased_usd_micros: credit.lifetime_purchased_usd_micros, tier,
      payment_method: row === undefined ? null : toPaymentMethod(row), auto_reload: autoReload.get(groupId) };
  };

  const setPaymentMethod = db.transaction((groupId: string, token: PaymentMethodToken, actor: Actor, now: Date): PaymentMethod => {
    tierOf(groupId);
    const row: CardRow = { token, ...TEST_CARDS[token], exp_month: 12, exp_year: now.getUTCFullYear() + CARD_VALIDITY_YEARS, created_at_ms: now.getTime() };
    putCard.run({ group_id: groupId, ...row });
    audit.record({ groupId, actor, action: "payment_method.set", target: target(groupId), details: { brand: row.brand, last4: row.last4 } }, now);
    return toPaymentMethod(row);
  });

  const removePaymentMethod = db.transaction((groupId: string, actor: Actor, now: Date): Billing => {
    tierOf(groupId);
    const row = card(groupId);
    if (row === undefined) return get(groupId);
    deleteCard.run(groupId);
    audit.record({ groupId, actor, action: "payment_method.removed", target: target(groupId), details: { brand: row.brand, last4: row.last4 } }, now);
    autoReload.disable(groupId, "payment_method_removed", actor, now);
    return get(groupId);
  });

  return {
    get,
    setPaymentMethod: (groupId, token, actor, now) => setPaymentMethod(groupId, token, actor, now),
    removePaymentMethod: (groupId, actor, now) => removePaymentMethod(groupId, actor, now),
    paymentMethodToken: (groupId) => card(groupId)?.token,
    creditBalanceUsdMicros: (groupId) => (creditOf.get(groupId) as CreditRow | undefined)?.credit_balance_usd_micros ?? 0,
  };
}

function toPaymentMethod(row: CardRow): PaymentMethod {
  return { object: "payment_method", brand: row.brand, last4: row.last4, exp_month: row.exp_month, exp_year: row.exp_year,
    created_at: new Date(row.created_at_ms).toISOString() };
}
