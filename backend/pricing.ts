import { unitPrice, type LineItem, type PricedModel, type ProSearchType, type SearchContextSize, type UsageEvent } from "../api";

/** What a request consumed, by countable quantity. */
export interface UsageCounts {
  readonly requests: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly citation_tokens: number;
  readonly reasoning_tokens: number;
  readonly search_queries: number;
}

/** A usage event reduced to what prices it: product, request-fee class and counts. */
export interface MeteredUsage {
  readonly model: PricedModel;
  /** Search context size of a chat request; `""` for the Search API. */
  readonly context: SearchContextSize | "";
  /** Pro Search type of a sonar-pro request; `""` when it is not a Pro Search. */
  readonly searchType: ProSearchType | "";
  readonly counts: UsageCounts;
}

/** The countable quantities of one usage event. */
export function meter(event: UsageEvent): MeteredUsage {
  if (event.type === "search") {
    return { model: "search", context: "", searchType: "", counts: { requests: 1, input_tokens: 0, output_tokens: 0, citation_tokens: 0, reasoning_tokens: 0, search_queries: 0 } };
  }
  const u = event.usage;
  return { model: event.model, context: event.search_context_size ?? "low", searchType: event.search_type ?? "",
    counts: { requests: 1, input_tokens: u.prompt_tokens, output_tokens: u.completion_tokens, citation_tokens: u.citation_tokens ?? 0,
      reasoning_tokens: u.reasoning_tokens ?? 0, search_queries: u.num_search_queries ?? 0 } };
}

/** The token and search-query counts, each billed as the line item of the same name (the request fee is the other line item). */
const COUNTED_ITEMS = ["input_tokens", "output_tokens", "citation_tokens", "reasoning_tokens", "search_queries"] as const satisfies readonly (keyof UsageCounts & LineItem)[];

/** The request-fee line item of a chat request, by Pro Search type (`""`: none) and search context size (`""`: `low`). */
const FEE_ITEMS = Object.fromEntries((["", "fast", "pro"] as const).map((type) => [type, Object.fromEntries((["", "low", "medium", "high"] as const).map((size) =>
  [size, (type === "" ? `requests_${size || "low"}` : `pro_search_${type}_${size || "low"}`) as LineItem]))])) as Record<ProSearchType | "", Record<SearchContextSize | "", LineItem>>;

/** The billing line items of `usage` (possibly summed over many requests of the same class), with quantities. */
export function lineItems(usage: MeteredUsage): [LineItem, number][] {
  const { model, context, searchType, counts } = usage;
  if (model === "search") return [["search_requests", counts.requests]];
  return [...COUNTED_ITEMS.map((item): [LineItem, number] => [item, counts[item]]), [FEE_ITEMS[searchType][context], counts.requests]];
}

/** Cost of each line item of `usage` in micro-USD, keyed by line item; items the model does not bill cost 0. */
export function costs(usage: MeteredUsage): Map<LineItem, number> {
  return new Map(lineItems(usage).map(([item, quantity]) => [item, quantity * unitPrice(usage.model, item)]));
}

/**
 * Total cost of `usage` in micro-USD (exact: integer prices times integer quantities). The same sum as
 * over {@link costs}, without building it: this runs once per ingested event.
 */
export function totalCost(usage: MeteredUsage): number {
  const { model, counts } = usage;
  if (model === "search") return counts.requests * unitPrice(model, "search_requests");
  let total = counts.requests * unitPrice(model, FEE_ITEMS[usage.searchType][usage.context]);
  for (const item of COUNTED_ITEMS) total += counts[item] * unitPrice(model, item);
  return total;
}
