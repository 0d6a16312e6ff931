import { AUTO_RELOAD_DEFAULTS, type AutoReload, type Owner, type UpdateAutoReloadRequest } from "../../api";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";
import type { AuditEntry, AuditStore } from "./audit";
import { createClaimStore, type ClaimTarget } from "./claims";
import type { ReloadTrigger } from "./reloads";

/** Who changes a policy: a caller's principal, or `system` (the metering backend). */
type Actor = AuditEntry["actor"];

/** Why auto reload was switched off, in `auto_reload.disabled` audit details. */
export type DisableReason = "requested" | "payment_method_removed" | "payment_failures";

/**
 * Auto-reload policies, one per group: business rules and SQL, synchronous. A group that never set one
 * reads as {@link AUTO_RELOAD_DEFAULTS}, stamped with the group's creation time. Writes that change
 * nothing write nothing (no new `updated_at`, no audit event), so retried PUTs leave no trace.
 * @throws BackendError 404 `group_not_found`; 422 `payment_method_required` from {@link update}.
 */
export interface AutoReloadStore {
  /** The group's policy. */
  get(groupId: string): AutoReload;
  /**
   * Replaces the policy (a left-out monthly limit means none) and clears `disabled_reason`, since the
   * caller has now decided. Enabling needs a payment method on file. Enabling it (or raising the
   * threshold) while the balance is under the threshold reloads at once, in the same transaction. Records
   * the body's `owner` claim (409 `owned_elsewhere` while another stack holds the policy, unless `take_over`).
   */
  update(groupId: string, body: UpdateAutoReloadRequest, actor: Actor, now: Date): AutoReload;
  /**
   * Switches auto reload off and keeps the amounts; `payment_failures` also sets `disabled_reason`. With an
   * `ownerLease` (optional) it throws `owner_mismatch` once another resource holds the policy, and
   * otherwise releases the claim.
   */
  disable(groupId: string, reason: DisableReason, actor: Actor, now: Date, ownerLease?: string): AutoReload;
}

interface SettingsRow {
  group_id: string;
  enabled: 0 | 1;
  threshold_usd_micros: number;
  amount_usd_micros: number;
  monthly_limit_usd_micros: number | null;
  disabled_reason: "payment_failures" | null;
  updated_at_ms: number;
}

