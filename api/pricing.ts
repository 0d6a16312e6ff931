import { z } from "zod";

/**
 * Perplexity's published API prices, kept as data. Source: docs.perplexity.ai/getting-started/pricing
 * (docs repository `docs/getting-started/pricing.mdx`), read 2026-11: "Total cost per query = Token costs +
 * Request fee (varies by search context size, applies to Sonar, Sonar Pro, and Sonar Reasoning Pro models
 * only)"; Sonar Deep Research bills citation tokens, reasoning tokens and search queries instead; the Search
 * API bills $5 per 1,000 successful requests. Every price here is a whole number of micro-USD per unit
 * (1 µ$ per sonar token, 5,000 µ$ per low-context sonar request), so the credit ledger keeps exact integer
 * micro-USD. (Only embeddings, which this backend does not meter, would need a finer unit.)
 */
export const CHAT_MODELS = ["sonar", "sonar-pro", "sonar-reasoning-pro", "sonar-deep-research"] as const;

/** A metered Sonar chat model. */
export const ChatModel = z.enum(CHAT_MODELS);
/** See {@link ChatModel}. */
export type ChatModel = z.infer<typeof ChatModel>;

/** A priced product: the four chat models and the Search API (`search`, `POST /search`). */
export const PricedModel = z.enum([...CHAT_MODELS, "search"]);
/** See {@link PricedModel}. */
export type PricedModel = z.infer<typeof PricedModel>;

/** `search_context_size` of a chat request; Perplexity's default is `low`. */
export const SearchContextSize = z.enum(["low", "medium", "high"]);
/** See {@link SearchContextSize}. */
export type SearchContextSize = z.infer<typeof SearchContextSize>;

/** Pro Search `search_type` of a sonar-pro request: `fast` (default Pro Search price) or `pro`. */
export const ProSearchType = z.enum(["fast", "pro"]);
/** See {@link ProSearchType}. */
export type ProSearchType = z.infer<typeof ProSearchType>;

/**
 * One billed quantity of a request: tokens by kind, deep-research search queries, or the per-request fee
 * (by search context size, or by Pro Search type and size).
 */
export const LineItem = z.enum([
  "input_tokens", "output_tokens", "citation_tokens", "reasoning_tokens", "search_queries",
  "requests_low", "requests_medium", "requests_high",
  "pro_search_fast_low", "pro_search_fast_medium", "pro_search_fast_high",
  "pro_search_pro_low", "pro_search_pro_medium", "pro_search_pro_high",
  "search_requests",
]);
/** See {@link LineItem}. */
export type LineItem = z.infer<typeof LineItem>;

/** Prices of one model: micro-USD per unit of each line item it bills (absent: not billed, cost 0). */
export type ModelPrices = Readonly<Partial<Record<LineItem, number>>>;

/** Micro-USD per token for $N per million tokens: $1/1M = 1 µ$. */
const perMillion = (usd: number) => usd;
/** Micro-USD per request for $N per thousand requests: $5/1K = 5,000 µ$. */
const perThousand = (usd: number) => usd * 1000;

/** Request fees per 1,000 requests of sonar-pro and sonar-reasoning-pro: $6 / $10 / $14 by context size. */
const PRO_REQUEST_FEES = { requests_low: perThousand(6), requests_medium: perThousand(10), requests_high: perThousand(14) };

/** The price table, micro-USD per unit (token, search query or request). */
export const PRICES: Readonly<Record<PricedModel, ModelPrices>> = {
  sonar: { input_tokens: perMillion(1), output_tokens: perMillion(1),
    requests_low: perThousand(5), requests_medium: perThousand(8), requests_high: perThousand(12) },
  "sonar-pro": { input_tokens: perMillion(3), output_tokens: perMillion(15), ...PRO_REQUEST_FEES,
    // Pro Search replaces the request fee: `fast` costs what a plain sonar-pro request does, `pro` more.
    pro_search_fast_low: perThousand(6), pro_search_fast_medium: perThousand(10), pro_search_fast_high: perThousand(14),
    pro_search_pro_low: perThousand(14), pro_search_pro_medium: perThousand(18), pro_search_pro_high: perThousand(22) },
  "sonar-reasoning-pro": { input_tokens: perMillion(2), output_tokens: perMillion(8), ...PRO_REQUEST_FEES },
  "sonar-deep-research": { input_tokens: perMillion(2), output_tokens: perMillion(8), citation_tokens: perMillion(2),
    reasoning_tokens: perMillion(3), search_queries: perThousand(5) },
  search: { search_requests: perThousand(5) },
};

/** Micro-USD per unit of `item` for `model`; 0 when the model does not bill it. */
export function unitPrice(model: PricedModel, item: LineItem): number {
  return PRICES[model][item] ?? 0;
}
