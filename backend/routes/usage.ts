import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  GroupParams, IngestUsageEventsRequest, IngestUsageEventsResponse, InvoiceList, ListInvoicesQuery, UsageBreakdown, UsageMetrics,
  USAGE_RANGE_RULES, UsageMetricsQuery, UsageRangeQuery,
} from "../../api";
import type { RoleOf } from "../plugins/authorize";
import { createGroupCommit } from "../store/group-commit";
import type { InvoiceStore } from "../store/invoices";
import type { UsageReports } from "../store/usage-reports";
import type { IngestRequest, UsageStore } from "../store/usage";
import { groupAccess, organisationAccess } from "./access";
import { errorResponses, json } from "./responses";
import { ingestCompilers } from "./usage-codec";

/** Dependencies of {@link usageRoutes}. */
export interface UsageRoutesOptions {
  readonly usage: UsageStore;
  readonly reports: UsageReports;
  readonly invoices: InvoiceStore;
  /** The current role of an active member, for authorization. */
  readonly roleOf: RoleOf;
  /** The backend clock. */
  readonly now: () => Date;
}

const tags = ["usage"];

/**
 * Usage ingestion (`POST /v1/usage_events`, management key only: it is what serves the requests that
 * reports them; concurrent requests share one transaction and one debit per group, see `createGroupCommit` and
 * `UsageStore.ingestMany`) and the reports any role in a group may read: the usage chart (`…/usage`), the billing
 * breakdown (`…/usage/breakdown`) and the invoices (`…/invoices`).
 */
export const usageRoutes: FastifyPluginAsyncZod<UsageRoutesOptions> = async (app, { usage, reports, invoices, roleOf, now }) => {
  const ingest = createGroupCommit((requests: readonly IngestRequest[]) => usage.ingestMany(requests));

  app.post("/v1/usage_events", {
    onRequest: organisationAccess,
    schema: { operationId: "ingestUsageEvents", summary: "Record usage events", tags, body: IngestUsageEventsRequest,
      description: "Rules JSON Schema cannot state: each `timestamp` lies within the last 35 days and at most 5 minutes ahead of the backend's " +
        "clock (400 naming it); each `api_key_id` names an existing key (404 `api_key_not_found`); an `id` already recorded with another " +
        "body is 409 `usage_event_conflict`, with the same body a `duplicate` result.",
      response: { 200: json("One result per event, in order; replays are marked `duplicate`.", IngestUsageEventsResponse),
        ...errorResponses(400, 401, 403, 404, 409) } },
    // The hot path: a validator and a serializer made for this one body and response (see usage-codec).
    ...ingestCompilers,
  }, async (request) => ({ object: "list" as const, data: await ingest({ events: request.body.events, now: now() }) }));

  app.get("/v1/groups/:group_id/usage", {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "retrieveUsage", summary: "Usage chart", tags, params: GroupParams, querystring: UsageMetricsQuery, description: USAGE_RANGE_RULES,
      response: { 200: json("Daily buckets (UTC) of each metric over the range.", UsageMetrics), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => reports.metrics(request.params.group_id, request.query, now()));

  app.get("/v1/groups/:group_id/usage/breakdown", {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "retrieveUsageBreakdown", summary: "Billing breakdown per model", tags, params: GroupParams, querystring: UsageRangeQuery, description: USAGE_RANGE_RULES,
      response: { 200: json("Quantity, unit price and cost per model and line item.", UsageBreakdown), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => reports.breakdown(request.params.group_id, request.query, now()));

  app.get("/v1/groups/:group_id/invoices", {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "listInvoices", summary: "List invoices", tags, params: GroupParams, querystring: ListInvoicesQuery,
      response: { 200: json("One page of invoices, newest first.", InvoiceList), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => invoices.list(request.params.group_id, request.query, now()));
};