/** Creates the {@link AutoReloadStore} over `db`; `reloads` (optional; none by default) fires reloads on policy changes. */
export function createAutoReloadStore(db: Db, audit: AuditStore, reloads?: ReloadTrigger): AutoReloadStore {
  const groupCreatedAt = db.prepare("SELECT created_at_ms FROM groups WHERE id = ?").pluck();
  const byGroup = db.prepare(`SELECT group_id, enabled, threshold_usd_micros, amount_usd_micros, monthly_limit_usd_micros, disabled_reason, updated_at_ms
    FROM auto_reload_settings WHERE group_id = ?`);
  const hasPaymentMethod = db.prepare("SELECT 1 FROM payment_methods WHERE group_id = ?").pluck();
  const upsert = db.prepare(`INSERT INTO auto_reload_settings
    (group_id, enabled, threshold_usd_micros, amount_usd_micros, monthly_limit_usd_micros, disabled_reason, updated_at_ms)
    VALUES (@group_id, @enabled, @threshold_usd_micros, @amount_usd_micros, @monthly_limit_usd_micros, @disabled_reason, @updated_at_ms)
    ON CONFLICT (group_id) DO UPDATE SET enabled = excluded.enabled, threshold_usd_micros = excluded.threshold_usd_micros,
      amount_usd_micros = excluded.amount_usd_micros, monthly_limit_usd_micros = excluded.monthly_limit_usd_micros,
      disabled_reason = excluded.disabled_reason, updated_at_ms = excluded.updated_at_ms`);

  const claims = createClaimStore(db, audit);
  const targetOf = (groupId: string): ClaimTarget => ({ groupId, type: "auto_reload", id: `${groupId}/auto_reload`, label: `the auto-reload policy of group ${groupId}` });
  const toAutoReload = (row: SettingsRow) => autoReloadOf(row, claims.ownerOf(`${row.group_id}/auto_reload`));
  const read = (groupId: string): SettingsRow => {
    const stored = byGroup.get(groupId) as SettingsRow | undefined;
    if (stored !== undefined) return stored;
    const createdAt = groupCreatedAt.get(groupId) as number | undefined;
    if (createdAt === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
    const { enabled, ...amounts } = AUTO_RELOAD_DEFAULTS;
    return { group_id: groupId, enabled: enabled ? 1 : 0, ...amounts, disabled_reason: null, updated_at_ms: createdAt };
  };
  // `always` stores even an unchanged policy: the first explicit PUT of the defaults is still a decision.
  const save = (before: SettingsRow, after: SettingsRow, entry: Pick<AuditEntry, "actor" | "action" | "details">, now: Date, always = false) => {
    if (!always && sameSettings(before, after)) return before;
    const row = { ...after, updated_at_ms: now.getTime() };
    upsert.run(row);
    audit.record({ groupId: row.group_id, target: { type: "auto_reload", id: row.group_id }, ...entry }, now);
    return row;
  };

  const update = db.transaction((groupId: string, body: UpdateAutoReloadRequest, actor: Actor, now: Date) => {
    const before = read(groupId);
    const wasArmed = reloads?.armed(groupId) ?? false;
    if (body.enabled && hasPaymentMethod.get(groupId) === undefined) {
      throw new BackendError("payment_method_required", MESSAGES.paymentMethodRequired(groupId), "enabled");
    }
    const settings = { threshold_usd_micros: body.threshold_usd_micros, amount_usd_micros: body.amount_usd_micros,
      monthly_limit_usd_micros: body.monthly_limit_usd_micros ?? null };
    const after: SettingsRow = { ...before, ...settings, enabled: body.enabled ? 1 : 0, disabled_reason: null };
    const details = { enabled: body.enabled, ...settings };
    if (body.owner) claims.claim(targetOf(groupId), body.owner, body.take_over === true, actor, now);
    const saved = save(before, after, { actor, action: "auto_reload.updated", details }, now, byGroup.get(groupId) === undefined);
    reloads?.resetFailures(groupId);
    reloads?.afterPolicyChange(groupId, wasArmed, now);
    return toAutoReload(saved);
  });

  const disable = db.transaction((groupId: string, reason: DisableReason, actor: Actor, now: Date, ownerLease?: string) => {
    const before = read(groupId);
    claims.assertHeld(targetOf(groupId), ownerLease);
    if (ownerLease !== undefined) claims.release(targetOf(groupId).id);
    const after: SettingsRow = { ...before, enabled: 0, disabled_reason: reason === "payment_failures" ? "payment_failures" : before.disabled_reason };
    return toAutoReload(save(before, after, { actor, action: "auto_reload.disabled", details: { reason } }, now));
  });

  return {
    get: (groupId) => toAutoReload(read(groupId)),
    update: (groupId, body, actor, now) => update(groupId, body, actor, now),
    disable: (groupId, reason, actor, now, ownerLease) => disable(groupId, reason, actor, now, ownerLease),
  };
}

function sameSettings(a: SettingsRow, b: SettingsRow): boolean {
  return a.enabled === b.enabled && a.threshold_usd_micros === b.threshold_usd_micros && a.amount_usd_micros === b.amount_usd_micros &&
    a.monthly_limit_usd_micros === b.monthly_limit_usd_micros && a.disabled_reason === b.disabled_reason;
}

function autoReloadOf(row: SettingsRow, owner: Owner | null): AutoReload {
  return {
    object: "auto_reload",
    group_id: row.group_id,
    enabled: row.enabled === 1,
    threshold_usd_micros: row.threshold_usd_micros,
    amount_usd_micros: row.amount_usd_micros,
    monthly_limit_usd_micros: row.monthly_limit_usd_micros,
    disabled_reason: row.disabled_reason,
    updated_at: new Date(row.updated_at_ms).toISOString(),
    owner,
  };
}
