import type { CreditPurchase, PaymentMethodToken } from "../../api";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";
import type { AuditEntry, AuditStore } from "./audit";
import { chargeCard, type BillingStore } from "./billing";
import type { Ledger } from "./ledger";
import type { ReloadTrigger } from "./reloads";

/** Manual credit purchases with the card on file. */
export interface CreditStore {
  /**
   * Charges the card `amount` micro-USD and credits it: a `purchase` ledger entry, lifetime purchases and
   * tier updated, and auto reload's failure count cleared. A declined charge is audited
   * (`credits.purchase_declined`) and then thrown.
   * @throws BackendError 404 `group_not_found`, 422 `payment_method_required` or `payment_declined`.
   */
  purchase(groupId: string, amount: number, actor: AuditEntry["actor"], now: Date): CreditPurchase;
}

/** Creates the {@link CreditStore}. */
export function createCreditStore(db: Db, billing: BillingStore, ledger: Ledger, reloads: ReloadTrigger, audit: AuditStore): CreditStore {
  const cardOf = db.prepare("SELECT token FROM payment_methods WHERE group_id = ?").pluck();
  const target = (groupId: string) => ({ type: "billing", id: groupId });

  // Returns the decline instead of throwing it, so its audit event commits.
  const attempt = db.transaction((groupId: string, amount: number, actor: AuditEntry["actor"], now: Date): CreditPurchase | "declined" => {
    billing.get(groupId);
    const card = cardOf.get(groupId) as PaymentMethodToken | undefined;
    if (card === undefined) throw new BackendError("payment_method_required", MESSAGES.purchaseNeedsPaymentMethod(groupId));
    if (chargeCard(card) !== undefined) {
      audit.record({ groupId, actor, action: "credits.purchase_declined", target: target(groupId), details: { amount_usd_micros: amount } }, now);
      return "declined";
    }
    const { entry } = ledger.post(groupId, "purchase", amount, null, now);
    reloads.resetFailures(groupId);
    audit.record({ groupId, actor, action: "credits.purchased", target: target(groupId), details: { amount_usd_micros: amount, transaction: entry.id } }, now);
    return { object: "credit_purchase", transaction: entry, billing: billing.get(groupId) };
  });

  return {
    purchase(groupId, amount, actor, now) {
      const result = attempt(groupId, amount, actor, now);
      if (result === "declined") throw new BackendError("payment_declined", MESSAGES.paymentDeclined, "amount_usd_micros");
      return result;
    },
  };
}
