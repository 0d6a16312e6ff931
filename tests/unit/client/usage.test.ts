import { json, useScriptedClient } from "./scripted-server";

const GROUP = "grp_0123456789abcdefghijklmn";
const KEY = "key_0123456789abcdefghijklmn";
const t = useScriptedClient();

describe("Usage", () => {
  it("posts usage events as {events} and parses the per-event results", async () => {
    const recorded = { object: "usage_event", id: "e1", group_id: GROUP, api_key_id: KEY, model: "sonar", timestamp: "2026-01-01T00:00:00.000Z",
      cost_usd_micros: 5_020, duplicate: false };
    t.server.script(json(200, { object: "list", data: [recorded] }));
    const event = { type: "chat.completion" as const, id: "e1", api_key_id: KEY, model: "sonar" as const, usage: { prompt_tokens: 10, completion_tokens: 10 } };
    await expect(t.client.usage.ingest([event])).resolves.toEqual({ object: "list", data: [recorded] });
    expect(t.seen()).toEqual(["POST /v1/usage_events"]);
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({ events: [event] });
  });

  it("reads the usage chart, the breakdown and invoices with their queries", async () => {
    const range = { group_id: GROUP, start_date: "2026-01-01", end_date: "2026-01-01", api_key_id: KEY };
    t.server.script(
      json(200, { object: "usage", ...range, metrics: [{ metric: "input_tokens", label: "Input Tokens", total: 3, buckets: [{ date: "2026-01-01", value: 3 }] }] }),
      json(200, { object: "usage_breakdown", ...range, lines: [], by_api_key: [], total_cost_usd_micros: 0 }),
      json(200, { object: "list", data: [], has_more: false, next_cursor: null, previous_cursor: null }));
    await t.client.usage.metrics(GROUP, { range: "custom", start_date: "2026-01-01", end_date: "2026-01-01", metric: "input_tokens", api_key_id: KEY });
    await t.client.usage.breakdown(GROUP, { range: "last_30_days" });
    await t.client.usage.invoices(GROUP, { limit: 5, before: "2026-02" });
    expect(t.seen()).toEqual([
      `GET /v1/groups/${GROUP}/usage?range=custom&start_date=2026-01-01&end_date=2026-01-01&metric=input_tokens&api_key_id=${KEY}`,
      `GET /v1/groups/${GROUP}/usage/breakdown?range=last_30_days`,
      `GET /v1/groups/${GROUP}/invoices?limit=5&before=2026-02`]);
  });
});
