import { createHash, randomBytes } from "node:crypto";
import type { OwnerClaim, OwnerName } from "../api";
import { isApiError, type CreateOptions } from "../client";
import type { ProviderContext } from "./context";
import { attempt } from "./errors";
import { createOnce } from "./idempotency";
import { identityOf, LEASE_KEY } from "./state";

type Props = Record<string, unknown>;

/**
 * The owner a resource claims its objects for: the stack instance and the resource's URN, from the
 * identity the SDK puts in the inputs. Undefined for identities written before claims existed (a plain
 * `<project>/<stack>/…` string) and for direct callers without one: their objects stay unclaimed, as before.
 */
export function ownerOf(inputs: Props): OwnerName | undefined {
  return identityOf(inputs).owner;
}

/** A new random lease (22 characters, 128 bits): names one claim, so a delete can tell whether it still holds the object. */
export function freshLease(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * The claim a create sends in its body. Its lease derives from the create's idempotency key, so a re-run
 * sends the same body and gets the first response replayed; without a key it is random.
 */
export function createClaim(inputs: Props, idempotencyKey: string | undefined): OwnerClaim | undefined {
  const owner = ownerOf(inputs);
  if (!owner) return undefined;
  const lease = idempotencyKey ? createHash("sha256").update(`lease\u0000${idempotencyKey}`).digest("base64url").slice(0, 22) : freshLease();
  return { ...owner, lease };
}

/**
 * The lease a delete names: the one in the resource's state, or `none` for state written before claims
 * (then only an object nobody has claimed since is deleted).
 */
export function heldLease(props: Props): string {
  const lease = props[LEASE_KEY];
  return typeof lease === "string" && lease !== "" ? lease : "none";
}

/** The stacks whose take-overs this provider process has already warned about (one process serves one run). */
const warnedHolders = new Set<string>();

/**
 * Runs a conditional delete (or disable, or release). When another resource now holds the object (409
 * `owner_mismatch`: a rename, a replacement, or another stack took it over) it is left in place and the
 * resource leaves this stack's state; every other error propagates. The warning naming the holder is said
 * once per holding stack and run: a rename of 100 members without aliases is one take-over, not 100.
 */
export async function unlessHeldElsewhere(action: string, call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (e) {
    if (!isApiError(e, "owner_mismatch")) throw e;
    const message = (e as Error).message;
    const stack = /of stack (\S+)/.exec(message)?.[1] ?? message;
    if (warnedHolders.has(stack)) return;
    warnedHolders.add(stack);
    console.error(`warning: ${action}: ${message} This resource is removed from the stack's state only; ` +
      "other resources whose objects resources of that stack now hold are left the same way, without another warning.");
  }
}

/** The output recording the resource's claim lease (nothing when it holds no claim). */
export function leaseOut(lease: string | undefined): Record<string, string> {
  return lease ? { [LEASE_KEY]: lease } : {};
}

/**
 * Claims an existing object for this resource with a fresh lease (`PUT …/claims/{object_id}`): after an
 * adoption, or after a replayed create, whose object still carries the claim of the create that made it
 * (which may be the resource this one replaces). Returns the lease, or undefined when the resource has no
 * owner identity (nothing is claimed then).
 * @throws Error 409 `owned_elsewhere` naming the holder when another stack holds it and `takeOver` is not set.
 */
export async function claimAnew(ctx: ProviderContext, groupId: string, objectId: string, inputs: Props, label: string, takeOver?: boolean): Promise<string | undefined> {
  const owner = ownerOf(inputs);
  if (!owner) return undefined;
  const lease = freshLease();
  const body = takeOver ? { owner: { ...owner, lease }, take_over: true } : { owner: { ...owner, lease } };
  // The API's owned_elsewhere message names the holder and the fix (takeOver) itself.
  await attempt(`claiming ${label}`, ctx.client.claims.claim(groupId, objectId, body));
  return lease;
}

/** Where a created object lives, for {@link createHeld}'s claim of a replayed one. */
export interface HeldObject<T> {
  /** The object's group (a group's own id). */
  readonly groupId: (made: T) => string;
  /** How messages name it, e.g. `member ann@example.com`. */
  readonly label: (made: T) => string;
  /** Whether the resource takes objects over from other stacks (`takeOver`). Optional; default false. */
  readonly takeOver?: boolean | undefined;
}

/**
 * {@link createOnce} with an owner claim: `make` gets the claim to send (its lease derived from the
 * idempotency key, so a re-run's body is the same) and, when the API replayed an earlier create, the
 * object is claimed anew, because the create that made it may belong to the resource this one replaces.
 * Returns the object and the lease the resource now holds (undefined without an owner identity).
 */
export async function createHeld<T extends { readonly id: string }>(ctx: ProviderContext, inputs: Props, object: HeldObject<NoInfer<T>>,
  make: (owner: OwnerClaim | undefined, opts: CreateOptions) => Promise<T>, stillExists: (made: NoInfer<T>) => Promise<boolean>,
): Promise<{ made: T; lease: string | undefined }> {
  let lease: string | undefined;
  const { made, replayed } = await createOnce(inputs, (opts) => {
    const owner = createClaim(inputs, opts.idempotencyKey);
    lease = owner?.lease;
    return make(owner, opts);
  }, stillExists);
  if (replayed) lease = await claimAnew(ctx, object.groupId(made), made.id, inputs, object.label(made), object.takeOver);
  return { made, lease };
}
