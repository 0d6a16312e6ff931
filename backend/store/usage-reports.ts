import {
  MAX_USAGE_RANGE_DAYS, tokenHint, unitPrice, USAGE_METRICS, type BreakdownLine, type LineItem, type PricedModel, type UsageBreakdown,
  type UsageMetric, type UsageMetrics, type UsageMetricsQuery, type UsageRangeQuery,
} from "../../api";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";
import { lineItems, type MeteredUsage } from "../pricing";

/** Reads of the usage chart and the billing breakdown, from the daily totals. @throws BackendError 404, 400. */
export interface UsageReports {
  /** Daily buckets (UTC) of the requested metrics over the range. */
  metrics(groupId: string, query: UsageMetricsQuery, now: Date): UsageMetrics;
  /** Per-model line items (quantity, unit price, cost) and cost per key over the range. */
  breakdown(groupId: string, query: UsageRangeQuery, now: Date): UsageBreakdown;
}

const DAY_MS = 24 * 60 * 60 * 1000;
type MetricRow = { day: number } & Record<UsageMetric, number>;
type TotalsRow = MeteredUsage["counts"] & { api_key_id: string; model: PricedModel; context: MeteredUsage["context"]; search_type: MeteredUsage["searchType"]; cost: number };

/** Creates the {@link UsageReports} over `db`. */
export function createUsageReports(db: Db): UsageReports {
  const groupExists = db.prepare("SELECT 1 FROM groups WHERE id = ?").pluck();
  const keysOf = db.prepare("SELECT id, token_last4 FROM api_keys WHERE group_id = ?");
  const filter = "group_id = @group AND day BETWEEN @start AND @end AND (@key IS NULL OR api_key_id = @key)";
  const daily = db.prepare(`SELECT day,
      SUM(CASE WHEN model <> 'search' THEN requests ELSE 0 END) AS chat_completions_requests,
      SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(citation_tokens) AS citation_tokens,
      SUM(reasoning_tokens) AS reasoning_tokens,
      SUM(CASE WHEN model = 'sonar-deep-research' THEN requests ELSE 0 END) AS deep_research_requests,
      SUM(CASE WHEN model = 'search' THEN requests ELSE 0 END) AS search_api_requests,
      SUM(CASE WHEN search_type <> '' THEN requests ELSE 0 END) AS pro_search_requests
    FROM usage_daily WHERE ${filter} GROUP BY day`);
  const totals = db.prepare(`SELECT api_key_id, model, context, search_type, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens,
      SUM(output_tokens) AS output_tokens, SUM(citation_tokens) AS citation_tokens, SUM(reasoning_tokens) AS reasoning_tokens,
      SUM(search_queries) AS search_queries, SUM(cost_usd_micros) AS cost
    FROM usage_daily WHERE ${filter} GROUP BY api_key_id, model, context, search_type`);

  /** The group's keys (last 4 characters by id); checks the group exists and owns `keyId`. */
  const keysFor = (groupId: string, keyId: string | undefined) => {
    if (groupExists.get(groupId) === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
    const keys = new Map((keysOf.all(groupId) as { id: string; token_last4: string }[]).map((k) => [k.id, k.token_last4]));
    if (keyId !== undefined && !keys.has(keyId)) throw new BackendError("api_key_not_found", MESSAGES.apiKeyNotFound(keyId, groupId), "api_key_id");
    return keys;
  };
  const params = (groupId: string, range: DayRange, keyId: string | undefined) => ({ group: groupId, start: range.start, end: range.end, key: keyId ?? null });

  return {
    metrics(groupId, query, now) {
      keysFor(groupId, query.api_key_id);
      const range = dayRange(query, now);
      const rows = new Map((daily.all(params(groupId, range, query.api_key_id)) as MetricRow[]).map((r) => [r.day, r]));
      const wanted = query.metric === undefined ? (Object.keys(USAGE_METRICS) as UsageMetric[]) : [query.metric];
      const days = Array.from({ length: range.end - range.start + 1 }, (_, i) => range.start + i);
      const metrics = wanted.map((metric) => {
        const buckets = days.map((day) => ({ date: isoDate(day), value: rows.get(day)?.[metric] ?? 0 }));
        return { metric, label: USAGE_METRICS[metric], total: buckets.reduce((sum, b) => sum + b.value, 0), buckets };
      });
      return { object: "usage", group_id: groupId, start_date: isoDate(range.start), end_date: isoDate(range.end), api_key_id: query.api_key_id ?? null, metrics };
    },

    breakdown(groupId, query, now) {
      const keys = keysFor(groupId, query.api_key_id);
      const range = dayRange(query, now);
      const lines = new Map<string, BreakdownLine>();
      const byKey = new Map<string, number>();
      for (const row of totals.all(params(groupId, range, query.api_key_id)) as TotalsRow[]) {
        byKey.set(row.api_key_id, (byKey.get(row.api_key_id) ?? 0) + row.cost);
        for (const [item, quantity] of lineItems({ model: row.model, context: row.context, searchType: row.search_type, counts: row })) {
          addLine(lines, row.model, item, quantity);
        }
      }
      const sorted = [...lines.values()].filter((l) => l.quantity > 0 && l.unit_price_usd_micros > 0)
        .sort((a, b) => a.model.localeCompare(b.model) || a.line_item.localeCompare(b.line_item));
      return { object: "usage_breakdown", group_id: groupId, start_date: isoDate(range.start), end_date: isoDate(range.end), api_key_id: query.api_key_id ?? null,
        lines: sorted, by_api_key: [...byKey].map(([id, cost]) => ({ api_key_id: id, token_hint: tokenHint(keys.get(id) ?? "????"), cost_usd_micros: cost })),
        total_cost_usd_micros: sorted.reduce((sum, l) => sum + l.cost_usd_micros, 0) };
    },
  };
}

function addLine(lines: Map<string, BreakdownLine>, model: PricedModel, item: LineItem, quantity: number): void {
  const price = unitPrice(model, item);
  const line = lines.get(`${model}/${item}`) ?? { model, line_item: item, quantity: 0, unit_price_usd_micros: price, cost_usd_micros: 0 };
  line.quantity += quantity;
  line.cost_usd_micros += quantity * price;
  lines.set(`${model}/${item}`, line);
}

/** A range of UTC days, as days since the Unix epoch, both ends included. */
interface DayRange {
  readonly start: number;
  readonly end: number;
}

/** The days a usage query covers: the last 7 or 30 days up to today (UTC), or a custom range. */
export function dayRange(query: UsageRangeQuery, now: Date): DayRange {
  const today = Math.floor(now.getTime() / DAY_MS);
  if (query.range === "last_7_days") return { start: today - 6, end: today };
  if (query.range === "last_30_days") return { start: today - 29, end: today };
  if (query.start_date === undefined) throw new BackendError("invalid_request", "Query parameter `start_date` is required with range=custom.", "start_date");
  if (query.end_date === undefined) throw new BackendError("invalid_request", "Query parameter `end_date` is required with range=custom.", "end_date");
  const start = Date.parse(query.start_date) / DAY_MS;
  const end = Date.parse(query.end_date) / DAY_MS;
  if (end < start) throw new BackendError("invalid_request", "Query parameter `end_date` must not be before start_date.", "end_date");
  if (end - start + 1 > MAX_USAGE_RANGE_DAYS) throw new BackendError("invalid_request", `Query parameter \`end_date\` must be at most ${MAX_USAGE_RANGE_DAYS} days after start_date (inclusive).`, "end_date");
  return { start, end };
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
