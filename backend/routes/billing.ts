import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AutoReload, Billing, ErrorEnvelope, GroupParams, OwnerLeaseQuery, PaymentMethod, SetPaymentMethodRequest, UpdateAutoReloadRequest } from "../../api";
import type { RoleOf } from "../plugins/authorize";
import type { AutoReloadStore } from "../store/auto-reload";
import type { BillingStore } from "../store/billing";
import { groupAccess, principalOf } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link billingRoutes}. */
export interface BillingRoutesOptions {
  readonly billing: BillingStore;
  readonly autoReload: AutoReloadStore;
  /** The current role of an active member, for authorization. */
  readonly roleOf: RoleOf;
  /** The backend clock. */
  readonly now: () => Date;
}

const tags = ["billing"];
const base = "/v1/groups/:group_id/billing";
const needsPaymentMethod = json("Enabling auto reload needs a payment method on file (`payment_method_required`).", ErrorEnvelope);

/**
 * `/v1/groups/{group_id}/billing[/payment_method|/auto_reload]`: the billing overview, the card on file
 * and the auto-reload policy. Reading needs any role in the group; changes need Admin.
 */
export const billingRoutes: FastifyPluginAsyncZod<BillingRoutesOptions> = async (app, { billing, autoReload, roleOf, now }) => {
  app.get(base, {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "retrieveBilling", summary: "Retrieve a group's billing", tags, params: GroupParams,
      response: { 200: json("Balance, lifetime purchases, tier, card and auto reload.", Billing), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => billing.get(request.params.group_id));

  app.put(`${base}/payment_method`, {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "setPaymentMethod", summary: "Set the payment method", tags, params: GroupParams, body: SetPaymentMethodRequest,
      response: { 200: json("The card now on file; adding it charges nothing.", PaymentMethod), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => billing.setPaymentMethod(request.params.group_id, request.body.token, principalOf(request), now()));

  app.delete(`${base}/payment_method`, {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "removePaymentMethod", summary: "Remove the payment method", tags, params: GroupParams,
      response: { 200: json("The billing overview without a card; auto reload is now off.", Billing), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => billing.removePaymentMethod(request.params.group_id, principalOf(request), now()));

  app.get(`${base}/auto_reload`, {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "retrieveAutoReload", summary: "Retrieve the auto-reload policy", tags, params: GroupParams,
      response: { 200: json("The policy (the defaults if never set).", AutoReload), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => autoReload.get(request.params.group_id));

  app.put(`${base}/auto_reload`, {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "updateAutoReload", summary: "Set the auto-reload policy", tags, params: GroupParams, body: UpdateAutoReloadRequest,
      description: "A rule JSON Schema cannot state: `monthly_limit_usd_micros`, when not null, must be at least `amount_usd_micros` (400 naming it).",
      response: { 200: json("The policy as set.", AutoReload), ...errorResponses(400, 401, 403, 404, 409), 422: needsPaymentMethod } },
  }, async (request) => autoReload.update(request.params.group_id, request.body, principalOf(request), now()));

  app.delete(`${base}/auto_reload`, {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "disableAutoReload", summary: "Turn auto reload off", tags, params: GroupParams, querystring: OwnerLeaseQuery,
      response: { 200: json("The policy, off, with its amounts kept.", AutoReload), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => autoReload.disable(request.params.group_id, "requested", principalOf(request), now(), request.query.owner_lease));
};
