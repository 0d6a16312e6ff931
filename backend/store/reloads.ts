import type { PaymentMethodToken } from "../../api";
import { randomId } from "../crypto";
import type { Db } from "../db/database";
import type { AuditStore } from "./audit";
import { chargeCard } from "./billing";
import type { Ledger } from "./ledger";

/** Declined auto reloads in a row after which auto reload switches itself off (as LTX documents). */
export const MAX_CONSECUTIVE_RELOAD_FAILURES = 3;

/**
 * Fires auto reloads. Each method runs inside the caller's transaction (a debit or a policy change), and
 * SQLite runs one write transaction at a time, so exactly one of several concurrent debits sees the
 * balance cross the threshold; a partial unique index (one `pending` reload per group) guards it too.
 *
 * The rules (edge-triggered, so a reload that leaves the balance under the threshold does not chain):
 * - a debit that takes the balance from at or above the threshold to below it fires one reload;
 * - after a declined reload, every further debit while under the threshold retries, and the third
 *   declined reload in a row switches auto reload off (`disabled_reason: payment_failures`);
 * - enabling the policy (or raising its threshold) while the balance is under the threshold fires at once;
 * - a reload that would exceed the monthly limit (calendar month, UTC, successful reloads) is skipped.
 */
export interface ReloadTrigger {
  /** Called after a debit took the group's balance from `before` to `after` (micro-USD). */
  afterDebit(groupId: string, before: number, after: number, now: Date): void;
  /** Called after the policy was replaced; `wasArmed` says whether the group was already under an enabled threshold. */
  afterPolicyChange(groupId: string, wasArmed: boolean, now: Date): void;
  /** Whether the group is under the threshold of its enabled policy now. */
  armed(groupId: string): boolean;
  /** Clears the failure count (a successful manual purchase or a new policy decision). */
  resetFailures(groupId: string): void;
}

interface Policy {
  enabled: 0 | 1;
  threshold_usd_micros: number;
  amount_usd_micros: number;
  monthly_limit_usd_micros: number | null;
  consecutive_failures: number;
}

/**
 * Creates the {@link ReloadTrigger}. `disable` switches auto reload off for payment failures (the
 * auto-reload store does it, so the change is audited like any other).
 */
export function createReloadTrigger(db: Db, ledger: Ledger, audit: AuditStore, disable: (groupId: string, now: Date) => void): ReloadTrigger {
  const policyOf = db.prepare(`SELECT enabled, threshold_usd_micros, amount_usd_micros, monthly_limit_usd_micros, consecutive_failures
    FROM auto_reload_settings WHERE group_id = ?`);
  const cardOf = db.prepare("SELECT token FROM payment_methods WHERE group_id = ?").pluck();
  const reloadedSince = db.prepare("SELECT COALESCE(SUM(amount_usd_micros), 0) FROM auto_reloads WHERE group_id = ? AND status = 'succeeded' AND created_at_ms >= ?").pluck();
  const insert = db.prepare("INSERT INTO auto_reloads (id, group_id, amount_usd_micros, status, reason, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)");
  const settle = db.prepare("UPDATE auto_reloads SET status = ?, reason = ? WHERE id = ?");
  const setFailures = db.prepare("UPDATE auto_reload_settings SET consecutive_failures = ? WHERE group_id = ?");

  const policy = (groupId: string) => policyOf.get(groupId) as Policy | undefined;
  const record = (groupId: string, action: string, id: string, details: Record<string, unknown>, now: Date) =>
    audit.record({ groupId, actor: "system", action, target: { type: "auto_reload", id }, details }, now);

  const fire = (groupId: string, p: Policy, trigger: "usage" | "policy", now: Date): void => {
    const id = randomId("rld_");
    const amount = p.amount_usd_micros;
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    if (p.monthly_limit_usd_micros !== null && (reloadedSince.get(groupId, monthStart) as number) + amount > p.monthly_limit_usd_micros) {
      insert.run(id, groupId, amount, "skipped", "monthly_limit_reached", now.getTime());
      return record(groupId, "auto_reload.skipped", id, { reason: "monthly_limit_reached", amount_usd_micros: amount }, now);
    }
    insert.run(id, groupId, amount, "pending", null, now.getTime());
    // The emulated card network answers synchronously, so the charge settles in this same transaction.
    const card = cardOf.get(groupId) as PaymentMethodToken | undefined;
    const declined = card === undefined ? "missing_payment_method" : chargeCard(card);
    if (declined === undefined) {
      settle.run("succeeded", null, id);
      setFailures.run(0, groupId);
      const { entry } = ledger.post(groupId, "auto_reload", amount, id, now);
      return record(groupId, "auto_reload.succeeded", id, { trigger, amount_usd_micros: amount, balance_usd_micros: entry.balance_after_usd_micros }, now);
    }
    const failures = p.consecutive_failures + 1;
    settle.run("failed", declined, id);
    setFailures.run(failures, groupId);
    record(groupId, "auto_reload.failed", id, { trigger, reason: declined, amount_usd_micros: amount, consecutive_failures: failures }, now);
    if (failures >= MAX_CONSECUTIVE_RELOAD_FAILURES) disable(groupId, now);
  };

  const armed = (groupId: string, p = policy(groupId)) => p !== undefined && p.enabled === 1 && ledger.balance(groupId) < p.threshold_usd_micros;

  return {
    afterDebit(groupId, before, after, now) {
      const p = policy(groupId);
      if (p === undefined || p.enabled !== 1 || after >= p.threshold_usd_micros) return;
      if (before >= p.threshold_usd_micros || p.consecutive_failures > 0) fire(groupId, p, "usage", now);
    },
    afterPolicyChange(groupId, wasArmed, now) {
      const p = policy(groupId);
      if (!wasArmed && p !== undefined && armed(groupId, p)) fire(groupId, p, "policy", now);
    },
    armed: (groupId) => armed(groupId),
    resetFailures: (groupId) => void setFailures.run(0, groupId),
  };
}
