import * as crypto from "node:crypto";
import { USAGE_EVENT_MAX_AGE_MS, USAGE_EVENT_MAX_SKEW_MS, type PricedModel, type RecordedUsageEvent, type UsageEvent } from "../../api";
import type { Db } from "../db/database";
import { BackendError } from "../errors";
import { meter, totalCost, type MeteredUsage, type UsageCounts } from "../pricing";
import type { Ledger } from "./ledger";
import type { ReloadTrigger } from "./reloads";

/**
 * Usage ingestion: prices each event, debits the group's credit, adds it to the daily totals and lets
 * auto reload react, all in one transaction per call (all or nothing). A request's events debit each
 * group once, by their total (each event keeps its own cost), which keeps 100-event batches cheap. Events are deduplicated by id for
 * as long as they are kept (no expiry): an identical replay returns the original result with
 * `duplicate: true`; the same id with another body is 409 `usage_event_conflict`.
 */
export interface UsageStore {
  /**
   * Records `events` (at most 100, already validated) received at `now`.
   * @throws BackendError 400 `invalid_request` for a timestamp outside 35 days back / 5 minutes ahead,
   *   404 `api_key_not_found` for an unknown key, 409 `usage_event_conflict`; `param` names the event field.
   */
  ingest(events: readonly UsageEvent[], now: Date): RecordedUsageEvent[];
}

interface EventRow {
  id: string;
  group_id: string;
  api_key_id: string;
  model: PricedModel;
  occurred_at_ms: number;
  fingerprint: string;
  cost_usd_micros: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates the {@link UsageStore} over `db`, debiting through `ledger` and reloading through `reloads`. */
export function createUsageStore(db: Db, ledger: Ledger, reloads: ReloadTrigger): UsageStore {
  const keyGroup = db.prepare("SELECT group_id FROM api_keys WHERE id = ?").pluck();
  const byId = db.prepare("SELECT id, group_id, api_key_id, model, occurred_at_ms, fingerprint, cost_usd_micros FROM usage_events WHERE id = ?");
  // OR IGNORE: a new id costs one statement; only a repeated id is looked up (replay or conflict). Positional
  // parameters: binding by name looks each one up, once per event.
  const insert = db.prepare(`INSERT OR IGNORE INTO usage_events (id, group_id, api_key_id, model, occurred_at_ms, received_at_ms, fingerprint, cost_usd_micros)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const addDaily = db.prepare(`INSERT INTO usage_daily (group_id, day, cycle, api_key_id, model, context, search_type, requests, input_tokens,
      output_tokens, citation_tokens, reasoning_tokens, search_queries, cost_usd_micros)
    VALUES (@group_id, @day, @cycle, @api_key_id, @model, @context, @search_type, @requests, @input_tokens, @output_tokens,
      @citation_tokens, @reasoning_tokens, @search_queries, @cost)
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens, citation_tokens = citation_tokens + excluded.citation_tokens,
      reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, search_queries = search_queries + excluded.search_queries,
      cost_usd_micros = cost_usd_micros + excluded.cost_usd_micros`);

  const ingest = db.transaction((events: readonly UsageEvent[], now: Date): RecordedUsageEvent[] => {
    const nowMs = now.getTime();
    const nowIso = now.toISOString();
    const groups = new Map<string, string>();
    const batch = new BatchTotals(nowIso.slice(0, 7));
    const recorded: RecordedUsageEvent[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as UsageEvent;
      const at = event.timestamp === undefined ? nowMs : Date.parse(event.timestamp);
      if (at < nowMs - USAGE_EVENT_MAX_AGE_MS || at > nowMs + USAGE_EVENT_MAX_SKEW_MS) {
        throw new BackendError("invalid_request", `Field \`events.${i}.timestamp\` must lie within the last 35 days and at most 5 minutes ahead of the backend's clock.`, `events.${i}.timestamp`);
      }
      // Zod's output lists keys in schema order (and the ingestion codec's too), so the serialization is canonical for equal events.
      const fingerprint = crypto.hash("sha256", JSON.stringify(event), "base64url");
      const groupId = groups.get(event.api_key_id) ?? (keyGroup.get(event.api_key_id) as string | undefined);
      if (groupId === undefined) throw new BackendError("api_key_not_found", `No API key with id ${event.api_key_id}.`, `events.${i}.api_key_id`);
      groups.set(event.api_key_id, groupId);
      const usage = meter(event);
      const cost = totalCost(usage);
      if (insert.run(event.id, groupId, event.api_key_id, usage.model, at, nowMs, fingerprint, cost).changes === 0) {
        const earlier = byId.get(event.id) as EventRow;
        if (earlier.fingerprint !== fingerprint) {
          throw new BackendError("usage_event_conflict", `Usage event ${JSON.stringify(event.id)} was already recorded with a different body; give each event its own id.`, `events.${i}.id`);
        }
        recorded[i] = toRecorded(earlier, true);
        continue;
      }
      batch.add(event.id, groupId, event.api_key_id, usage, cost, Math.floor(at / DAY_MS));
      recorded[i] = { object: "usage_event", id: event.id, group_id: groupId, api_key_id: event.api_key_id, model: usage.model,
        timestamp: at === nowMs ? nowIso : new Date(at).toISOString(), cost_usd_micros: cost, duplicate: false };
    }
    for (const totals of batch.daily.values()) addDaily.run(totals);
    // One debit per group and request (its events' total); the reload trigger sees the balance before and after it.
    for (const [groupId, debit] of batch.debits) {
      if (debit.amount === 0) continue;
      const reference = debit.count === 1 ? debit.first : `${debit.first} (+${debit.count - 1} events)`;
      const { before, after } = ledger.post(groupId, "usage_debit", -debit.amount, reference, now);
      reloads.afterDebit(groupId, before, after, now);
    }
    return recorded;
  });

  return { ingest: (events, now) => ingest(events, now) };
}

