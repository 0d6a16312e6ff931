import type { ClaimedObjectType, Owner, OwnerClaim } from "../../api";
import type { Db } from "../db/database";
import { BackendError } from "../errors";
import type { AuditEntry, AuditStore } from "./audit";

/** The object a claim is about; `id` is the object's id, or `<group_id>/auto_reload` for the policy. */
export interface ClaimTarget {
  readonly groupId: string;
  readonly type: ClaimedObjectType;
  readonly id: string;
  /** How messages name the object, e.g. `member ann@example.com (mem_…)`. */
  readonly label: string;
}

/**
 * Owner claims: which stack instance and resource hold an object. Synchronous; call the writes inside the
 * transaction of the change they belong to. Claims are advisory for callers that send none (the console),
 * binding for those that do: a claim by another stack is refused without `takeOver`, and a delete naming
 * a lease is refused once another resource holds the object.
 */
export interface ClaimStore {
  /** The current owner of the object, or null. */
  ownerOf(objectId: string): Owner | null;
  /**
   * Records `owner` as the object's holder. Another resource of the same stack instance takes it over
   * (a rename or a replacement); another stack needs `takeOver`.
   * @throws BackendError 409 `owned_elsewhere` naming the holder.
   */
  claim(target: ClaimTarget, owner: OwnerClaim, takeOver: boolean, actor: AuditEntry["actor"], now: Date): void;
  /** Records the claim of an object made in this transaction; its `*.created` event carries the owner. */
  claimNew(target: ClaimTarget, owner: OwnerClaim, now: Date): void;
  /**
   * Allows a conditional delete: passes when `lease` is undefined (unconditional), the object is unclaimed,
   * or its claim has this lease (`none` matches no lease).
   * @throws BackendError 409 `owner_mismatch` naming the holder.
   */
  assertHeld(target: ClaimTarget, lease: string | undefined): void;
  /** Forgets the object's claim (it was deleted, disabled or released). */
  release(objectId: string): void;
  /** Forgets every claim of a deleted group. */
  releaseGroup(groupId: string): void;
}

interface ClaimRow {
  object_id: string;
  group_id: string;
  object_type: ClaimedObjectType;
  owner_stack: string;
  owner_resource: string;
  lease: string;
  claimed_at_ms: number;
}

/** Creates the {@link ClaimStore} over `db`; claims are recorded in the group's audit log through `audit`. */
export function createClaimStore(db: Db, audit: AuditStore): ClaimStore {
  const byId = db.prepare("SELECT * FROM claims WHERE object_id = ?");
  const upsert = db.prepare(`INSERT INTO claims (object_id, group_id, object_type, owner_stack, owner_resource, lease, claimed_at_ms)
    VALUES (@object_id, @group_id, @object_type, @owner_stack, @owner_resource, @lease, @claimed_at_ms)
    ON CONFLICT (object_id) DO UPDATE SET owner_stack = excluded.owner_stack, owner_resource = excluded.owner_resource,
      lease = excluded.lease, claimed_at_ms = excluded.claimed_at_ms`);
  const deleteById = db.prepare("DELETE FROM claims WHERE object_id = ?");
  const deleteByGroup = db.prepare("DELETE FROM claims WHERE group_id = ?");
  const find = (id: string) => byId.get(id) as ClaimRow | undefined;
  const save = (target: ClaimTarget, owner: OwnerClaim, now: Date) => upsert.run({ object_id: target.id, group_id: target.groupId,
    object_type: target.type, owner_stack: owner.stack, owner_resource: owner.resource, lease: owner.lease, claimed_at_ms: now.getTime() });

  return {
    ownerOf(objectId) {
      const row = find(objectId);
      return row === undefined ? null : toOwner(row);
    },
    claim(target, owner, takeOver, actor, now) {
      const held = find(target.id);
      if (held?.lease === owner.lease) return;
      if (held !== undefined && held.owner_stack !== owner.stack && !takeOver) {
        throw new BackendError("owned_elsewhere", `${capitalized(target.label)} is held by ${holder(held)}. Remove it from that stack, ` +
          "or claim it with take_over: true (in Pulumi, the resource's takeOver: true) to take it over.", "owner");
      }
      save(target, owner, now);
      const previous = held === undefined ? null : { stack: held.owner_stack, resource: held.owner_resource };
      // Audit targets name the policy by its group's id, as the auto-reload store records its changes.
      const audited = { type: target.type, id: target.type === "auto_reload" ? target.groupId : target.id };
      audit.record({ groupId: target.groupId, actor, action: `${target.type}.claimed`, target: audited,
        details: { ...ownerDetails(owner), previous_owner: previous } }, now);
    },
    claimNew: (target, owner, now) => void save(target, owner, now),
    assertHeld(target, lease) {
      const held = lease === undefined ? undefined : find(target.id);
      if (held === undefined || held.lease === lease) return;
      throw new BackendError("owner_mismatch", `${capitalized(target.label)} is now held by ${holder(held)}; it was left in place.`, "owner_lease");
    },
    release: (objectId) => void deleteById.run(objectId),
    releaseGroup: (groupId) => void deleteByGroup.run(groupId),
  };
}

/** Audit details naming a new object's owner (the lease stays out of the log), or none. */
export function ownerDetails(owner: OwnerClaim | undefined): { owner?: { stack: string; resource: string } } {
  return owner ? { owner: { stack: owner.stack, resource: owner.resource } } : {};
}

function holder(row: ClaimRow): string {
  return `resource ${row.owner_resource} of stack ${row.owner_stack} (since ${new Date(row.claimed_at_ms).toISOString()})`;
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function toOwner(row: ClaimRow): Owner {
  return { stack: row.owner_stack, resource: row.owner_resource, claimed_at: new Date(row.claimed_at_ms).toISOString() };
}
