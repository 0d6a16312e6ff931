import type { Invoice, InvoiceList, ListInvoicesQuery, PricedModel } from "../../api";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";

/** Invoices per billing cycle (calendar month, UTC), derived from the daily usage totals. */
export interface InvoiceStore {
  /** One page of the group's invoices, newest first. @throws BackendError 404 `group_not_found`. */
  list(groupId: string, query: ListInvoicesQuery, now: Date): InvoiceList;
}

interface LineRow {
  api_key_id: string;
  token_last4: string | null;
  model: PricedModel;
  requests: number;
  cost: number;
}

/**
 * Creates the {@link InvoiceStore} over `db`. Usage counts toward the cycle it was received in, so a
 * closed cycle's totals can no longer change and its invoice needs no snapshot: it is computed on read.
 */
export function createInvoiceStore(db: Db): InvoiceStore {
  const groupExists = db.prepare("SELECT 1 FROM groups WHERE id = ?").pluck();
  const cyclesOf = db.prepare("SELECT DISTINCT cycle FROM usage_daily WHERE group_id = ? ORDER BY cycle DESC").pluck();
  const linesOf = db.prepare(`SELECT u.api_key_id, k.token_last4, u.model, SUM(u.requests) AS requests, SUM(u.cost_usd_micros) AS cost
    FROM usage_daily u LEFT JOIN api_keys k ON k.id = u.api_key_id WHERE u.group_id = ? AND u.cycle = ?
    GROUP BY u.api_key_id, u.model ORDER BY u.model, u.api_key_id`);

  const invoice = (groupId: string, cycle: string, now: Date): Invoice => {
    const [year, month] = cycle.split("-").map(Number) as [number, number];
    const closesAt = Date.UTC(year, month, 1);
    const lines = (linesOf.all(groupId, cycle) as LineRow[]).map((l) => ({ description: `${l.model} (${l.token_last4 ?? "????"})`, model: l.model,
      api_key_id: l.api_key_id, requests: l.requests, cost_usd_micros: l.cost }));
    return { object: "invoice", id: `inv_${groupId.slice(4)}_${cycle.replace("-", "")}`, group_id: groupId, cycle, period_start: `${cycle}-01`,
      period_end: new Date(closesAt - 1).toISOString().slice(0, 10), date: new Date(closesAt).toISOString(),
      status: closesAt <= now.getTime() ? "paid" : "draft", cost_usd_micros: lines.reduce((sum, l) => sum + l.cost_usd_micros, 0), line_items: lines };
  };

  return {
    list(groupId, { limit, after, before }, now) {
      if (groupExists.get(groupId) === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
      const cycles = cyclesOf.all(groupId) as string[];
      const between = cycles.filter((c) => (after === undefined || c < after) && (before === undefined || c > before));
      // `before` pages back towards newer cycles: the `limit` newer cycles closest to the cursor.
      const chosen = before !== undefined ? between.slice(-limit) : between.slice(0, limit);
      const first = chosen[0];
      const last = chosen[chosen.length - 1];
      const hasOlder = last !== undefined && cycles.some((c) => c < last);
      const hasNewer = first !== undefined && cycles.some((c) => c > first);
      return { object: "list", data: chosen.map((c) => invoice(groupId, c, now)), has_more: hasOlder,
        next_cursor: hasOlder ? last : null, previous_cursor: hasNewer ? first : null };
    },
  };
}
