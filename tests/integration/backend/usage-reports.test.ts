import type { InvoiceList, UsageBreakdown, UsageEvent, UsageMetrics } from "../../../api";
import { useTestApp } from "./helpers";
import { activeMember, bearer, createApiKey } from "./member-helpers";

const DAY = 86_400_000;

describe("usage chart, billing breakdown and invoices", () => {
  const start = new Date("2026-06-29T12:00:00.000Z");
  const t = useTestApp({ now: () => start, resetEach: true });
  let groupId: string;
  let keys: { id: string; token_hint: string }[];

  beforeEach(async () => {
    groupId = (await t.createGroup()).id;
    keys = [await createApiKey(t, groupId, { name: "a" }), await createApiKey(t, groupId, { name: "b" })];
  });

  const now = async () => new Date((await t.request({ method: "GET", url: "/_backend/clock" })).json<{ now: string }>().now);
  const advanceDays = (days: number) => t.request({ method: "POST", url: "/_backend/clock/advance", payload: { seconds: days * 86_400 } });
  const ingest = async (events: object[]) => {
    const res = await t.request({ method: "POST", url: "/v1/usage_events", payload: { events } });
    if (res.statusCode !== 200) throw new Error(res.body);
  };
  const at = async (daysAgo: number) => new Date((await now()).getTime() - daysAgo * DAY).toISOString();
  const get = <T>(suffix: string, headers = {}) => t.request({ method: "GET", url: `/v1/groups/${groupId}${suffix}`, headers }).then((r) => ({ status: r.statusCode, body: r.json<T>() }));
  let seq = 0;
  const sonarPro = async (key: number, daysAgo: number, extra: object = {}): Promise<UsageEvent> => ({ type: "chat.completion", id: `e${seq++}`,
    api_key_id: keys[key]!.id, timestamp: await at(daysAgo), model: "sonar-pro", usage: { prompt_tokens: 500, completion_tokens: 200 }, ...extra }) as UsageEvent;

  it("buckets the eight metrics by UTC day over the last 7 days, with zero days and totals", async () => {
    await ingest([await sonarPro(0, 0), await sonarPro(1, 0, { search_type: "fast" }), await sonarPro(0, 2),
      { type: "chat.completion", id: "deep", api_key_id: keys[0]!.id, model: "sonar-deep-research",
        usage: { prompt_tokens: 1, completion_tokens: 2, citation_tokens: 3, reasoning_tokens: 4, num_search_queries: 5 } },
      { type: "search", id: "s", api_key_id: keys[1]!.id }, await sonarPro(0, 8)]);
    const { status, body } = await get<UsageMetrics>("/usage");
    expect(status).toBe(200);
    expect(body).toMatchObject({ start_date: "2026-06-23", end_date: "2026-06-29", api_key_id: null });
    const byMetric = Object.fromEntries(body.metrics.map((m) => [m.metric, m]));
    expect(Object.keys(byMetric)).toHaveLength(8);
    expect(byMetric["chat_completions_requests"]).toMatchObject({ label: "Chat Completions API Requests", total: 4 });
    expect(byMetric["chat_completions_requests"]!.buckets.map((b) => b.value)).toEqual([0, 0, 0, 0, 1, 0, 3]);
    expect(Object.fromEntries(body.metrics.map((m) => [m.metric, m.total]))).toEqual({ chat_completions_requests: 4, input_tokens: 1501, output_tokens: 602,
      citation_tokens: 3, reasoning_tokens: 4, deep_research_requests: 1, search_api_requests: 1, pro_search_requests: 1 });
    const thirty = await get<UsageMetrics>("/usage?range=last_30_days&metric=input_tokens");
    expect(thirty.body.metrics.map((m) => [m.metric, m.total, m.buckets.length])).toEqual([["input_tokens", 2001, 30]]);
    const oneKey = await get<UsageMetrics>(`/usage?metric=search_api_requests&api_key_id=${keys[0]!.id}`);
    expect(oneKey.body.metrics[0]!.total).toBe(0);
  });

  it("takes a custom range and names the bad parameter otherwise", async () => {
    await ingest([await sonarPro(0, 10), await sonarPro(0, 12)]);
    const custom = await get<UsageMetrics>("/usage?range=custom&start_date=2026-06-17&end_date=2026-06-19&metric=chat_completions_requests");
    expect(custom.body.metrics[0]!.buckets).toEqual([{ date: "2026-06-17", value: 1 }, { date: "2026-06-18", value: 0 }, { date: "2026-06-19", value: 1 }]);
    for (const [query, param] of [["range=custom&end_date=2026-06-19", "start_date"], ["range=custom&start_date=2026-06-19&end_date=2026-06-18", "end_date"],
      ["range=custom&start_date=2025-01-01&end_date=2026-06-18", "end_date"], ["range=yesterday", "range"]]) {
      const res = await get<{ error: { param: string } }>(`/usage?${query}`);
      expect([res.status, res.body.error.param]).toEqual([400, param]);
    }
  });

  it("breaks cost down per model and line item with quantity, unit price and cost, and per key", async () => {
    await ingest([await sonarPro(0, 0), await sonarPro(1, 1, { search_type: "pro" }), { type: "search", id: "s", api_key_id: keys[1]!.id }]);
    const { body } = await get<UsageBreakdown>("/usage/breakdown");
    expect(body.lines).toEqual([
      { model: "search", line_item: "search_requests", quantity: 1, unit_price_usd_micros: 5_000, cost_usd_micros: 5_000 },
      { model: "sonar-pro", line_item: "input_tokens", quantity: 1000, unit_price_usd_micros: 3, cost_usd_micros: 3_000 },
      { model: "sonar-pro", line_item: "output_tokens", quantity: 400, unit_price_usd_micros: 15, cost_usd_micros: 6_000 },
      { model: "sonar-pro", line_item: "pro_search_pro_low", quantity: 1, unit_price_usd_micros: 14_000, cost_usd_micros: 14_000 },
      { model: "sonar-pro", line_item: "requests_low", quantity: 1, unit_price_usd_micros: 6_000, cost_usd_micros: 6_000 },
    ]);
    expect(body.total_cost_usd_micros).toBe(34_000);
    expect(body.by_api_key.sort((a, b) => a.cost_usd_micros - b.cost_usd_micros)).toEqual([
      { api_key_id: keys[0]!.id, token_hint: keys[0]!.token_hint, cost_usd_micros: 10_500 },
      { api_key_id: keys[1]!.id, token_hint: keys[1]!.token_hint, cost_usd_micros: 23_500 }]);
  });

  it("lets a Member read usage, breakdown and invoices", async () => {
    const { token } = await activeMember(t, groupId, "ann@example.com", "member");
    for (const suffix of ["/usage", "/usage/breakdown", "/invoices"]) expect((await get(suffix, bearer(token))).status).toBe(200);
  });

  it("issues one invoice per billing cycle, draft until the test clock closes it, then paid; late usage lands on the next one", async () => {
    await ingest([await sonarPro(0, 0), await sonarPro(1, 0)]);
    const june = await get<InvoiceList>("/invoices");
    expect(june.body).toMatchObject({ has_more: false, next_cursor: null, previous_cursor: null });
    expect(june.body.data).toEqual([expect.objectContaining({ cycle: "2026-06", period_start: "2026-06-01", period_end: "2026-06-30",
      date: "2026-07-01T00:00:00.000Z", status: "draft", cost_usd_micros: 21_000 })]);
    expect(june.body.data[0]!.line_items.map((l) => [l.description, l.requests, l.cost_usd_micros]).sort()).toEqual(
      keys.map((k) => [`sonar-pro (${k.token_hint.slice(-4)})`, 1, 10_500]).sort());
    await advanceDays(2); // 2026-07-01T12:00Z: June closed
    await ingest([await sonarPro(0, 1)]); // happened on June 30, received in July
    const after = await get<InvoiceList>("/invoices");
    expect(after.body.data.map((i) => [i.cycle, i.status, i.cost_usd_micros])).toEqual([["2026-07", "draft", 10_500], ["2026-06", "paid", 21_000]]);
  });

  it("pages invoices newest first with next and previous cursors", async () => {
    for (let month = 0; month < 3; month++) {
      await ingest([await sonarPro(0, 0)]);
      await advanceDays(31);
    }
    const first = await get<InvoiceList>("/invoices?limit=2");
    expect(first.body.data.map((i) => i.cycle)).toEqual(["2026-08", "2026-07"]);
    expect(first.body).toMatchObject({ has_more: true, next_cursor: "2026-07", previous_cursor: null });
    const second = await get<InvoiceList>("/invoices?limit=2&after=2026-07");
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null, previous_cursor: "2026-06" });
    expect(second.body.data.map((i) => [i.cycle, i.status])).toEqual([["2026-06", "paid"]]);
    const back = await get<InvoiceList>("/invoices?limit=1&before=2026-06");
    expect(back.body.data.map((i) => i.cycle)).toEqual(["2026-07"]);
    expect(back.body.previous_cursor).toBe("2026-07");
    expect((await get<{ error: { param: string } }>("/invoices?after=June")).body.error.param).toBe("after");
  });
});
