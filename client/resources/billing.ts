import {
  AutoReload, Billing as BillingOverview, CreditPurchase, LedgerEntryList, PaymentMethod, type ListLedgerQuery, type PurchaseCreditsRequest,
  type SetPaymentMethodRequest, type UpdateAutoReloadRequest,
} from "../../api";
import { path } from "../path";
import { request, type RequestContext } from "../request";

/**
 * A group's billing: `/v1/groups/{group_id}/billing[/payment_method|/auto_reload]`. Reached as
 * `client.billing`. Money is integer micro-USD (1 USD = 1_000_000).
 */
export class Billing {
  // Private so printing or serializing the resource shows nothing of the client's internals.
  readonly #ctx: RequestContext;

  /** Used by `createClient`; not meant to be called directly. */
  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  /** The billing overview (`GET …/billing`): balance, lifetime purchases, tier, card and auto reload. */
  retrieve(groupId: string): Promise<BillingOverview> {
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/billing`, response: BillingOverview });
  }

  /**
   * Puts a card on file (`PUT …/billing/payment_method`), replacing any earlier one; charges nothing.
   * @example
   * await client.billing.setPaymentMethod(groupId, { token: "pm_card_visa" });
   */
  setPaymentMethod(groupId: string, body: SetPaymentMethodRequest): Promise<PaymentMethod> {
    return request(this.#ctx, { method: "PUT", path: path`/v1/groups/${groupId}/billing/payment_method`, body, response: PaymentMethod });
  }

  /** Removes the card (`DELETE …/billing/payment_method`), which also turns auto reload off; returns the overview. */
  removePaymentMethod(groupId: string): Promise<BillingOverview> {
    return request(this.#ctx, { method: "DELETE", path: path`/v1/groups/${groupId}/billing/payment_method`, response: BillingOverview });
  }

  /** The auto-reload policy (`GET …/billing/auto_reload`); the defaults when it was never set. */
  getAutoReload(groupId: string): Promise<AutoReload> {
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/billing/auto_reload`, response: AutoReload });
  }

  /**
   * Replaces the auto-reload policy (`PUT …/billing/auto_reload`); a left-out monthly limit means none.
   * @throws UnprocessableEntityError (code `payment_method_required`) when enabling it without a card.
   * @example
   * await client.billing.setAutoReload(groupId, { enabled: true, threshold_usd_micros: 10_000_000, amount_usd_micros: 50_000_000 });
   */
  setAutoReload(groupId: string, body: UpdateAutoReloadRequest): Promise<AutoReload> {
    return request(this.#ctx, { method: "PUT", path: path`/v1/groups/${groupId}/billing/auto_reload`, body, response: AutoReload });
  }

  /**
   * Turns auto reload off (`DELETE …/billing/auto_reload`), keeping its amounts. With `ownerLease`
   * (optional) it fails with 409 `owner_mismatch` once another resource holds the policy.
   */
  disableAutoReload(groupId: string, opts: { ownerLease?: string | undefined } = {}): Promise<AutoReload> {
    const query = { owner_lease: opts.ownerLease };
    return request(this.#ctx, { method: "DELETE", path: path`/v1/groups/${groupId}/billing/auto_reload`, query, response: AutoReload });
  }

  /**
   * Buys credit with the card on file (`POST …/billing/credits`): adds to the balance and lifetime
   * purchases (which set the tier) and unblocks the group's keys.
   * @throws UnprocessableEntityError (code `payment_method_required` or `payment_declined`).
   * @example
   * await client.billing.purchaseCredits(groupId, { amount_usd_micros: 50_000_000 }); // $50
   */
  purchaseCredits(groupId: string, body: PurchaseCreditsRequest): Promise<CreditPurchase> {
    return request(this.#ctx, { method: "POST", path: path`/v1/groups/${groupId}/billing/credits`, body, response: CreditPurchase });
  }

  /** One page of the credit ledger (`GET …/billing/transactions`), newest first; `kind` filters it. */
  listTransactions(groupId: string, query: Partial<ListLedgerQuery> = {}): Promise<LedgerEntryList> {
    const q = { limit: query.limit, after: query.after, kind: query.kind };
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/billing/transactions`, query: q, response: LedgerEntryList });
  }
}
