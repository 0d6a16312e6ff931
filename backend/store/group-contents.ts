import { formatUsdMicros, type DeleteGroupCascade } from "../../api";
import type { Db } from "../db/database";

/** What still hangs off a group; a group with any of it is only deleted with `force`. */
export interface GroupContents {
  /** Memberships and pending invitations. */
  readonly members: number;
  /** Active (unrevoked) API keys. */
  readonly apiKeys: number;
  /** Remaining credit, in integer micro-USD (1 USD = 1e6), as on the wire and in the credit ledger. */
  readonly creditBalanceUsdMicros: number;
}

/** What keeps a group from being deleted without `force`: named, so the refusal can list it. */
export interface GroupBlockers {
  /**
   * Remaining credit, in integer micro-USD; 0 when none, or (`cascade=own`) when only auto reloads of a
   * policy that only the group's creator set put it there.
   */
  readonly creditBalanceUsdMicros: number;
  /** Active API keys (id and name; never the token); with `cascade=own`, those the group's holder does not hold. */
  readonly apiKeys: readonly { readonly id: string; readonly name: string }[];
  /** Members and invitations that the delete would not take with the group. */
  readonly members: readonly { readonly id: string; readonly email: string }[];
  /** True when `members` are only those someone other than the group's creator added (`cascade=own`). */
  readonly othersOnly: boolean;
}

/** Reads a group's contents: counts for {@link GroupContents}, names for a refused delete. */
export interface GroupContentsReader {
  counts(groupId: string): GroupContents;
  blockers(groupId: string, cascade: DeleteGroupCascade): GroupBlockers;
}

/**
 * Creates the {@link GroupContentsReader} over `db`. A member claimed by a stack instance other than the
 * group's holder is someone else's. For unclaimed members, "the group's creator" is the actor of its
 * `group.created` audit event, and a member was added by whoever the `member.invited` event names; the
 * audit log is append-only and outlives the rows it describes, so this needs no column of its own.
 */
export function createGroupContentsReader(db: Db): GroupContentsReader {
  const countMembers = db.prepare("SELECT COUNT(*) FROM members WHERE group_id = ?").pluck();
  const countApiKeys = db.prepare("SELECT COUNT(*) FROM api_keys WHERE group_id = ? AND revoked_at_ms IS NULL").pluck();
  const creditMicros = db.prepare("SELECT credit_balance_usd_micros FROM credit_balances WHERE group_id = ?").pluck();
  const activeKeys = db.prepare("SELECT id, name FROM api_keys WHERE group_id = ? AND revoked_at_ms IS NULL ORDER BY created_at_ms, id");
  // With cascade=own, a key claimed by the stack instance that holds the group goes with it, as its members
  // do: the stack's destroy then deletes nothing before the group's delete, which is refused or done whole.
  const othersKeys = db.prepare(`SELECT k.id, k.name FROM api_keys k
    LEFT JOIN claims kc ON kc.object_id = k.id
    LEFT JOIN claims gc ON gc.object_id = @group
    WHERE k.group_id = @group AND k.revoked_at_ms IS NULL
      AND (kc.object_id IS NULL OR gc.object_id IS NULL OR kc.owner_stack <> gc.owner_stack)
    ORDER BY k.created_at_ms, k.id`);
  const allMembers = db.prepare("SELECT id, email FROM members WHERE group_id = ? ORDER BY created_at_ms, id");
  // Members that are not the group holder's own. With owner claims (tools that send them): a member claimed
  // by another stack instance than the one holding the group is never its own, even when the same key
  // invited it (two stacks in one account share a management key). Unclaimed members (the console, older
  // tools): those whose invitation was not made by the actor that created the group.
  const othersMembers = db.prepare(`SELECT m.id, m.email FROM members m
    LEFT JOIN claims mc ON mc.object_id = m.id
    LEFT JOIN claims gc ON gc.object_id = @group
    WHERE m.group_id = @group AND (
      (mc.object_id IS NOT NULL AND (gc.object_id IS NULL OR mc.owner_stack <> gc.owner_stack))
      OR (mc.object_id IS NULL AND NOT EXISTS (
        SELECT 1 FROM audit_events c JOIN audit_events i ON i.actor_type = c.actor_type AND i.actor_id = c.actor_id
        WHERE c.group_id = @group AND c.action = 'group.created' AND c.target_id = @group
          AND i.group_id = @group AND i.action = 'member.invited' AND i.target_type = 'member' AND i.target_id = m.id)))
    ORDER BY m.created_at_ms, m.id`);
  const credit = (groupId: string) => (creditMicros.get(groupId) as number | undefined) ?? 0;
  // Credit is the creator's own when only auto reloads put it there, under a policy only the creator set:
  // enabling a declared policy on a new group reloads at once, and that money is the stack's doing.
  const creditNotOwn = db.prepare(`SELECT EXISTS (SELECT 1 FROM credit_ledger WHERE group_id = @group AND kind IN ('purchase', 'adjustment'))
    OR EXISTS (SELECT 1 FROM audit_events i WHERE i.group_id = @group AND i.target_type = 'auto_reload' AND i.action = 'auto_reload.updated'
      AND NOT EXISTS (SELECT 1 FROM audit_events c WHERE c.group_id = @group AND c.action = 'group.created' AND c.target_id = @group
        AND c.actor_type = i.actor_type AND c.actor_id = i.actor_id))`).pluck();

  return {
    counts: (groupId) => ({ members: countMembers.get(groupId) as number, apiKeys: countApiKeys.get(groupId) as number, creditBalanceUsdMicros: credit(groupId) }),
    blockers(groupId, cascade) {
      const own = cascade === "own";
      const members = (own ? othersMembers.all({ group: groupId }) : allMembers.all(groupId)) as GroupBlockers["members"];
      const creditBalanceUsdMicros = own && creditNotOwn.get({ group: groupId }) === 0 ? 0 : credit(groupId);
      const apiKeys = (own ? othersKeys.all({ group: groupId }) : activeKeys.all(groupId)) as GroupBlockers["apiKeys"];
      return { creditBalanceUsdMicros, apiKeys, members, othersOnly: own };
    },
  };
}

