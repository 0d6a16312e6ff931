import { z } from "zod";
import { ChatModel, ProSearchType, SearchContextSize } from "./pricing";

/**
 * One part of a message's content given as a list: `{type: "text", text}`, or another kind (an image, a
 * file) the official SDKs send, accepted as it is; only text parts count toward the billed input tokens.
 */
export const ChatContentPart = z.union([
  z.object({ type: z.literal("text"), text: z.string().max(1_000_000) }),
  z.looseObject({ type: z.enum(["image_url", "file_url", "pdf_url", "video_url"]) }),
]);

/**
 * A chat message, as Perplexity's (OpenAI-compatible) Chat Completions API and its official SDKs send it:
 * content as a string, a list of parts, or null (an assistant turn that only called tools); `tool` messages
 * answer an earlier `tool_calls` by `tool_call_id`.
 */
export const ChatMessage = z.looseObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.union([z.string().max(1_000_000), z.array(ChatContentPart).max(1000), z.null()]),
  tool_call_id: z.string().max(1000).nullish(),
  tool_calls: z.array(z.looseObject({})).max(1000).nullish(),
});
/** See {@link ChatMessage}. */
export type ChatMessage = z.infer<typeof ChatMessage>;

/** The text of a message's content: the string, the text parts joined, or empty. */
export function messageText(content: ChatMessage["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
}

/**
 * Body of `POST /chat/completions`, the metered endpoint, in Perplexity's shape. Other Perplexity
 * parameters (temperature, search filters, …) are accepted and ignored; `null` stands for left out, as
 * the official SDKs send it.
 */
export const ChatCompletionRequest = z
  .looseObject({
    model: ChatModel,
    messages: z.array(ChatMessage).min(1).max(1000),
    max_tokens: z.number().int().min(1).max(128_000).nullish().describe("Optional; the emulated answer is billed as this many output tokens, default 100."),
    stream: z.boolean().nullish().describe("Optional; default false. `true` answers as server-sent events (`text/event-stream`): the " +
      "answer in `delta` pieces, the last chunk with `finish_reason` and the usage (billed once, when the answer completes), then `data: [DONE]`."),
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

const AnswerMessage = z.object({ role: z.literal("assistant"), content: z.string() });

/** Response of `POST /chat/completions`, in Perplexity's shape (`id`, `model`, `choices`, `usage`). */
export const ChatCompletion = z
  .object({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number().int().describe("Seconds since the Unix epoch."),
    model: ChatModel,
    choices: z.array(z.object({
      index: z.number().int(),
      finish_reason: z.literal("stop").nullable().describe("`stop`; null in a streamed chunk before the last."),
      message: AnswerMessage.describe("The whole answer (in a streamed chunk: the answer so far)."),
      delta: AnswerMessage.describe("What this chunk adds (streaming); in a whole response, empty."),
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
    }).nullable().describe("What the request used and cost; in a stream, only on the last chunk (null before)."),
    citations: z.array(z.string()),
  })
  .meta({ id: "ChatCompletion" });
/** See {@link ChatCompletion}. */
export type ChatCompletion = z.infer<typeof ChatCompletion>;
