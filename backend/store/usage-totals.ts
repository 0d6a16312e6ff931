import type { MeteredUsage, UsageCounts } from "../pricing";

/** The `usage_daily` row of one day, billing cycle, key, model and fee class, as {@link UsageTotals} adds it up. */
export interface DailyTotals extends Record<keyof UsageCounts, number> {
  readonly group_id: string;
  readonly day: number;
  readonly cycle: string;
  readonly api_key_id: string;
  readonly model: string;
  readonly context: string;
  readonly search_type: string;
  cost: number;
}

/** What a group is debited for a set of new events: their total cost, how many, and the first one's id (the ledger reference). */
export interface Debit {
  amount: number;
  count: number;
  readonly first: string;
}

/**
 * What new events add up to, so the writes they share happen once: per group the debit, per day, cycle,
 * key, model and fee class the usage totals. One request's totals are built apart and merged into its
 * turn's only once the request has been recorded, so a request that fails leaves no trace in them.
 */
export class UsageTotals {
  readonly debits = new Map<string, Debit>();
  readonly daily = new Map<string, DailyTotals>();
  /** The totals the last event went to: the next one usually goes there too, found without building its key. */
  private last: DailyTotals | undefined;

  /** Adds one event of `groupId`'s key `apiKeyId`, costing `cost` micro-USD, on `day` (days since the epoch, UTC) of `cycle` (`YYYY-MM`). */
  add(id: string, groupId: string, apiKeyId: string, usage: MeteredUsage, cost: number, day: number, cycle: string): void {
    const debit = this.debits.get(groupId);
    if (debit === undefined) this.debits.set(groupId, { amount: cost, count: 1, first: id });
    else {
      debit.amount += cost;
      debit.count += 1;
    }
    const last = this.last;
    const same = last !== undefined && last.group_id === groupId && last.day === day && last.cycle === cycle && last.api_key_id === apiKeyId
      && last.model === usage.model && last.context === usage.context && last.search_type === usage.searchType;
    const totals = same ? last : this.totalsOf(groupId, day, cycle, apiKeyId, usage);
    this.last = totals;
    addCounts(totals, usage.counts, cost);
  }

  /** Adds everything `other` holds (another request of the same turn). */
  merge(other: UsageTotals): void {
    for (const [groupId, debit] of other.debits) {
      const mine = this.debits.get(groupId);
      if (mine === undefined) this.debits.set(groupId, { ...debit });
      else {
        mine.amount += debit.amount;
        mine.count += debit.count;
      }
    }
    for (const [key, totals] of other.daily) {
      const mine = this.daily.get(key);
      if (mine === undefined) this.daily.set(key, { ...totals });
      else addCounts(mine, totals, totals.cost);
    }
  }

  private totalsOf(groupId: string, day: number, cycle: string, apiKeyId: string, usage: MeteredUsage): DailyTotals {
    const key = `${groupId}|${day}|${cycle}|${apiKeyId}|${usage.model}|${usage.context}|${usage.searchType}`;
    const found = this.daily.get(key);
    if (found !== undefined) return found;
    const totals: DailyTotals = { group_id: groupId, day, cycle, api_key_id: apiKeyId, model: usage.model, context: usage.context,
      search_type: usage.searchType, requests: 0, input_tokens: 0, output_tokens: 0, citation_tokens: 0, reasoning_tokens: 0, search_queries: 0, cost: 0 };
    this.daily.set(key, totals);
    return totals;
  }
}

function addCounts(totals: DailyTotals, counts: UsageCounts, cost: number): void {
  totals.requests += counts.requests;
  totals.input_tokens += counts.input_tokens;
  totals.output_tokens += counts.output_tokens;
  totals.citation_tokens += counts.citation_tokens;
  totals.reasoning_tokens += counts.reasoning_tokens;
  totals.search_queries += counts.search_queries;
  totals.cost += cost;
}
