import { ChatCompletion } from "../../../api";
import { groupWithCardAndKey, startTestBackend, type TestBackend } from "../../helpers/backend";
import { chatCompletion, spend } from "../../helpers/metering";

describe("metered chat completions", () => {
  let backend: TestBackend;
  let groupId: string;
  let key: { id: string; token: string };

  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => backend?.close());

  beforeEach(async () => {
    ({ groupId, key } = await groupWithCardAndKey(backend));
  });

  it("answers in Perplexity's shape and charges the deterministic usage to the key's group", async () => {
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 5_000_000 });
    const res = await chatCompletion(backend.url, key.token, { model: "sonar-pro", max_tokens: 200, messages: [{ role: "user", content: "x".repeat(2000) }] });
    expect(res.status).toBe(200);
    const completion = ChatCompletion.parse(res.body);
    expect(completion).toMatchObject({ object: "chat.completion", model: "sonar-pro", choices: [{ index: 0, message: { role: "assistant" } }],
      usage: { prompt_tokens: 500, completion_tokens: 200, total_tokens: 700, search_context_size: "low",
        cost: { input_tokens_cost: 0.0015, output_tokens_cost: 0.003, request_cost: 0.006, total_cost: 0.0105 } } });
    expect((await backend.client.billing.retrieve(groupId)).balance_usd_micros).toBe(5_000_000 - 10_500);
    const usage = await backend.client.usage.metrics(groupId, { metric: "chat_completions_requests", api_key_id: key.id });
    expect(usage.metrics[0]?.total).toBe(1);
  });

  it("blocks the group's keys with 401 insufficient_credits while the balance is not positive, and a purchase unblocks them", async () => {
    const blocked = await chatCompletion(backend.url, key.token);
    expect(blocked.status).toBe(401);
    expect(blocked.headers.get("x-should-retry")).toBe("false");
    expect(blocked.body.error).toMatchObject({ type: "authentication_error", code: "insufficient_credits" });
    expect(JSON.stringify(blocked.body)).not.toContain(key.token);
    // Blocked, not revoked.
    expect((await backend.client.apiKeys.retrieve(groupId, key.id)).status).toBe("active");
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 5_000_000 });
    expect((await chatCompletion(backend.url, key.token)).status).toBe(200);
    await spend(backend.client, key.id, 5_000_000);
    expect((await chatCompletion(backend.url, key.token)).body.error.code).toBe("insufficient_credits");
  });

  it("refuses credentials that are not a group API key", async () => {
    expect((await chatCompletion(backend.url, backend.adminToken)).status).toBe(403);
    const unknown = await chatCompletion(backend.url, `pplx-${"x".repeat(48)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("unauthenticated");
  });

  it("bills deep research's citation, reasoning and search-query usage and validates the body naming the field", async () => {
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 5_000_000 });
    const deep = await chatCompletion(backend.url, key.token, { model: "sonar-deep-research", max_tokens: 10, messages: [{ role: "user", content: "abcd" }] });
    expect(deep.body.usage).toMatchObject({ prompt_tokens: 1, completion_tokens: 10, citation_tokens: 2, reasoning_tokens: 20, num_search_queries: 3,
      cost: { request_cost: 0, search_queries_cost: 0.015 } });
    const bad = await chatCompletion(backend.url, key.token, { model: "sonar-huge", messages: [{ role: "user", content: "hi" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe("model");
  });

  it("streams as server-sent events: delta pieces that add up to the answer, the usage only on the last chunk, then [DONE]", async () => {
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 5_000_000 });
    const response = await fetch(`${backend.url}/chat/completions`, { method: "POST",
      headers: { authorization: `Bearer ${key.token}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "sonar", stream: true, max_tokens: 20, messages: [{ role: "user", content: "Hi" }] }) });
    expect([response.status, response.headers.get("content-type"), response.headers.get("cache-control")]).toEqual([200, "text/event-stream; charset=utf-8", "no-store"]);
    const events = (await response.text()).split("\n\n").filter(Boolean).map((e) => e.replace(/^data: /, ""));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => ChatCompletion.parse(JSON.parse(e)));
    expect(chunks.map((c) => c.choices[0]?.delta.content).join("")).toBe("Emulated sonar answer to: Hi");
    expect(chunks.map((c) => c.usage?.completion_tokens ?? null)).toEqual([...Array<null>(chunks.length - 1).fill(null), 20]);
    expect((await backend.client.billing.listTransactions(groupId, { kind: "usage_debit" })).data).toHaveLength(1);
  });

  it("the Search API is metered per request and refuses a blocked key", async () => {
    const search = (token: string) => fetch(`${backend.url}/search`, { method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ query: "pulumi" }) });
    const blocked = await search(key.token);
    expect([blocked.status, ((await blocked.json()) as { error: { code: string } }).error.code]).toEqual([401, "insufficient_credits"]);
    await backend.client.billing.purchaseCredits(groupId, { amount_usd_micros: 5_000_000 });
    const found = await search(key.token);
    expect(found.status).toBe(200);
    expect(((await found.json()) as { results: unknown[] }).results).toHaveLength(3);
    expect((await backend.client.billing.retrieve(groupId)).balance_usd_micros).toBe(5_000_000 - 5_000);
  });
});
