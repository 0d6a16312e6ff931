import { type AuditEventList, type Billing, type LedgerEntryList, type UsageEvent, type UsageMetrics } from "../../../api";
import { eventCosting } from "../../helpers/metering";
import { useTestApp } from "./helpers";
import { activeMember, bearer, createApiKey } from "./member-helpers";

describe("usage events", () => {
  let clock = new Date("2026-06-15T12:00:00.000Z");
  const t = useTestApp({ now: () => clock, resetEach: true });
  let groupId: string;
  let keyId: string;

  beforeEach(async () => {
    clock = new Date("2026-06-15T12:00:00.000Z");
    groupId = (await t.createGroup()).id;
    keyId = (await createApiKey(t, groupId)).id;
    await t.request({ method: "PUT", url: `/v1/groups/${groupId}/billing/payment_method`, payload: { token: "pm_card_visa" } });
    await t.request({ method: "POST", url: `/v1/groups/${groupId}/billing/credits`, payload: { amount_usd_micros: 100_000_000 } });
  });

  const ingest = (events: unknown[], headers: Record<string, string> = {}) => t.request({ method: "POST", url: "/v1/usage_events", payload: { events }, headers });
  const balance = async () => (await t.request({ method: "GET", url: `/v1/groups/${groupId}/billing` })).json<Billing>().balance_usd_micros;
  const chat = (id: string, extra: object = {}): UsageEvent =>
    ({ type: "chat.completion", id, api_key_id: keyId, model: "sonar-pro", usage: { prompt_tokens: 500, completion_tokens: 200 }, ...extra }) as UsageEvent;

  it("prices events at Perplexity's published prices and debits exactly that from the balance", async () => {
    const res = await ingest([
      chat("pro"), // the docs' worked example: 500×$3/1M + 200×$15/1M + $6/1K = $0.0105
      chat("pro-high", { search_context_size: "high" }), // 1,500 + 3,000 + 14,000
      chat("pro-search", { search_type: "pro", search_context_size: "medium" }), // 1,500 + 3,000 + 18,000
      { type: "chat.completion", id: "deep", api_key_id: keyId, model: "sonar-deep-research",
        usage: { prompt_tokens: 100, completion_tokens: 1000, citation_tokens: 2000, reasoning_tokens: 3000, num_search_queries: 4 } },
      { type: "search", id: "search", api_key_id: keyId },
    ]);
    expect(res.statusCode).toBe(200);
    const costs = res.json<{ data: { id: string; cost_usd_micros: number; duplicate: boolean }[] }>().data.map((e) => [e.id, e.cost_usd_micros, e.duplicate]);
    // deep research: 100×2 + 1000×8 + 2000×2 + 3000×3 + 4×5000, no request fee.
    expect(costs).toEqual([["pro", 10_500, false], ["pro-high", 18_500, false], ["pro-search", 22_500, false], ["deep", 41_200, false], ["search", 5_000, false]]);
    expect(await balance()).toBe(100_000_000 - 97_700);
  });

  it("records an identical replay once and answers it with the original result marked duplicate", async () => {
    const first = await ingest([chat("e1")]);
    clock = new Date(clock.getTime() + 60_000);
    const again = await ingest([chat("e1"), chat("e2")]);
    expect(again.statusCode).toBe(200);
    const [replayed, fresh] = again.json<{ data: object[] }>().data;
    expect(replayed).toEqual({ ...first.json<{ data: object[] }>().data[0], duplicate: true });
    expect(fresh).toMatchObject({ id: "e2", duplicate: false });
    expect(await balance()).toBe(100_000_000 - 2 * 10_500);
    const debits = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/billing/transactions?kind=usage_debit` })).json<LedgerEntryList>();
    expect(debits.data.map((e) => e.reference)).toEqual(["e2", "e1"]);
  });

  it("answers 409 usage_event_conflict for an id reused with another body and records nothing of that batch", async () => {
    await ingest([chat("e1")]);
    const res = await ingest([chat("e2"), chat("e1", { model: "sonar" })]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "usage_event_conflict", param: "events.1.id" });
    expect(await balance()).toBe(100_000_000 - 10_500);
    expect((await ingest([chat("e2")])).json().data[0].duplicate).toBe(false);
  });

  it("records concurrent requests each all or nothing: the failing one leaves no trace, the others are debited exactly once", async () => {
    await ingest([chat("e1")]);
    const results = await Promise.all([
      ingest([chat("c1"), chat("c2")]),
      ingest([chat("c3"), chat("e1", { model: "sonar" })]), // conflicts after c3: c3 must not stay
      ingest([chat("e1")]), // an identical replay
      ingest([chat("c4")]),
      ingest([chat("c1")]), // a replay of an event of a request running beside it
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 409, 200, 200, 200]);
    expect(results[2]!.json().data[0].duplicate).toBe(true);
    expect(results[4]!.json().data[0].duplicate).toBe(true);
    expect(await balance()).toBe(100_000_000 - 4 * 10_500);
    const ledger = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/billing/transactions` })).json<LedgerEntryList>();
    expect(ledger.data.reduce((sum, e) => sum + e.amount_usd_micros, 0)).toBe(await balance());
    const usage = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/usage?metric=chat_completions_requests` })).json<UsageMetrics>();
    expect(usage.metrics[0]!.total).toBe(4);
    expect((await ingest([chat("c3")])).json().data[0].duplicate).toBe(false);
  });

  it.each([
    ["35 days and a second back", -35 * 86_400_000 - 1000],
    ["5 minutes and a second ahead", 5 * 60_000 + 1000],
  ])("rejects a timestamp %s, naming the field", async (_label, offset) => {
    const res = await ingest([chat("ok"), chat("late", { timestamp: new Date(clock.getTime() + offset).toISOString() })]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_request", param: "events.1.timestamp" });
    expect(await balance()).toBe(100_000_000);
  });

  it("accepts timestamps just inside the window", async () => {
    const res = await ingest([chat("old", { timestamp: new Date(clock.getTime() - 35 * 86_400_000).toISOString() }),
      chat("ahead", { timestamp: new Date(clock.getTime() + 5 * 60_000).toISOString() })]);
    expect(res.statusCode).toBe(200);
  });

  it("accepts 100 events in one request and refuses 101 or none", async () => {
    const events = (n: number) => Array.from({ length: n }, (_, i) => eventCosting(keyId, 5_000, `b-${i}`));
    expect((await ingest(events(100))).statusCode).toBe(200);
    expect(await balance()).toBe(100_000_000 - 500_000);
    for (const n of [101, 0]) {
      const res = await ingest(events(n));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.param).toBe("events");
    }
  });

  it("rejects an unknown key or a Pro Search type on another model, naming the field", async () => {
    const unknown = await ingest([chat("x", { api_key_id: "key_000000000000000000000000" })]);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: "api_key_not_found", param: "events.0.api_key_id" });
    const proSearch = await ingest([chat("y", { model: "sonar", search_type: "pro" })]);
    expect(proSearch.statusCode).toBe(400);
    expect(proSearch.json().error).toMatchObject({ code: "invalid_request", param: "events.0.search_type" });
  });

  it("takes usage events only from the management key", async () => {
    const { token } = await activeMember(t, groupId, "boss@example.com", "admin");
    const key = await createApiKey(t, groupId);
    for (const credential of [token, key.token]) expect((await ingest([chat("z")], bearer(credential))).statusCode).toBe(403);
  });

  it("debits past zero (usage is billed after the fact) and keeps the ledger summing to the balance", async () => {
    await ingest([eventCosting(keyId, 100_000_000 + 5_000, "big")]);
    expect(await balance()).toBe(-5_000);
    const ledger = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/billing/transactions` })).json<LedgerEntryList>();
    expect(ledger.data.map((e) => [e.kind, e.amount_usd_micros, e.balance_after_usd_micros])).toEqual([
      ["usage_debit", -100_005_000, -5_000], ["purchase", 100_000_000, 100_000_000]]);
    const audit = (await t.request({ method: "GET", url: `/v1/groups/${groupId}/audit_events?action=credits.purchased` })).json<AuditEventList>();
    expect(audit.data).toHaveLength(1);
  });
});
