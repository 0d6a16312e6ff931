import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ChatCompletion, ChatCompletionRequest, messageText, USD_MICROS, type LineItem, type UsageEvent } from "../../api";
import { randomId } from "../crypto";
import { costs, meter } from "../pricing";
import { createGroupCommit } from "../store/group-commit";
import type { Ledger } from "../store/ledger";
import type { UsageStore } from "../store/usage";
import { apiKeyOf, unblockedApiKeyAccess } from "./auth-tokens";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link chatCompletionRoutes}. */
export interface ChatCompletionRoutesOptions {
  readonly usage: UsageStore;
  readonly ledger: Ledger;
  /** The backend clock. */
  readonly now: () => Date;
}

/** Output tokens an emulated answer is billed as when the request sets no `max_tokens`. */
export const DEFAULT_COMPLETION_TOKENS = 100;

/**
 * `POST /chat/completions`, the metered endpoint, authenticated like Perplexity's with a group's API key.
 * It answers with a canned message and charges a deterministic usage: input tokens = ⌈characters / 4⌉ of
 * the messages, output tokens = `max_tokens` (default 100); sonar-deep-research also bills 2 citation
 * tokens per input token, 2 reasoning tokens per output token and 3 search queries. While the group's
 * balance is ≤ 0 its keys get 401 `insufficient_credits` (blocked, not revoked). The answer is sent once
 * the usage is committed, so a client's next request sees the debit.
 */
export const chatCompletionRoutes: FastifyPluginAsyncZod<ChatCompletionRoutesOptions> = async (app, { usage, ledger, now }) => {
  // Concurrent completions share one transaction and one debit per group, as usage ingestion does (see createGroupCommit).
  const ingest = createGroupCommit(usage.ingestMany);

  app.post("/chat/completions", {
    onRequest: unblockedApiKeyAccess(ledger),
    schema: { operationId: "createChatCompletion", summary: "Chat Completions (metered)", tags: ["chat"], body: ChatCompletionRequest,
      response: { 200: json("The completion and what it cost.", ChatCompletion), ...errorResponses(400, 401, 403) } },
  }, async (request, reply) => {
    const at = now();
    const event = simulatedUsage(request.body, apiKeyOf(request).id, `chatcmpl-${randomId("")}`, at);
    await ingest({ events: [event], now: at });
    const completion = toCompletion(request.body, event, at);
    if (request.body.stream !== true) return completion;
    // The emulated answer is ready at once, so the whole stream is one body; clients read it as they read
    // Perplexity's: chunks of `data: <json>` lines, the usage on the last, then `data: [DONE]`.
    // The body is the event stream as text, past the JSON response schema (hence the cast).
    return reply.type("text/event-stream; charset=utf-8").serializer((text: string) => text).send(toEventStream(completion) as never);
  });
};

type ChatEvent = Extract<UsageEvent, { type: "chat.completion" }>;

/** The response for `event`: a canned answer, the usage and, as Perplexity reports it, the cost in dollars. */
function toCompletion(body: ChatCompletionRequest, event: ChatEvent, at: Date): ChatCompletion {
  const prices = costs(meter(event));
  const usd = (...items: LineItem[]) => items.reduce((sum, item) => sum + (prices.get(item) ?? 0), 0) / USD_MICROS;
  const fees = [...prices.keys()].filter((item) => item.startsWith("requests_") || item.startsWith("pro_search_"));
  const u = event.usage;
  const cost = { input_tokens_cost: usd("input_tokens"), output_tokens_cost: usd("output_tokens"), citation_tokens_cost: usd("citation_tokens"),
    reasoning_tokens_cost: usd("reasoning_tokens"), request_cost: usd(...fees), search_queries_cost: usd("search_queries"), total_cost: usd(...prices.keys()) };
  const last = messageText(body.messages[body.messages.length - 1]?.content ?? null);
  return { id: event.id, object: "chat.completion", created: Math.floor(at.getTime() / 1000), model: body.model,
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: `Emulated ${body.model} answer to: ${last.slice(0, 80)}` },
      delta: { role: "assistant", content: "" } }],
    usage: { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.prompt_tokens + u.completion_tokens,
      citation_tokens: u.citation_tokens ?? 0, reasoning_tokens: u.reasoning_tokens ?? 0, num_search_queries: u.num_search_queries ?? 0,
      search_context_size: event.search_context_size ?? "low", cost },
    citations: [] };
}

/**
 * `completion` as server-sent events: its answer in word-sized `delta` pieces (each chunk's `message` holds
 * the answer so far, as Perplexity's chunks do), `usage` null until the last chunk, which carries it with
 * `finish_reason: "stop"`, then `data: [DONE]`.
 */
export function toEventStream(completion: ChatCompletion): string {
  const choice = completion.choices[0]!;
  const pieces = choice.message.content.match(/\S+\s*|\s+/g) ?? [];
  let soFar = "";
  const chunks: ChatCompletion[] = pieces.map((piece) => {
    soFar += piece;
    return { ...completion, usage: null, choices: [{ index: 0, finish_reason: null, message: { role: "assistant" as const, content: soFar }, delta: { role: "assistant" as const, content: piece } }] };
  });
  chunks.push({ ...completion, choices: [{ ...choice, delta: { role: "assistant", content: "" } }] });
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n`;
}

/** The deterministic usage event of one emulated completion (see {@link chatCompletionRoutes}). */
export function simulatedUsage(body: ChatCompletionRequest, apiKeyId: string, id: string, at: Date): ChatEvent {
  const chars = body.messages.reduce((sum, m) => sum + messageText(m.content).length, 0);
  const input = Math.max(1, Math.ceil(chars / 4));
  const output = body.max_tokens ?? DEFAULT_COMPLETION_TOKENS;
  const deep = body.model === "sonar-deep-research";
  const search = body.web_search_options;
  return { type: "chat.completion", id, api_key_id: apiKeyId, timestamp: at.toISOString(), model: body.model,
    search_context_size: search?.search_context_size ?? "low", ...(search?.search_type ? { search_type: search.search_type } : {}),
    usage: { prompt_tokens: input, completion_tokens: output, ...(deep ? { citation_tokens: 2 * input, reasoning_tokens: 2 * output, num_search_queries: 3 } : {}) } };
}
