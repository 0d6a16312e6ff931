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

/** The billing line items of `usage` (possibly summed over many requests of the same class), with quantities. */
export function lineItems(usage: MeteredUsage): [LineItem, number][] {
  const { model, context, searchType, counts } = usage;
  if (model === "search") return [["search_requests", counts.requests]];
  const fee: LineItem = searchType === "" ? `requests_${context || "low"}` : `pro_search_${searchType}_${context || "low"}`;
  return [["input_tokens", counts.input_tokens], ["output_tokens", counts.output_tokens], ["citation_tokens", counts.citation_tokens],
    ["reasoning_tokens", counts.reasoning_tokens], ["search_queries", counts.search_queries], [fee, counts.requests]];
}

/** Cost of each line item of `usage` in micro-USD, keyed by line item; items the model does not bill cost 0. */
export function costs(usage: MeteredUsage): Map<LineItem, number> {
  return new Map(lineItems(usage).map(([item, quantity]) => [item, quantity * unitPrice(usage.model, item)]));
}

/** Total cost of `usage` in micro-USD (exact: integer prices times integer quantities). */
export function totalCost(usage: MeteredUsage): number {
  let total = 0;
  for (const cost of costs(usage).values()) total += cost;
  return total;
}
