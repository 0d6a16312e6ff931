import * as crypto from "node:crypto";
import { USAGE_EVENT_MAX_AGE_MS, USAGE_EVENT_MAX_SKEW_MS, type PricedModel, type RecordedUsageEvent, type UsageEvent } from "../../api";
import type { Db } from "../db/database";
import { BackendError } from "../errors";
import { meter, totalCost } from "../pricing";
import type { Ledger } from "./ledger";
import type { ReloadTrigger } from "./reloads";

/**
 * Usage ingestion: prices each event, debits the group's credit, adds it to the daily totals and lets
 * auto reload react, all in one transaction per call (all or nothing). Events are deduplicated by id for
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
  const insert = db.prepare(`INSERT INTO usage_events (id, group_id, api_key_id, model, occurred_at_ms, received_at_ms, fingerprint, cost_usd_micros)
    VALUES (@id, @group_id, @api_key_id, @model, @occurred_at_ms, @received_at_ms, @fingerprint, @cost_usd_micros)`);
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
    const cycle = now.toISOString().slice(0, 7);
    const groups = new Map<string, string>();
    return events.map((event, i) => {
      const at = event.timestamp === undefined ? nowMs : Date.parse(event.timestamp);
      if (at < nowMs - USAGE_EVENT_MAX_AGE_MS || at > nowMs + USAGE_EVENT_MAX_SKEW_MS) {
        throw new BackendError("invalid_request", `Field \`events.${i}.timestamp\` must lie within the last 35 days and at most 5 minutes ahead of the backend's clock.`, `events.${i}.timestamp`);
      }
      // Zod's output lists keys in schema order, so the serialization is canonical for equal events.
      const fingerprint = crypto.createHash("sha256").update(JSON.stringify(event)).digest("base64url");
      const earlier = byId.get(event.id) as EventRow | undefined;
      if (earlier !== undefined) {
        if (earlier.fingerprint !== fingerprint) {
          throw new BackendError("usage_event_conflict", `Usage event ${JSON.stringify(event.id)} was already recorded with a different body; give each event its own id.`, `events.${i}.id`);
        }
        return toRecorded(earlier, true);
      }
      const groupId = groups.get(event.api_key_id) ?? (keyGroup.get(event.api_key_id) as string | undefined);
      if (groupId === undefined) throw new BackendError("api_key_not_found", `No API key with id ${event.api_key_id}.`, `events.${i}.api_key_id`);
      groups.set(event.api_key_id, groupId);
      const usage = meter(event);
      const cost = totalCost(usage);
      const row: EventRow = { id: event.id, group_id: groupId, api_key_id: event.api_key_id, model: usage.model, occurred_at_ms: at, fingerprint, cost_usd_micros: cost };
      insert.run({ ...row, received_at_ms: nowMs });
      addDaily.run({ group_id: groupId, day: Math.floor(at / DAY_MS), cycle, api_key_id: event.api_key_id, model: usage.model,
        context: usage.context, search_type: usage.searchType, ...usage.counts, cost });
      if (cost > 0) {
        const { before, after } = ledger.post(groupId, "usage_debit", -cost, event.id, now);
        reloads.afterDebit(groupId, before, after, now);
      }
      return toRecorded(row, false);
    });
  });

  return { ingest: (events, now) => ingest(events, now) };
}

function toRecorded(row: EventRow, duplicate: boolean): RecordedUsageEvent {
  return { object: "usage_event", id: row.id, group_id: row.group_id, api_key_id: row.api_key_id, model: row.model,
    timestamp: new Date(row.occurred_at_ms).toISOString(), cost_usd_micros: row.cost_usd_micros, duplicate };
}
