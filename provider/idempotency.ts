import { createHash } from "node:crypto";
import { isApiError, type CreateOptions } from "../client";
import { canonical, identityOf, withoutProvider } from "./state";

type Props = Record<string, unknown>;

/** How many earlier objects of one resource, each since deleted, a create steps over before giving up (10). */
export const MAX_GENERATIONS = 10;

/**
 * The idempotency key of a resource's create: a hash of the resource's identity (the stack instance and
 * the resource's URN, which the SDK class puts in the inputs as `__identity`; see `sdk/identity.ts`), its
 * inputs, and a generation number. Two stacks with equal names (on two state backends) and two resources
 * with equal names under different parents therefore never share a key.
 *
 * The rule, and why: the engine gives `create` no operation id, and a `pulumi up` re-run after a crash or
 * a cancelled run (pending operations cleared) calls `create` again with the same inputs. Deriving the key
 * from what that re-run sends again makes the API replay the first response (for 24 hours), so the re-run
 * gets the object the lost run made instead of a second one. A deliberate new object always differs in
 * something: changed inputs (a replacement through `rotationTrigger`, a new email, …) give a new key, and
 * an earlier object that is gone (deleted or revoked out of band, then re-created by `up`) is skipped by
 * moving to the next generation, see {@link createOnce}. Without an identity (a program built with an older
 * SDK, or a direct caller) there is nothing stable to derive from, and each call gets a random key.
 */
export function createKey(inputs: Props, generation: number): string | undefined {
  // Hashed as each form was when its SDK was current (the owner as its canonical object), so a create
  // re-run after an upgrade of the SDK still derives the key of the lost run.
  const { owner, legacy } = identityOf(inputs);
  const identity = owner ? canonical(owner) : legacy;
  if (identity === undefined) return undefined;
  const digest = createHash("sha256").update(`${identity}\u0000${canonical(withoutProvider(inputs))}\u0000${generation}`).digest("hex");
  return `pulumi-perplexity-${digest.slice(0, 48)}`;
}

/** What {@link createOnce} made: the object, and whether the API replayed an earlier create of it. */
export interface Created<T> {
  readonly made: T;
  /** True when the object was made by an earlier create (a lost run, or the resource this one replaces). */
  readonly replayed: boolean;
}

/**
 * Creates the object of a resource at most once across re-runs: calls `make` with the derived key and,
 * when the API replayed an earlier create whose object `stillExists` says is gone, tries the next
 * generation. Returns what `make` returned for the object to keep; a replayed object still carries the
 * claim of the create that made it, so the caller claims it anew (see `provider/ownership.ts`).
 * @throws Error when {@link MAX_GENERATIONS} earlier objects of this resource were all deleted within the
 *   API's 24-hour replay window.
 */
export async function createOnce<T>(inputs: Props, make: (opts: CreateOptions) => Promise<T>, stillExists: (made: T) => Promise<boolean>): Promise<Created<T>> {
  for (let generation = 0; generation < MAX_GENERATIONS; generation++) {
    let replayed = false;
    let made: T;
    try {
      made = await make({ idempotencyKey: createKey(inputs, generation), onReplayed: () => void (replayed = true) });
    } catch (e) {
      // The earlier create made a key whose token the API can no longer show (it restarted): that key is
      // of no use to anyone, so make a new one; the API's message names the old key to revoke.
      if (!isApiError(e, "idempotency_replay_unavailable")) throw e;
      console.error(`warning: ${(e as Error).message}`);
      continue;
    }
    if (!replayed || (await stillExists(made))) return { made, replayed };
  }
  throw new Error(
    `${MAX_GENERATIONS} objects made for this resource with these inputs in the last 24 hours were all deleted since; ` +
      "change an input (or wait a day) to create another.",
  );
}