/** True when nothing in `b` keeps the group. */
export function isUnblocked(b: GroupBlockers): boolean {
  return b.creditBalanceUsdMicros <= 0 && b.apiKeys.length === 0 && b.members.length === 0;
}

/** At most this many ids are named per kind; the rest are counted, so a large group gives a readable message. */
const NAMED = 5;

/**
 * The 409 `group_not_empty` message: what is left, with amounts, ids and emails (never a secret), then one
 * sentence saying how to delete it anyway (clients that know a better fix for their users replace it).
 * @example "Group grp_x still has $5.12 of credit, 1 active API key (key_1 \"CI\") and 1 member someone else added (bob@x.com mem_1). Delete it with force=true to remove them too."
 */
export function groupNotEmptyMessage(id: string, b: GroupBlockers): string {
  const left: string[] = [];
  if (b.creditBalanceUsdMicros > 0) left.push(`${formatUsdMicros(b.creditBalanceUsdMicros)} of credit`);
  if (b.apiKeys.length > 0) left.push(counted(b.apiKeys.length, "active API key", b.apiKeys.map((k) => `${k.id} ${JSON.stringify(k.name)}`)));
  const who = b.othersOnly ? " someone else added" : "";
  if (b.members.length > 0) left.push(counted(b.members.length, `member${b.members.length === 1 ? "" : "s"}${who}`, b.members.map((m) => `${m.email} ${m.id}`), false));
  const listed = left.length > 1 ? `${left.slice(0, -1).join(", ")} and ${left[left.length - 1]}` : left.join("");
  return `Group ${id} still has ${listed}. ${GROUP_NOT_EMPTY_ADVICE}`;
}

/** The API's own fix for `group_not_empty`, the last sentence of its message. */
export const GROUP_NOT_EMPTY_ADVICE = "Delete it with force=true to remove them too.";

function counted(n: number, noun: string, names: string[], plural = true): string {
  const shown = names.slice(0, NAMED).join(", ");
  const more = names.length > NAMED ? `, and ${names.length - NAMED} more` : "";
  return `${n} ${noun}${plural && n !== 1 ? "s" : ""} (${shown}${more})`;
}
