import { formatUsdMicros, tierFor, type LedgerEntry, type LedgerEntryKind, type LedgerEntryList, type ListLedgerQuery } from "../../api";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";
import type { AuditStore } from "./audit";

/** What posting one ledger entry did. */
export interface Posting {
  /** The entry as the API shows it (built on first use: usage debits, the hot path, never need it). */
  readonly entry: LedgerEntry;
  /** Balance before the entry, in micro-USD. */
  readonly before: number;
  /** Balance after the entry, in micro-USD. */
  readonly after: number;
}

/**
 * The append-only credit ledger of every group, in exact integer micro-USD. The balance is the sum of a
 * group's entries, cached in `credit_balances` by the same statement sequence that appends the entry.
 * {@link post} does not open a transaction of its own: callers run it inside theirs, so the debit, the
 * cached balance and any reload decision commit together.
 */
export interface Ledger {
  /**
   * Appends an entry of `amount` micro-USD (negative spends). Purchases and auto reloads also add to
   * lifetime purchases and raise the group's tier when a threshold is reached (never lower it).
   */
  post(groupId: string, kind: LedgerEntryKind, amount: number, reference: string | null, now: Date): Posting;
  /** The cached balance, in micro-USD; 0 for a group that never had an entry. */
  balance(groupId: string): number;
  /** One page of the group's entries, newest first. @throws BackendError 404 `group_not_found`. */
  list(groupId: string, query: Pick<ListLedgerQuery, "limit" | "after" | "kind">): LedgerEntryList;
}

interface EntryRow {
  seq: number;
  group_id: string;
  kind: LedgerEntryKind;
  amount_usd_micros: number;
  balance_after_usd_micros: number;
  reference: string | null;
  created_at_ms: number;
}

const ID_PREFIX = "txn_";

/**
 * The largest balance (either sign) and lifetime purchases a group may reach, in micro-USD: 2^52, about
 * $4.5 billion. Every sum the API reports (a cycle's invoice, a breakdown, a balance) is then at most 2^53
 * and exact in a JavaScript number and a SQLite integer; past it the group's reads would fail for good.
 */
export const MAX_GROUP_USD_MICROS = 2 ** 52;

/** The refusal of a posting that would leave {@link MAX_GROUP_USD_MICROS}; thrown before anything is written. */
export function outOfRange(groupId: string, what: string): BackendError {
  return new BackendError("amount_out_of_range", `This ${what} would take group ${groupId}'s balance or lifetime purchases past ` +
    `${formatUsdMicros(MAX_GROUP_USD_MICROS)} (either way), the most the API keeps exact; nothing was recorded.`);
}

/** Creates the {@link Ledger} over `db`; tier upgrades are audited through `audit`. */
export function createLedger(db: Db, audit: AuditStore): Ledger {
  const addToBalance = db.prepare(`INSERT INTO credit_balances (group_id, credit_balance_usd_micros, lifetime_purchased_usd_micros) VALUES (?, ?, ?)
    ON CONFLICT (group_id) DO UPDATE SET credit_balance_usd_micros = credit_balance_usd_micros + excluded.credit_balance_usd_micros,
      lifetime_purchased_usd_micros = lifetime_purchased_usd_micros + excluded.lifetime_purchased_usd_micros
    RETURNING credit_balance_usd_micros AS balance, lifetime_purchased_usd_micros AS lifetime`);
  const append = db.prepare(`INSERT INTO credit_ledger (group_id, kind, amount_usd_micros, balance_after_usd_micros, reference, created_at_ms)
    VALUES (?, ?, ?, ?, ?, ?)`);
  // Tier names sort in tier order, so `<` never lowers a tier.
  const raiseTier = db.prepare("UPDATE groups SET tier = ? WHERE id = ? AND tier < ?");
  const balanceOf = db.prepare("SELECT credit_balance_usd_micros FROM credit_balances WHERE group_id = ?").pluck();
  const totalsOf = db.prepare("SELECT credit_balance_usd_micros AS balance, lifetime_purchased_usd_micros AS lifetime FROM credit_balances WHERE group_id = ?");
  const groupExists = db.prepare("SELECT 1 FROM groups WHERE id = ?").pluck();
  const page = db.prepare(`SELECT * FROM credit_ledger WHERE group_id = @group AND seq < @before AND (@kind IS NULL OR kind = @kind)
    ORDER BY seq DESC LIMIT @limit`);

  return {
    post(groupId, kind, amount, reference, now) {
      const purchased = kind === "purchase" || kind === "auto_reload" ? amount : 0;
      const current = (totalsOf.get(groupId) as { balance: number; lifetime: number } | undefined) ?? { balance: 0, lifetime: 0 };
      if (Math.abs(current.balance + amount) > MAX_GROUP_USD_MICROS || current.lifetime + purchased > MAX_GROUP_USD_MICROS) {
        throw outOfRange(groupId, kind.replace("_", " "));
      }
      const { balance, lifetime } = addToBalance.get(groupId, amount, purchased) as { balance: number; lifetime: number };
      const row: EntryRow = { seq: 0, group_id: groupId, kind, amount_usd_micros: amount, balance_after_usd_micros: balance, reference, created_at_ms: now.getTime() };
      row.seq = Number(append.run(groupId, kind, amount, balance, reference, row.created_at_ms).lastInsertRowid);
      if (purchased > 0) {
        const tier = tierFor(lifetime);
        if (raiseTier.run(tier, groupId, tier).changes > 0) {
          audit.record({ groupId, actor: "system", action: "group.tier_upgraded", target: { type: "group", id: groupId },
            details: { tier, lifetime_purchased_usd_micros: lifetime } }, now);
        }
      }
      return { get entry() { return toEntry(row); }, before: balance - amount, after: balance };
    },
    balance: (groupId) => (balanceOf.get(groupId) as number | undefined) ?? 0,
    list(groupId, { limit, after, kind }) {
      if (groupExists.get(groupId) === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
      const before = after === undefined ? Number.MAX_SAFE_INTEGER : seqOf(after);
      const rows = page.all({ group: groupId, before, kind: kind ?? null, limit: limit + 1 }) as EntryRow[];
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { object: "list", data: rows.slice(0, limit).map(toEntry), has_more: last !== undefined, next_cursor: last ? `${ID_PREFIX}${last.seq}` : null };
    },
  };
}

function seqOf(cursor: string): number {
  const seq = Number(cursor.slice(ID_PREFIX.length));
  if (!cursor.startsWith(ID_PREFIX) || !Number.isSafeInteger(seq) || seq < 0) {
    throw new BackendError("invalid_request", "Query parameter `after` is not a cursor returned by this API; pass next_cursor from the previous page.", "after");
  }
  return seq;
}

function toEntry(row: EntryRow): LedgerEntry {
  return { object: "credit_transaction", id: `${ID_PREFIX}${row.seq}`, group_id: row.group_id, kind: row.kind, amount_usd_micros: row.amount_usd_micros,
    balance_after_usd_micros: row.balance_after_usd_micros, reference: row.reference, created_at: new Date(row.created_at_ms).toISOString() };
}
