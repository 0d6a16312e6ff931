import { USAGE_EVENT_MAX_AGE_MS, USAGE_EVENT_MAX_SKEW_MS, type RecordedUsageEvent, type UsageEvent } from "../../api";
import type { Db } from "../db/database";
import { BackendError } from "../errors";
import { meter, totalCost } from "../pricing";
import type { Settled } from "./group-commit";
import { MAX_GROUP_USD_MICROS, outOfRange, type Ledger } from "./ledger";
import type { ReloadTrigger } from "./reloads";
import { fingerprintOf, sameBody } from "./usage-fingerprint";
import { createEventInserter, type EventRow, type PricedEvent } from "./usage-insert";
import { UsageTotals } from "./usage-totals";

/** One ingestion request: its events (at most 100, already validated) and when it was received. */
export interface IngestRequest {
  readonly events: readonly UsageEvent[];
  readonly now: Date;
}

/**
 * Usage ingestion: prices each event, debits the group's credit, adds it to the daily totals and lets
 * auto reload react, all in one transaction (all or nothing per request). The events of a request, and
 * of all the requests written together by {@link UsageStore.ingestMany}, debit each group once, by their
 * total (each event keeps its own cost), and add to each daily total once: that is what keeps 100-event
 * batches and many concurrent small requests cheap. Events are deduplicated by id for as long as they are
 * kept (no expiry): an identical replay returns the original result with `duplicate: true`; the same id
 * with another body is 409 `usage_event_conflict`.
 */
