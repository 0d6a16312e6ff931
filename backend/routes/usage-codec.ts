import type { FastifySchemaCompiler, FastifySerializerCompiler } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { z } from "zod";
import {
  ApiKeyId, ChatCompletionUsageEvent, ChatModel, ChatUsage, IngestUsageEventsRequest, MAX_USAGE_EVENTS_PER_REQUEST, ProSearchType,
  RecordedUsageEvent, SearchContextSize, SearchUsageEvent, Timestamp, UsageEventId, IngestUsageEventsResponse, type UsageEvent,
} from "../../api";

/*
 * The codec of `POST /v1/usage_events`, the hot path of metering. Validating a 100-event body with the zod
 * contract and re-validating the response on the way out cost more than recording the events, so:
 * - {@link validateIngestBody} checks the usual body directly, field by field against the contract's own
 *   rules (patterns, enums and key order are read from the zod schemas), and returns what zod would return;
 *   anything it does not accept goes to zod, which then decides and words the error. So it can never accept
 *   less than the contract; a unit test holds it to accepting nothing more, value for value.
 * - {@link serializeIngestResponse} stringifies the response directly: the store built every field from
 *   validated input and its own rows, so there is nothing left to check.
 */

/** What the ingestion body validator returns, as Fastify expects it: the validated value, or the error to report. */
export type IngestValidation = { value: unknown; error?: never } | { error: Error; value?: never };

const route = { method: "POST", url: "/v1/usage_events" };
const byZod = validatorCompiler({ schema: IngestUsageEventsRequest, ...route }) as (data: unknown) => IngestValidation;

/** The regex of a `z.string().regex(…)` schema, so the contract stays the one place a pattern is written. */
function patternOf(schema: z.ZodString): RegExp {
  const check = schema._zod.def.checks?.map((c) => c._zod.def as { format?: string; pattern?: RegExp }).find((d) => d.format === "regex");
  if (check?.pattern === undefined) throw new Error("usage-codec: expected a regex check on the schema");
  return check.pattern;
}

const EVENT_ID = patternOf(UsageEventId);
const KEY_ID = patternOf(ApiKeyId);
const CHAT_FIELDS = Object.keys(ChatCompletionUsageEvent.shape);
const SEARCH_FIELDS = Object.keys(SearchUsageEvent.shape);
const USAGE_FIELDS = Object.keys(ChatUsage.shape);
const REQUIRED_USAGE = USAGE_FIELDS.filter((k) => !ChatUsage.shape[k as keyof typeof ChatUsage.shape].safeParse(undefined).success);
const CHAT_KEYS = new Set(CHAT_FIELDS);
const SEARCH_KEYS = new Set(SEARCH_FIELDS);
const USAGE_KEYS = new Set(USAGE_FIELDS);
const MODELS = new Set<unknown>(ChatModel.options);
const CONTEXT_SIZES = new Set<unknown>(SearchContextSize.options);
const SEARCH_TYPES = new Set<unknown>(ProSearchType.options);
/** `TokenCount` in api/usage.ts: an integer from 0 to a billion. */
const MAX_TOKENS = 1_000_000_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const onlyKeys = (r: Record<string, unknown>, allowed: Set<string>) => {
  for (const k in r) if (!allowed.has(k)) return false;
  return true;
};
const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_TOKENS;