/** The `usage_daily` row of one day, key, model and fee class, as {@link BatchTotals} adds it up. */
interface DailyTotals extends Record<keyof UsageCounts, number> {
  group_id: string;
  day: number;
  cycle: string;
  api_key_id: string;
  model: string;
  context: string;
  search_type: string;
  cost: number;
}

/** What one request's new events add up to: per group the debit, per day/key/model/fee class the usage totals. */
class BatchTotals {
  readonly debits = new Map<string, { amount: number; count: number; first: string }>();
  readonly daily = new Map<string, DailyTotals>();
  constructor(private readonly cycle: string) {}

  add(id: string, groupId: string, apiKeyId: string, usage: MeteredUsage, cost: number, day: number): void {
    const debit = this.debits.get(groupId);
    if (debit === undefined) this.debits.set(groupId, { amount: cost, count: 1, first: id });
    else {
      debit.amount += cost;
      debit.count += 1;
    }
    const key = `${groupId}|${day}|${apiKeyId}|${usage.model}|${usage.context}|${usage.searchType}`;
    let totals = this.daily.get(key);
    if (totals === undefined) {
      totals = { group_id: groupId, day, cycle: this.cycle, api_key_id: apiKeyId, model: usage.model, context: usage.context, search_type: usage.searchType,
        requests: 0, input_tokens: 0, output_tokens: 0, citation_tokens: 0, reasoning_tokens: 0, search_queries: 0, cost: 0 };
      this.daily.set(key, totals);
    }
    const c = usage.counts;
    totals.requests += c.requests;
    totals.input_tokens += c.input_tokens;
    totals.output_tokens += c.output_tokens;
    totals.citation_tokens += c.citation_tokens;
    totals.reasoning_tokens += c.reasoning_tokens;
    totals.search_queries += c.search_queries;
    totals.cost += cost;
  }
}

function toRecorded(row: EventRow, duplicate: boolean): RecordedUsageEvent {
  return { object: "usage_event", id: row.id, group_id: row.group_id, api_key_id: row.api_key_id, model: row.model,
    timestamp: new Date(row.occurred_at_ms).toISOString(), cost_usd_micros: row.cost_usd_micros, duplicate };
}
