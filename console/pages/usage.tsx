import { useState } from "preact/hooks";
import { ApiKeyList, UsageBreakdown, USAGE_METRICS, UsageMetrics, type UsageMetric } from "../../api";
import { UsageChart } from "../chart";
import { api, withQuery } from "../http";
import { money } from "../format";
import { Alert, Page, useLoad } from "../ui";
import type { PageProps } from ".";

type Range = "last_7_days" | "last_30_days" | "custom";

/** The range, metric and key a usage view shows. */
interface UsageQuery {
  readonly range: Range;
  readonly start: string;
  readonly end: string;
  readonly metric: UsageMetric;
  readonly keyId: string;
}

function queryOf(q: UsageQuery) {
  const custom = q.range === "custom" && q.start !== "" && q.end !== "";
  return { range: custom ? "custom" : q.range === "custom" ? "last_30_days" : q.range, start_date: custom ? q.start : undefined,
    end_date: custom ? q.end : undefined, api_key_id: q.keyId === "" ? undefined : q.keyId };
}

/**
 * The usage chart with its controls (metric; Last 7 days / Last 30 days / custom range; one key or all),
 * and, with `breakdown`, the per-model billing breakdown of the same range and key under it.
 */
export function UsagePanel({ groupId, breakdown, initialRange = "last_7_days" }: { groupId: string; breakdown: boolean; initialRange?: Range }) {
  const [q, setQ] = useState<UsageQuery>({ range: initialRange, start: "", end: "", metric: "chat_completions_requests", keyId: "" });
  const keys = useLoad(() => api(ApiKeyList, "GET", `/v1/groups/${groupId}/api_keys?status=all&limit=100`), [groupId]);
  const query = queryOf(q);
  const chart = useLoad(() => api(UsageMetrics, "GET", withQuery(`/v1/groups/${groupId}/usage`, { ...query, metric: q.metric })), [groupId, JSON.stringify(query), q.metric]);
  const set = (patch: Partial<UsageQuery>) => setQ({ ...q, ...patch });
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
  return (
    <div class="usage">
      <form class="inline" aria-label="Usage filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="metric">Metric</label>
          <select id="metric" value={q.metric} onChange={(e) => set({ metric: value(e) as UsageMetric })}>
            {Object.entries(USAGE_METRICS).map(([name, label]) => <option value={name}>{label}</option>)}
          </select></div>
        <div class="field"><label for="range">Range</label>
          <select id="range" value={q.range} onChange={(e) => set({ range: value(e) as Range })}>
            <option value="last_7_days">Last 7 days</option><option value="last_30_days">Last 30 days</option><option value="custom">Custom range</option>
          </select></div>
        {q.range === "custom" && <>
          <div class="field"><label for="start-date">From</label><input id="start-date" type="date" value={q.start} onChange={(e) => set({ start: value(e) })} /></div>
          <div class="field"><label for="end-date">To</label><input id="end-date" type="date" value={q.end} onChange={(e) => set({ end: value(e) })} /></div>
        </>}
        <div class="field"><label for="key-filter">API key</label>
          <select id="key-filter" value={q.keyId} onChange={(e) => set({ keyId: value(e) })}>
            <option value="">All keys</option>
            {keys.data?.data.map((k) => <option value={k.id}>{k.name} ({k.token_hint})</option>)}
          </select></div>
      </form>
      <Alert error={chart.error ?? keys.error} />
      {chart.data?.metrics[0] !== undefined && <UsageChart series={chart.data.metrics[0]} />}
      {breakdown && <Breakdown groupId={groupId} query={query} />}
    </div>
  );
}

function Breakdown({ groupId, query }: { groupId: string; query: ReturnType<typeof queryOf> }) {
  const data = useLoad(() => api(UsageBreakdown, "GET", withQuery(`/v1/groups/${groupId}/usage/breakdown`, query)), [groupId, JSON.stringify(query)]);
  return (
    <>
      <Alert error={data.error} />
      <table class="breakdown">
        <caption>Billing breakdown{data.data ? `, ${data.data.start_date} to ${data.data.end_date}` : ""}</caption>
        <thead><tr><th scope="col">Model</th><th scope="col">Line item</th><th scope="col">Quantity</th><th scope="col">Rate (USD per unit)</th><th scope="col">Cost</th></tr></thead>
        <tbody>
          {data.data?.lines.map((l) => (
            <tr key={`${l.model}/${l.line_item}`}>
              <td>{l.model}</td><td>{l.line_item}</td><td data-value={l.quantity}>{l.quantity.toLocaleString("en-US")}</td>
              <td>{(l.unit_price_usd_micros / 1_000_000).toFixed(6)}</td><td data-value={l.cost_usd_micros}>{money(l.cost_usd_micros)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th scope="row" colSpan={4}>Total</th><td data-value={data.data?.total_cost_usd_micros}>{data.data ? money(data.data.total_cost_usd_micros) : ""}</td></tr></tfoot>
      </table>
    </>
  );
}

/** Usage: the chart of the eight metrics and the billing breakdown per model. */
export function UsagePage({ groupId }: PageProps) {
  return <Page title="Usage"><UsagePanel groupId={groupId} breakdown /></Page>;
}
