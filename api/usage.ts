import { z } from "zod";
import { ApiKeyId } from "./api-keys";
import { Timestamp } from "./common";
import { GroupId } from "./groups";
import { ChatModel, PricedModel, ProSearchType, SearchContextSize } from "./pricing";

/** Most events one `POST /v1/usage_events` accepts. */
export const MAX_USAGE_EVENTS_PER_REQUEST = 100;
/** How far back an event's `timestamp` may lie, in milliseconds (35 days, as Stripe's meter events). */
export const USAGE_EVENT_MAX_AGE_MS = 35 * 24 * 60 * 60 * 1000;
/** How far ahead of the backend's clock an event's `timestamp` may lie, in milliseconds (5 minutes). */
export const USAGE_EVENT_MAX_SKEW_MS = 5 * 60 * 1000;

/** A caller-chosen event id, unique per event: 1–255 printable characters. Replays are deduplicated by it. */
export const UsageEventId = z.string().regex(/^[\x21-\x7e]{1,255}$/, "must be 1-255 printable characters without spaces");

const TokenCount = z.number().int("must be an integer").min(0).max(1_000_000_000);

/** Token and search counts of a chat completion, as Perplexity's response `usage` names them; absent counts are 0. */
export const ChatUsage = z
  .object({
    prompt_tokens: TokenCount,
    completion_tokens: TokenCount,
    citation_tokens: TokenCount.optional().describe("Optional; default 0. Billed by sonar-deep-research only."),
    reasoning_tokens: TokenCount.optional().describe("Optional; default 0. Billed by sonar-deep-research only."),
    num_search_queries: TokenCount.optional().describe("Optional; default 0. Billed by sonar-deep-research only."),
  })
  .strict();
/** See {@link ChatUsage}. */
export type ChatUsage = z.infer<typeof ChatUsage>;

const common = {
  id: UsageEventId,
  api_key_id: ApiKeyId.describe("The API key the request was made with; the event is billed to that key's group."),
  timestamp: Timestamp.optional().describe("When the request completed. Optional; default the time the event is received. Within 35 days back and 5 minutes ahead."),
};

/** One completed, billable chat completion. `search_type` (Pro Search) applies to sonar-pro only. */
export const ChatCompletionUsageEvent = z
  .object({
    type: z.literal("chat.completion"),
    ...common,
    model: ChatModel,
    search_context_size: SearchContextSize.optional().describe("Optional; default `low`. Sets the request fee."),
    search_type: ProSearchType.optional().describe("Optional; sonar-pro only. Makes the request a Pro Search, billed at the Pro Search fee."),
    usage: ChatUsage,
  })
  .strict()
  .refine((e) => e.search_type === undefined || e.model === "sonar-pro", { path: ["search_type"], message: "is only allowed with model sonar-pro (Pro Search)" })
  // The same rule in openapi.json (zod copies these keywords into the JSON Schema): no search_type, or model sonar-pro.
  .meta({ anyOf: [{ not: { required: ["search_type"] } }, { properties: { model: { const: "sonar-pro" } } }] });

/** One successful Search API request (`POST /search`), billed per request however many queries it had. */
export const SearchUsageEvent = z.object({ type: z.literal("search"), ...common }).strict();

/** A usage event: what one billable request consumed, reported by whatever served the request. */
export const UsageEvent = z.discriminatedUnion("type", [ChatCompletionUsageEvent, SearchUsageEvent]).meta({ id: "UsageEvent" });
/** See {@link UsageEvent}. */
export type UsageEvent = z.infer<typeof UsageEvent>;

/** Body of `POST /v1/usage_events`: 1–100 events, recorded all or nothing. */
export const IngestUsageEventsRequest = z
  .object({ events: z.array(UsageEvent).min(1).max(MAX_USAGE_EVENTS_PER_REQUEST) })
  .strict()
  .meta({ id: "IngestUsageEventsRequest" });
/** See {@link IngestUsageEventsRequest}. */
export type IngestUsageEventsRequest = z.infer<typeof IngestUsageEventsRequest>;

/**
 * What recording one event did: its price and the group it was billed to. Replaying an identical event
 * returns the original result with `duplicate: true` and charges nothing again.
 */
export const RecordedUsageEvent = z
  .object({
    object: z.literal("usage_event"),
    id: UsageEventId,
    group_id: GroupId,
    api_key_id: ApiKeyId,
    model: PricedModel,
    timestamp: Timestamp,
    cost_usd_micros: z.number().int().describe("What the event cost, in micro-USD."),
    duplicate: z.boolean().describe("True when this id was already recorded with the same body (nothing charged again)."),
  })
  .meta({ id: "RecordedUsageEvent" });
/** See {@link RecordedUsageEvent}. */
export type RecordedUsageEvent = z.infer<typeof RecordedUsageEvent>;

/** Response of `POST /v1/usage_events`: one result per event, in request order. */
export const IngestUsageEventsResponse = z
  .object({ object: z.literal("list"), data: z.array(RecordedUsageEvent) })
  .meta({ id: "IngestUsageEventsResponse" });
/** See {@link IngestUsageEventsResponse}. */
export type IngestUsageEventsResponse = z.infer<typeof IngestUsageEventsResponse>;
