// Calls the embedded backend the way an app does with the official `@perplexity-ai/perplexity_ai` SDK (an
// ES module, hence a process of its own rather than jest's CommonJS). Run by tests/contract/sdks.test.ts:
// `node probe.mjs <base_url> <api_key>`; prints one JSON object of what it got back, the same fields as
// probe.py prints for the Python SDK.
import Perplexity from "@perplexity-ai/perplexity_ai";

const [baseURL, apiKey] = process.argv.slice(2);
const client = new Perplexity({ apiKey, baseURL, maxRetries: 0 });

const whole = await client.chat.completions.create({
  model: "sonar", max_tokens: null,
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "What is " }, { type: "text", text: "Pulumi?" }] },
    { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: "{}" } }] },
    { role: "tool", tool_call_id: "call_1", content: "Infrastructure as code." },
  ],
});
const chunks = [];
for await (const chunk of await client.chat.completions.create({ model: "sonar-pro", stream: true, max_tokens: 50, messages: [{ role: "user", content: "Stream it" }] })) {
  chunks.push(chunk);
}
const search = await client.search.create({ query: ["pulumi providers", "perplexity api"], max_results: 2 });

const choice = whole.choices[0];
console.log(JSON.stringify({
  whole: { content: choice.message.content, delta: choice.delta.content, usage: whole.usage.total_tokens, prompt_tokens: whole.usage.prompt_tokens,
    total_cost: whole.usage.cost.total_cost },
  stream: { chunks: chunks.length, text: chunks.map((c) => c.choices[0].delta.content ?? "").join(""),
    usages: chunks.filter((c) => c.usage).map((c) => c.usage.completion_tokens), finish: chunks.map((c) => c.choices[0].finish_reason ?? null) },
  search: { id: search.id, results: search.results.map((r) => r.title) },
}));