export interface UsageStore {
  /**
   * Records `events` (at most 100, already validated) received at `now`, in a transaction of its own.
   * @throws BackendError 400 `invalid_request` for a timestamp outside 35 days back / 5 minutes ahead,
   *   404 `api_key_not_found` for an unknown key, 409 `usage_event_conflict`; `param` names the event field.
   */
  ingest(events: readonly UsageEvent[], now: Date): RecordedUsageEvent[];
  /**
   * Records many requests in one transaction, in order, each all or nothing: one's error (as {@link ingest}
   * throws them) rolls back only that one. The debits and daily totals of those recorded are written once
   * at the end (a debit per group, dated by the latest `now`), and the reload trigger sees each group's
   * balance before and after it. Throws only when the transaction itself fails (then nothing was written).
   */
  ingestMany(requests: readonly IngestRequest[]): Settled<RecordedUsageEvent[]>[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where {@link UsageStore.ingestMany}'s CPU time goes, for the bench (microseconds per transaction): recording
 * the events (pricing, fingerprint, the dedup insert) and posting what they share (daily totals, debits,
 * reload checks); the rest of the transaction is its commit.
 */
export interface UsageProbe {
  recorded(cpuUs: number): void;
  posted(cpuUs: number): void;
}

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return used.user + used.system;
};

/**
 * Creates the {@link UsageStore} over `db`, debiting through `ledger` and reloading through `reloads`;
 * `probe` (optional; none by default) times {@link UsageStore.ingestMany}'s steps.
 */
export function createUsageStore(db: Db, ledger: Ledger, reloads: ReloadTrigger, probe?: UsageProbe): UsageStore {
  const keyGroup = db.prepare("SELECT group_id FROM api_keys WHERE id = ?").pluck();
  const insertEvents = createEventInserter(db);
  const addDaily = db.prepare(`INSERT INTO usage_daily (group_id, day, cycle, api_key_id, model, context, search_type, requests, input_tokens,
      output_tokens, citation_tokens, reasoning_tokens, search_queries, cost_usd_micros)
    VALUES (@group_id, @day, @cycle, @api_key_id, @model, @context, @search_type, @requests, @input_tokens, @output_tokens,
      @citation_tokens, @reasoning_tokens, @search_queries, @cost)
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,
      output_tokens = output_tokens + excluded.output_tokens, citation_tokens = citation_tokens + excluded.citation_tokens,
      reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, search_queries = search_queries + excluded.search_queries,
      cost_usd_micros = cost_usd_micros + excluded.cost_usd_micros`);

  /** Validates, prices and fingerprints event `index` of a request received at `nowMs`; `groups` caches key -> group for the transaction. */
  const price = (event: UsageEvent, index: number, nowMs: number, groups: Map<string, string>): PricedEvent => {
    const at = event.timestamp === undefined ? nowMs : Date.parse(event.timestamp);
    if (at < nowMs - USAGE_EVENT_MAX_AGE_MS || at > nowMs + USAGE_EVENT_MAX_SKEW_MS) {
      throw new BackendError("invalid_request", `Field \`events.${index}.timestamp\` must lie within the last 35 days and at most 5 minutes ahead of the backend's clock.`, `events.${index}.timestamp`);
    }
    const groupId = groups.get(event.api_key_id) ?? (keyGroup.get(event.api_key_id) as string | undefined);
    if (groupId === undefined) throw new BackendError("api_key_not_found", `No API key with id ${event.api_key_id}.`, `events.${index}.api_key_id`);
    groups.set(event.api_key_id, groupId);
    const usage = meter(event);
    return { event, index, groupId, at, receivedMs: nowMs, fingerprint: fingerprintOf(event), usage, cost: totalCost(usage) };
  };

  /**
   * The result of an inserted event: new (`earlier` undefined; added to `totals`), an identical replay of
   * `earlier`, or a conflict with it (thrown).
   */
  const settle = (e: PricedEvent, earlier: EventRow | undefined, totals: UsageTotals, nowIso: string, checked = false): RecordedUsageEvent => {
    const { event, at } = e;
    if (earlier !== undefined) {
      if (!sameBody(earlier, event, e.usage.model, e.fingerprint)) {
        throw new BackendError("usage_event_conflict", `Usage event ${JSON.stringify(event.id)} was already recorded with a different body; give each event its own id.`, `events.${e.index}.id`);
      }
      return toRecorded(earlier, true);
    }
    if (!checked) refuseOutOfRange(e, totals);
    totals.add(event.id, e.groupId, event.api_key_id, e.usage, e.cost, Math.floor(at / DAY_MS), nowIso.slice(0, 7));
    return { object: "usage_event", id: event.id, group_id: e.groupId, api_key_id: event.api_key_id, model: e.usage.model,
      timestamp: at === e.receivedMs ? nowIso : new Date(at).toISOString(), cost_usd_micros: e.cost, duplicate: false };
  };

  /** Records one request's events and adds the new ones to `totals`. Writes nothing shared. */
  const record = (events: readonly UsageEvent[], now: Date, groups: Map<string, string>, totals: UsageTotals): RecordedUsageEvent[] => {
    const nowMs = now.getTime();
    const nowIso = now.toISOString();
    const priced = events.map((event, i) => price(event, i, nowMs, groups));
    const earlier = insertEvents(priced);
    return priced.map((e, i) => settle(e, earlier[i], totals, nowIso));
  };
  // What the running transaction's groups had before it (their balances do not move until `post`), and the
  // totals of its requests recorded so far, for the range check of each new event.
  const before = new Map<string, number>();
  let turnSoFar: UsageTotals | undefined;
  /**
   * Refuses a new event that would take its group's balance past the ledger's limit, counting what this
   * transaction already owes: its request fails alone with a clear error (422 `amount_out_of_range`),
   * rather than the shared debit at the end failing every request written with it.
   */
  const refuseOutOfRange = (e: PricedEvent, totals: UsageTotals, queued = 0) => {
    let start = before.get(e.groupId);
    if (start === undefined) before.set(e.groupId, (start = ledger.balance(e.groupId)));
    const owed = queued + (totals.debits.get(e.groupId)?.amount ?? 0) +
      (turnSoFar !== undefined && turnSoFar !== totals ? turnSoFar.debits.get(e.groupId)?.amount ?? 0 : 0);
    if (start - owed - e.cost < -MAX_GROUP_USD_MICROS) throw outOfRange(e.groupId, "usage");
  };
  // Nested in the transaction below, a savepoint: a request that fails after inserting some events rolls them back.
  const recordAtomically = db.transaction(record);

  /** Writes what recorded events share: daily totals, then one debit per group, each followed by the reload check. */
  const post = (totals: UsageTotals, now: Date) => {
    for (const daily of totals.daily.values()) addDaily.run(daily);
    for (const [groupId, debit] of totals.debits) {
      if (debit.amount === 0) continue;
      const reference = debit.count === 1 ? debit.first : `${debit.first} (+${debit.count - 1} events)`;
      const { before, after } = ledger.post(groupId, "usage_debit", -debit.amount, reference, now);
      reloads.afterDebit(groupId, before, after, now);
    }
  };

  const ingest = db.transaction((events: readonly UsageEvent[], now: Date) => {
    before.clear();
    turnSoFar = undefined;
    const totals = new UsageTotals();
    const recorded = record(events, now, new Map(), totals);
    post(totals, now);
    return recorded;
  });

  const ingestMany = db.transaction((requests: readonly IngestRequest[]) => {
    const start = probe === undefined ? undefined : process.cpuUsage();
    const turn = new UsageTotals();
    before.clear();
    turnSoFar = turn;
    const groups = new Map<string, string>();
    let latest = requests[0]?.now ?? new Date(0);
    const settled: Settled<RecordedUsageEvent[]>[] = new Array(requests.length);
    // Consecutive single-event requests are inserted together (one statement), in arrival order. One event
    // needs no savepoint and no totals of its own: whatever rejects it does so before it writes or adds to
    // the totals (a conflict is an ignored insert), so it adds straight to the turn's.
    let singles: { request: number; event: PricedEvent; now: Date }[] = [];
    // What the queued singles will add to each group's debit: they are range-checked before they are inserted.
    const queued = new Map<string, number>();
    const insertSingles = () => {
      const earlier = insertEvents(singles.map((s) => s.event));
      singles.forEach(({ request, event, now }, i) => {
        settled[request] = attempt(() => [settle(event, earlier[i], turn, now.toISOString(), true)]);
      });
      singles = [];
      queued.clear();
    };
    requests.forEach(({ events, now }, request) => {
      if (now > latest) latest = now;
      if (events.length === 1) {
        const priced = attempt(() => {
          const e = price(events[0] as UsageEvent, 0, now.getTime(), groups);
          refuseOutOfRange(e, turn, queued.get(e.groupId) ?? 0);
          queued.set(e.groupId, (queued.get(e.groupId) ?? 0) + e.cost);
          return e;
        });
        if (priced.ok) singles.push({ request, event: priced.value, now });
        else settled[request] = priced;
        return;
      }
      if (singles.length > 0) insertSingles();
      // Several: their totals join the turn's only once all of them are recorded (else the savepoint rolls back).
      const totals = new UsageTotals();
      settled[request] = attempt(() => recordAtomically(events, now, groups, totals));
      if (settled[request]?.ok === true) turn.merge(totals);
    });
    if (singles.length > 0) insertSingles();
    if (start !== undefined) probe?.recorded(cpuSince(start));
    const posting = probe === undefined ? undefined : process.cpuUsage();
    post(turn, latest);
    if (posting !== undefined) probe?.posted(cpuSince(posting));
    return settled;
  });

  return { ingest: (events, now) => ingest(events, now), ingestMany: (requests) => ingestMany(requests) };
}

function toRecorded(row: EventRow, duplicate: boolean): RecordedUsageEvent {
  return { object: "usage_event", id: row.id, group_id: row.group_id, api_key_id: row.api_key_id, model: row.model,
    timestamp: new Date(row.occurred_at_ms).toISOString(), cost_usd_micros: row.cost_usd_micros, duplicate };
}

/** What `write` returned, or what it threw. */
function attempt<R>(write: () => R): Settled<R> {
  try {
    return { ok: true, value: write() };
  } catch (error) {
    return { ok: false, error };
  }
}
