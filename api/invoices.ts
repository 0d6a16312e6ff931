import { z } from "zod";
import { ApiKeyId } from "./api-keys";
import { PageLimit, Timestamp } from "./common";
import { GroupId } from "./groups";
import { PricedModel } from "./pricing";
import { IsoDate } from "./usage-reports";

/** A billing cycle, `YYYY-MM` (a calendar month, UTC); also the invoice list's cursor. */
export const BillingCycle = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a billing cycle like 2026-06 (as returned in next_cursor or previous_cursor)");

/**
 * One invoice line: what one API key spent on one model in the cycle, labelled as Perplexity labels
 * invoice lines (`sonar-pro (3f9a)`, the key's last 4 characters).
 */
export const InvoiceLineItem = z.object({
  description: z.string(),
  model: PricedModel,
  api_key_id: ApiKeyId,
  requests: z.number().int(),
  cost_usd_micros: z.number().int(),
});
/** See {@link InvoiceLineItem}. */
export type InvoiceLineItem = z.infer<typeof InvoiceLineItem>;

/**
 * A group's invoice for one billing cycle (calendar month, UTC) with usage in it. Usage counts toward the
 * cycle in which it was received, so a late event lands on the next invoice and a closed one never
 * changes. `draft` while the cycle runs; `paid` once it closed (credits are prepaid).
 */
export const Invoice = z
  .object({
    object: z.literal("invoice"),
    id: z.string(),
    group_id: GroupId,
    cycle: BillingCycle,
    period_start: IsoDate,
    period_end: IsoDate.describe("Last day of the cycle (inclusive)."),
    date: Timestamp.describe("When the cycle closes (closed): the first instant of the next month, UTC."),
    status: z.enum(["draft", "paid"]),
    cost_usd_micros: z.number().int(),
    line_items: z.array(InvoiceLineItem),
  })
  .meta({ id: "Invoice" });
/** See {@link Invoice}. */
export type Invoice = z.infer<typeof Invoice>;

/**
 * Query of `GET …/invoices`: newest first; `after` pages to older cycles, `before` back to newer ones; both
 * together list the cycles strictly between them (the `limit` closest to `before`).
 */
export const ListInvoicesQuery = z
  .object({
    limit: PageLimit,
    after: BillingCycle.optional().describe("Optional. `next_cursor` of the previous page: cycles older than this one."),
    before: BillingCycle.optional().describe("Optional. `previous_cursor` of a page: cycles newer than this one."),
  })
  .strict();
/** See {@link ListInvoicesQuery}. */
export type ListInvoicesQuery = z.infer<typeof ListInvoicesQuery>;

/** One page of invoices, newest first, with Previous/Next cursors (null where there is no such page). */
export const InvoiceList = z
  .object({
    object: z.literal("list"),
    data: z.array(Invoice),
    has_more: z.boolean(),
    next_cursor: BillingCycle.nullable().describe("Pass as `after` for older invoices; null on the oldest page."),
    previous_cursor: BillingCycle.nullable().describe("Pass as `before` for newer invoices; null on the newest page."),
  })
  .meta({ id: "InvoiceList" });
/** See {@link InvoiceList}. */
export type InvoiceList = z.infer<typeof InvoiceList>;
