import * as pulumi from "@pulumi/pulumi";
import { settled } from "./options";

/**
 * One object a declared resource holds: a Member's membership (its group and email), a group's one
 * auto-reload policy, an adopted group. Two resources of one program holding one object would pass its
 * owner claim back and forth on every `up` (a rename without aliases moves a claim silently, by design),
 * so the second is refused while the program runs, before the engine sends any step.
 */
export interface Holding {
  /** The resource's type and name as messages give them, e.g. `Member "ana"`. */
  readonly resource: string;
  /** The group the object belongs to (`groupId`, or `existingGroupId` for a Group). */
  readonly group: unknown;
  /** The object within the group, e.g. the email; undefined where the group has one (its policy, itself). */
  readonly object?: unknown;
  /** How the object's key compares, e.g. lower-cased for emails. Optional; default as given. */
  readonly normalize?: (value: string) => string;
  /** The sentence after "both hold" in the error, given the first and second spellings of the object. */
  readonly what: (first: string | undefined, second: string | undefined) => string;
  /** The fix the error ends with. */
  readonly fix: string;
}

interface Holder {
  readonly resource: string;
  readonly spelling: string | undefined;
  /** Set when a second resource turned up: the one error both resources fail with (reported once). */
  refusal?: pulumi.RunError;
}

// Per program run, keyed by the root stack resource (the Automation API runs several stacks in one process);
// under `setMocks` there is none, and each `setMocks` call's monitor stands for one run.
const runs = new WeakMap<object, { known: Map<string, Holder>; resolved: Map<string, Holder> }>();
const tokens = new WeakMap<object, number>();
let nextToken = 0;
const NO_ROOT = {};

/**
 * Records that a resource holds `holding`'s object. Throws at once when another resource of this program
 * run holds it with the same plain values or the same Output (e.g. `group.id` and `"Ana@acme.dev"`); the
 * returned promise rejects when values known only later (Outputs) turn out equal, and also for the first of
 * the two: it settles a turn after the declaration, so when the program declared the second one in the same
 * turn (a roster loop) neither registers and the engine starts no step for either. Values unknown at
 * preview are compared at `up`.
 * @throws pulumi.RunError naming both resources and the object.
 */
export function holdOnce(kind: string, holding: Holding): Promise<void> {
  const root = pulumi.runtime.getStackResource() ?? pulumi.runtime.getMonitor() ?? NO_ROOT;
  let run = runs.get(root);
  if (!run) runs.set(root, (run = { known: new Map(), resolved: new Map() }));
  const { known, resolved } = run;
  const keyOf = (group: string, object: string | undefined) => `${kind}\u0000${group}\u0000${object === undefined ? "" : (holding.normalize ?? String)(object)}`;
  const mine: Holder[] = [];
  const group = plainKey(holding.group);
  if (group !== undefined && (holding.object === undefined || typeof holding.object === "string")) {
    mine.push(take(known, keyOf(group, holding.object), holding, holding.object));
  }
  return (async () => {
    const [groupId, value] = await Promise.all([settled(holding.group), settled(holding.object)]);
    const object = typeof value === "string" ? value : undefined;
    if (typeof groupId === "string" && (holding.object === undefined || object !== undefined)) mine.push(take(resolved, keyOf(groupId, object), holding, object));
    await new Promise((next) => setImmediate(next));
    const refusal = mine.find((h) => h.refusal)?.refusal;
    if (refusal) throw refusal;
  })();
}

/** Records `holding` as the holder of `key`, or throws the refusal naming it and the holder before it. */
function take(holders: Map<string, Holder>, key: string, holding: Holding, spelling: string | undefined): Holder {
  const first = holders.get(key);
  if (first && first.resource !== holding.resource) {
    first.refusal ??= new pulumi.RunError(`${first.resource} and ${holding.resource} both hold ${holding.what(first.spelling, spelling)}. ` +
      `Two resources of one stack cannot hold one object: each would take it from the other. ${holding.fix}`);
    throw first.refusal;
  }
  const holder: Holder = { resource: holding.resource, spelling };
  holders.set(key, holder);
  return holder;
}

/** A key for a group known while the program declares: a plain id, or the very Output (e.g. `group.id`). */
function plainKey(value: unknown): string | undefined {
  if (typeof value === "string") return `id:${value}`;
  if (!pulumi.Output.isInstance(value)) return undefined;
  let token = tokens.get(value);
  if (token === undefined) tokens.set(value, (token = nextToken++));
  return `output:${token}`;
}
