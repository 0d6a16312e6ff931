import { z } from "zod";
import { ChatModel, ProSearchType, SearchContextSize } from "./pricing";

/** A chat message, as Perplexity's (OpenAI-compatible) Chat Completions API takes it. */
export const ChatMessage = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string().max(1_000_000) });

/**
 * Body of `POST /chat/completions`, the metered endpoint, in Perplexity's shape. Other Perplexity
 * parameters (temperature, search filters, …) are accepted and ignored; streaming is not emulated.
 */
export const ChatCompletionRequest = z
  .looseObject({
    model: ChatModel,
    messages: z.array(ChatMessage).min(1).max(1000),
    max_tokens: z.number().int().min(1).max(128_000).optional().describe("Optional; the emulated answer is billed as this many output tokens, default 100."),
    stream: z.literal(false).optional().describe("Optional; only `false` (streaming is not emulated)."),
    web_search_options: z.looseObject({
      search_context_size: SearchContextSize.optional().describe("Optional; default `low`."),
      search_type: ProSearchType.optional().describe("Optional; sonar-pro only: Pro Search."),
    }).optional(),
  })
  .refine((b) => b.web_search_options?.search_type === undefined || b.model === "sonar-pro",
    { path: ["web_search_options", "search_type"], message: "is only allowed with model sonar-pro (Pro Search)" })
  // The same rule in openapi.json (zod copies these keywords into the JSON Schema).
  .meta({ id: "ChatCompletionRequest", anyOf: [{ properties: { model: { const: "sonar-pro" } } }, { not: { required: ["web_search_options"] } },
    { properties: { web_search_options: { not: { required: ["search_type"] } } } }] });
/** See {@link ChatCompletionRequest}. */
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** Perplexity's `usage.cost`: what the request cost, in US dollars (display values; the ledger keeps micro-USD). */
export const ChatCost = z.object({
  input_tokens_cost: z.number(),
  output_tokens_cost: z.number(),
  citation_tokens_cost: z.number(),
  reasoning_tokens_cost: z.number(),
  request_cost: z.number(),
  search_queries_cost: z.number(),
  total_cost: z.number(),
});

/** Response of `POST /chat/completions`, in Perplexity's shape (`id`, `model`, `choices`, `usage`). */
export const ChatCompletion = z
  .object({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number().int().describe("Seconds since the Unix epoch."),
    model: ChatModel,
    choices: z.array(z.object({
      index: z.number().int(),
      finish_reason: z.literal("stop"),
      message: z.object({ role: z.literal("assistant"), content: z.string() }),
    })),
    usage: z.object({
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
      total_tokens: z.number().int(),
      citation_tokens: z.number().int(),
      reasoning_tokens: z.number().int(),
      num_search_queries: z.number().int(),
      search_context_size: SearchContextSize,
      cost: ChatCost,
    }),
    citations: z.array(z.string()),
  })
  .meta({ id: "ChatCompletion" });
/** See {@link ChatCompletion}. */
export type ChatCompletion = z.infer<typeof ChatCompletion>;
