import {
  IngestUsageEventsResponse, InvoiceList, UsageBreakdown, UsageMetrics, type ListInvoicesQuery, type UsageEvent, type UsageMetricsQuery,
  type UsageRangeQuery,
} from "../../api";
import { path } from "../path";
import { request, type RequestContext } from "../request";

/**
 * Usage: recording usage events (`POST /v1/usage_events`, management key), and a group's usage chart,
 * billing breakdown and invoices. Reached as `client.usage`. Money is integer micro-USD.
 */
export class Usage {
  // Private so printing or serializing the resource shows nothing of the client's internals.
  readonly #ctx: RequestContext;

  /** Used by `createClient`; not meant to be called directly. */
  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  /**
   * Records 1–100 usage events, all or nothing. Safe to retry: an identical event is recorded once and
   * its replay comes back with `duplicate: true`.
   * @throws ConflictError (code `usage_event_conflict`) when an id was recorded with a different body.
   * @example
   * await client.usage.ingest([{ type: "chat.completion", id: "req-1", api_key_id: keyId, model: "sonar",
   *   usage: { prompt_tokens: 500, completion_tokens: 200 } }]);
   */
  ingest(events: UsageEvent[]): Promise<IngestUsageEventsResponse> {
    return request(this.#ctx, { method: "POST", path: path`/v1/usage_events`, body: { events }, response: IngestUsageEventsResponse });
  }

  /** The usage chart (`GET …/usage`): daily buckets of the eight metrics; default range the last 7 days. */
  metrics(groupId: string, query: Partial<UsageMetricsQuery> = {}): Promise<UsageMetrics> {
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/usage`, query: { ...query }, response: UsageMetrics });
  }

  /** The billing breakdown (`GET …/usage/breakdown`): quantity, unit price and cost per model and line item. */
  breakdown(groupId: string, query: Partial<UsageRangeQuery> = {}): Promise<UsageBreakdown> {
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/usage/breakdown`, query: { ...query }, response: UsageBreakdown });
  }

  /** One page of invoices (`GET …/invoices`), newest first; `after`/`before` take `next_cursor`/`previous_cursor`. */
  invoices(groupId: string, query: Partial<ListInvoicesQuery> = {}): Promise<InvoiceList> {
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/invoices`, query: { ...query }, response: InvoiceList });
  }
}
