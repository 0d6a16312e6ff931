import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { CreditPurchase, ErrorEnvelope, GroupParams, LedgerEntryList, ListLedgerQuery, PurchaseCreditsRequest } from "../../api";
import type { RoleOf } from "../plugins/authorize";
import type { CreditStore } from "../store/credits";
import type { Ledger } from "../store/ledger";
import { groupAccess, principalOf } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link creditRoutes}. */
export interface CreditRoutesOptions {
  readonly credits: CreditStore;
  readonly ledger: Ledger;
  /** The current role of an active member, for authorization. */
  readonly roleOf: RoleOf;
  /** The backend clock. */
  readonly now: () => Date;
}

const tags = ["billing"];
const base = "/v1/groups/:group_id/billing";

/**
 * `…/billing/credits` (buy credit with the card on file; Admin) and `…/billing/transactions` (the
 * credit ledger, newest first; any role).
 */
export const creditRoutes: FastifyPluginAsyncZod<CreditRoutesOptions> = async (app, { credits, ledger, roleOf, now }) => {
  app.post(`${base}/credits`, {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "purchaseCredits", summary: "Buy credits", tags, params: GroupParams, body: PurchaseCreditsRequest,
      response: { 201: json("The purchase's ledger entry and the billing overview after it.", CreditPurchase), ...errorResponses(400, 401, 403, 404),
        422: json("No payment method on file (`payment_method_required`) or the card was declined (`payment_declined`).", ErrorEnvelope) } },
  }, async (request, reply) => reply.code(201).send(credits.purchase(request.params.group_id, request.body.amount_usd_micros, principalOf(request), now())));

  app.get(`${base}/transactions`, {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "listCreditTransactions", summary: "List credit-ledger entries", tags, params: GroupParams, querystring: ListLedgerQuery,
      response: { 200: json("One page of ledger entries, newest first.", LedgerEntryList), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => ledger.list(request.params.group_id, request.query));
};
