import { z } from "zod";
import { ApiKeyId } from "./api-keys";
import { GroupId } from "./groups";
import { LineItem, PricedModel } from "./pricing";

/** The eight usage-chart metrics of the console, by wire name. */
export const USAGE_METRICS = {
  chat_completions_requests: "Chat Completions API Requests",
  input_tokens: "Input Tokens",
  output_tokens: "Output Tokens",
  citation_tokens: "Citation Tokens",
  reasoning_tokens: "Reasoning Tokens",
  deep_research_requests: "Deep Research Requests Count",
  search_api_requests: "Search API Requests Count",
  pro_search_requests: "Pro Search API Requests Count",
} as const;

/** A usage-chart metric (see {@link USAGE_METRICS} for the console labels). */
export const UsageMetric = z.enum(Object.keys(USAGE_METRICS) as [keyof typeof USAGE_METRICS, ...(keyof typeof USAGE_METRICS)[]]);
/** See {@link UsageMetric}. */
export type UsageMetric = z.infer<typeof UsageMetric>;

/** Longest custom range, in days (inclusive of both ends). */
export const MAX_USAGE_RANGE_DAYS = 366;

/** A UTC calendar day, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();

/**
 * Query of the usage reports: `range` `last_7_days` (default: today and the 6 days before, UTC),
 * `last_30_days`, or `custom` with `start_date` and `end_date` (inclusive, at most 366 days); optionally
 * one API key's usage only.
 */
export const UsageRangeQuery = z
  .object({
    range: z.enum(["last_7_days", "last_30_days", "custom"]).default("last_7_days"),
    start_date: IsoDate.optional().describe("Required with range=custom: first day, UTC."),
    end_date: IsoDate.optional().describe("Required with range=custom: last day (inclusive), UTC."),
    api_key_id: ApiKeyId.optional().describe("Optional. Only this key's usage; default every key of the group."),
  })
  .strict();
/**
 * The rules of {@link UsageRangeQuery} that span parameters, which JSON Schema cannot state for query
 * parameters: the operation descriptions in openapi.json carry this text.
 */
export const USAGE_RANGE_RULES =
  "`start_date` and `end_date` are required with `range=custom` (and ignored with the other ranges); `end_date` must not be " +
  `before \`start_date\`, and the range spans at most ${MAX_USAGE_RANGE_DAYS} days (both ends included). Otherwise 400 naming the parameter.`;
/** See {@link UsageRangeQuery}. */
export type UsageRangeQuery = z.infer<typeof UsageRangeQuery>;

/** Query of `GET …/usage`: the range, plus optionally one metric (default all eight). */
export const UsageMetricsQuery = UsageRangeQuery.extend({ metric: UsageMetric.optional().describe("Optional; default all eight metrics.") });
/** See {@link UsageMetricsQuery}. */
export type UsageMetricsQuery = z.infer<typeof UsageMetricsQuery>;

const DateRange = z.object({ start_date: IsoDate, end_date: IsoDate });

/** A metric's daily series: one bucket per UTC day of the range (0 on days without usage), and its total. */
export const UsageSeries = z.object({
  metric: UsageMetric,
  label: z.string().describe("The console's name of the metric."),
  total: z.number().int(),
  buckets: z.array(z.object({ date: IsoDate, value: z.number().int() })),
});
/** See {@link UsageSeries}. */
export type UsageSeries = z.infer<typeof UsageSeries>;

/** Response of `GET /v1/groups/{group_id}/usage`: the usage chart. */
export const UsageMetrics = z
  .object({ object: z.literal("usage"), group_id: GroupId, ...DateRange.shape, api_key_id: ApiKeyId.nullable(), metrics: z.array(UsageSeries) })
  .meta({ id: "UsageMetrics" });
/** See {@link UsageMetrics}. */
export type UsageMetrics = z.infer<typeof UsageMetrics>;

/** One line of the billing breakdown: a model's quantity of one line item, its unit price and cost. */
export const BreakdownLine = z.object({
  model: PricedModel,
  line_item: LineItem,
  quantity: z.number().int(),
  unit_price_usd_micros: z.number().int().describe("Micro-USD per token, search query or request."),
  cost_usd_micros: z.number().int(),
});
/** See {@link BreakdownLine}. */
export type BreakdownLine = z.infer<typeof BreakdownLine>;

/** Response of `GET /v1/groups/{group_id}/usage/breakdown`: per-model billing lines, cost per key, and the total. */
export const UsageBreakdown = z
  .object({
    object: z.literal("usage_breakdown"),
    group_id: GroupId,
    ...DateRange.shape,
    api_key_id: ApiKeyId.nullable(),
    lines: z.array(BreakdownLine),
    by_api_key: z.array(z.object({ api_key_id: ApiKeyId, token_hint: z.string(), cost_usd_micros: z.number().int() })),
    total_cost_usd_micros: z.number().int(),
  })
  .meta({ id: "UsageBreakdown" });
/** See {@link UsageBreakdown}. */
export type UsageBreakdown = z.infer<typeof UsageBreakdown>;