/** The fields of `from` named in `order` that are present, in that order: the key order of zod's output. */
function ordered(from: Record<string, unknown>, order: readonly string[], replace?: [string, unknown]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    const v = replace !== undefined && replace[0] === k ? replace[1] : from[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** One event as zod would output it, or undefined when this fast check does not accept it. */
function fastEvent(e: unknown, lastKey: { id: string }): UsageEvent | undefined {
  if (!isRecord(e)) return undefined;
  const chat = e["type"] === "chat.completion";
  if (!chat && e["type"] !== "search") return undefined;
  if (!onlyKeys(e, chat ? CHAT_KEYS : SEARCH_KEYS)) return undefined;
  const id = e["id"];
  const key = e["api_key_id"];
  if (typeof id !== "string" || !EVENT_ID.test(id) || typeof key !== "string") return undefined;
  if (key !== lastKey.id) {
    if (!KEY_ID.test(key)) return undefined;
    lastKey.id = key;
  }
  if (e["timestamp"] !== undefined && !Timestamp.safeParse(e["timestamp"]).success) return undefined;
  if (!chat) return ordered(e, SEARCH_FIELDS) as UsageEvent;
  const { model, usage } = e;
  const size = e["search_context_size"];
  const searchType = e["search_type"];
  if (!MODELS.has(model) || (size !== undefined && !CONTEXT_SIZES.has(size))) return undefined;
  if (searchType !== undefined && (!SEARCH_TYPES.has(searchType) || model !== "sonar-pro")) return undefined;
  if (!isRecord(usage) || !onlyKeys(usage, USAGE_KEYS) || REQUIRED_USAGE.some((k) => usage[k] === undefined)) return undefined;
  for (const k in usage) if (!isCount(usage[k])) return undefined;
  return ordered(e, CHAT_FIELDS, ["usage", ordered(usage, USAGE_FIELDS)]) as UsageEvent;
}

/** Validates a parsed `POST /v1/usage_events` body: the fast check, and zod for anything it does not accept. */
export function validateIngestBody(data: unknown): IngestValidation {
  const events = isRecord(data) && onlyKeys(data, EVENTS_KEY) ? data["events"] : undefined;
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_USAGE_EVENTS_PER_REQUEST) return byZod(data);
  const out: UsageEvent[] = new Array(events.length);
  const lastKey = { id: "" };
  for (let i = 0; i < events.length; i++) {
    const event = fastEvent(events[i], lastKey);
    if (event === undefined) return byZod(data);
    out[i] = event;
  }
  return { value: { events: out } };
}
const EVENTS_KEY = new Set(["events"]);

/**
 * Stringifies one recorded event: its contract fields in contract order and nothing else, compiled once
 * from the schema's keys as fast-json-stringify compiles Fastify's serializers. `JSON.stringify` with the
 * field list as an allowlist did the same at twice the cost (it reads the list on every call: 1.7 against
 * 0.8 µs for a one-event response).
 */
const serializeRecorded = new Function("quote", `return (e) => ${Object.keys(RecordedUsageEvent.shape)
  .map((k, i) => `${JSON.stringify(`${i === 0 ? "{" : ","}${JSON.stringify(k)}:`)} + (typeof e[${JSON.stringify(k)}] === "string" ? quote(e[${JSON.stringify(k)}]) : String(e[${JSON.stringify(k)}]))`)
  .join(" + ")} + "}";`)(JSON.stringify) as (event: RecordedUsageEvent) => string;

/** Serializes a `POST /v1/usage_events` 200 response: the fields of the contract, in its order. */
export function serializeIngestResponse(response: IngestUsageEventsResponse): string {
  let out = `{"object":${JSON.stringify(response.object)},"data":[`;
  for (let i = 0; i < response.data.length; i++) out += (i === 0 ? "" : ",") + serializeRecorded(response.data[i] as RecordedUsageEvent);
  return `${out}]}`;
}

/**
 * Route options giving `POST /v1/usage_events` the validator and the 200 serializer above for its body and
 * its 200 response; every other part (the strict empty query every route gets, error bodies) as every route.
 */
export const ingestCompilers = {
  validatorCompiler: ((def) => (def.httpPart === "body" ? validateIngestBody
    : validatorCompiler(def as Parameters<typeof validatorCompiler>[0]))) as FastifySchemaCompiler<unknown>,
  serializerCompiler: ((def) => (String(def.httpStatus) === "200" ? serializeIngestResponse
    : serializerCompiler(def as Parameters<typeof serializerCompiler>[0]))) as FastifySerializerCompiler<unknown>,
};
