import { z } from "zod";
import { SearchContextSize } from "./pricing";

/**
 * Body of `POST /search` (Perplexity's Search API), as its official SDKs send it: one query or up to five.
 * Filters (domains, dates, recency, country, language) are accepted and ignored by the emulation; `null`
 * stands for left out.
 */
export const SearchRequest = z
  .looseObject({
    query: z.union([z.string().min(1).max(10_000), z.array(z.string().min(1).max(10_000)).min(1).max(5)]),
    max_results: z.number().int().min(1).max(20).nullish().describe("Optional; default 10. Results per query."),
    max_tokens: z.number().int().min(1).max(1_000_000).nullish().describe("Optional; accepted and ignored."),
    max_tokens_per_page: z.number().int().min(1).max(1_000_000).nullish().describe("Optional; accepted and ignored."),
    search_context_size: SearchContextSize.nullish().describe("Optional; accepted and ignored (a search is billed per request)."),
  })
  .meta({ id: "SearchRequest" });
/** See {@link SearchRequest}. */
export type SearchRequest = z.infer<typeof SearchRequest>;

/** One page a search found. */
export const SearchResult = z.object({
  title: z.string(),
  url: z.string(),
  snippet: z.string(),
  date: z.string().nullable().describe("When the page was published (YYYY-MM-DD), if known."),
  last_updated: z.string().nullable().describe("When the page was last updated (YYYY-MM-DD), if known."),
});

/** Response of `POST /search`: the pages found, in Perplexity's shape; billed as one Search API request. */
export const SearchResponse = z
  .object({
    id: z.string(),
    results: z.array(SearchResult),
    server_time: z.string().nullable().describe("When the search ran (RFC 3339, UTC)."),
  })
  .meta({ id: "SearchResponse" });
/** See {@link SearchResponse}. */
export type SearchResponse = z.infer<typeof SearchResponse>;
