import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { SearchRequest, SearchResponse } from "../../api";
import { randomId } from "../crypto";
import { createGroupCommit } from "../store/group-commit";
import type { Ledger } from "../store/ledger";
import type { UsageStore } from "../store/usage";
import { apiKeyOf, unblockedApiKeyAccess } from "./auth-tokens";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link searchRoutes}. */
export interface SearchRoutesOptions {
  readonly usage: UsageStore;
  readonly ledger: Ledger;
  /** The backend clock. */
  readonly now: () => Date;
}

/** Results per query when the request sets no `max_results`, as Perplexity's Search API defaults. */
const DEFAULT_RESULTS = 10;
/** How many results the emulation makes up per query at most, whatever `max_results` asks. */
const EMULATED_RESULTS = 3;

/**
 * `POST /search`, Perplexity's Search API, metered: each successful request is one "Search API Requests"
 * usage event ($5 per 1,000, however many queries), debited like any usage and shown in the usage metrics.
 * Authenticated with a group's API key; a blocked key gets 401 `insufficient_credits`. The results are
 * made up (the emulation has no index) but deterministic in the query.
 */
export const searchRoutes: FastifyPluginAsyncZod<SearchRoutesOptions> = async (app, { usage, ledger, now }) => {
  const ingest = createGroupCommit(usage.ingestMany);

  app.post("/search", {
    onRequest: unblockedApiKeyAccess(ledger),
    schema: { operationId: "search", summary: "Search (metered)", tags: ["search"], body: SearchRequest,
      response: { 200: json("The pages found.", SearchResponse), ...errorResponses(400, 401, 403) } },
  }, async (request) => {
    const at = now();
    const id = randomId("");
    await ingest({ events: [{ type: "search", id: `search-${id}`, api_key_id: apiKeyOf(request).id, timestamp: at.toISOString() }], now: at });
    const queries = typeof request.body.query === "string" ? [request.body.query] : request.body.query;
    const perQuery = Math.min(request.body.max_results ?? DEFAULT_RESULTS, EMULATED_RESULTS);
    const results = queries.flatMap((query) => Array.from({ length: perQuery }, (_, i) => ({
      title: `Emulated result ${i + 1} for: ${query.slice(0, 80)}`,
      url: `https://example.com/search/${encodeURIComponent(query.slice(0, 40))}/${i + 1}`,
      snippet: `An emulated page about ${query.slice(0, 120)}.`, date: null, last_updated: null,
    })));
    return { id, results, server_time: at.toISOString() };
  });
};
