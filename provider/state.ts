/**
 * Helpers for the values the provider hands back to the engine. The engine stores them as protobuf
 * Structs, which reject `undefined` anywhere ("Unexpected struct type") and turn Dates into `{}`.
 */

/**
 * The version of the output shapes this implementation writes; every reader accepts all earlier ones.
 * Version 1 is not written to state (0.1 wrote `schemaVersion: 1` into every resource's outputs, one more
 * property the engine rewrites at every checkpoint): state without the field is version 1, and a later
 * shape records its own number.
 */
export const SCHEMA_VERSION = 1;

/** The output that recorded the shape's version in state written by 0.1. */
const VERSION_KEY = "schemaVersion";

/** The string the engine substitutes for values not yet known during `pulumi preview`. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or contains, a preview-time unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Removes `undefined` members recursively, so the result is safe to return to the engine. */
export function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plain) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
    return out as T;
  }
  return value;
}

/** Compares two input values structurally, treating a missing member and `null` alike. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with object keys sorted and `undefined`/`null` members left out: equal for structurally equal values. */
export function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const member = (v as Record<string, unknown>)[k];
      if (member !== undefined && member !== null) sorted[k] = member;
    }
    return sorted;
  });
}

/**
 * The input naming the resource, which the SDK classes add so that a create can derive its idempotency key
 * (see `createKey`) and its owner claim (see `ownerOf`); the engine passes `create` no URN. Current SDKs
 * send one string, `<stack instance> <URN>` (see {@link formatIdentity}); 0.1 SDKs with owner claims sent
 * the object `{stack, resource}`, and versions before claims the string `<project>/<stack>/<type>/<name>`.
 */
export const IDENTITY_KEY = "__identity";

/** Whose objects a resource makes: its stack instance (`<org>/<project>/<stack>#<instance id>`) and its URN. */
export interface Identity {
  readonly stack: string;
  readonly resource: string;
}

/**
 * The identity as the SDK sends it: one string rather than an object, because the engine rewrites every
 * resource's inputs at each checkpoint and a nested object costs it more than a string of the same bytes.
 * The stack part never holds whitespace (organisation, project and stack names cannot) and the URN always
 * starts with `urn:pulumi:`, so {@link identityOf} splits it without ambiguity.
 */
export function formatIdentity(identity: Identity): string {
  return `${identity.stack} ${identity.resource}`;
}

const FLAT_IDENTITY = /^([^\s#]+#\S+) (urn:pulumi:[\s\S]+)$/;

/**
 * The identity in a resource's inputs, in every form an SDK sent: `owner` for a current string or the
 * object of 0.1 SDKs (equal identities give equal owners, so keys and claims do not change on upgrade),
 * `legacy` for the string of SDKs before owner claims, neither when there is none.
 */
export function identityOf(inputs: Record<string, unknown>): { readonly owner?: Identity; readonly legacy?: string } {
  const raw = inputs[IDENTITY_KEY];
  if (typeof raw === "string") {
    const flat = FLAT_IDENTITY.exec(raw);
    return flat ? { owner: { stack: flat[1]!, resource: flat[2]! } } : raw === "" ? {} : { legacy: raw };
  }
  if (raw === null || typeof raw !== "object") return {};
  const { stack, resource } = raw as Record<string, unknown>;
  return typeof stack === "string" && typeof resource === "string" ? { owner: { stack, resource } } : {};
}

/**
 * The identity an SDK sends when, outside a preview, the stack instance has no id: a targeted `up` left out
 * the StackInstance of a stack that has none yet. A create refuses it (see `provider/index.ts`).
 */
export const NO_STACK_INSTANCE = "pulumi-perplexity:no-stack-instance";

/** The input carrying the resource's name, from which `check` defaults a `name` the program left out. */
export const DEFAULT_NAME_KEY = "__defaultName";

/** The output carrying the lease of the resource's owner claim; absent in state written before claims. */
export const LEASE_KEY = "__lease";

/**
 * The properties without the engine's and the SDK's hidden ones (`__provider`, `__identity`,
 * `__defaultName`, `__lease`: every name starting with `__`).
 */
export function withoutProvider(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("__")));
}

/**
 * The state a resource stored, without the serialized provider and the version. Every shape so far is
 * version 1 ({@link SCHEMA_VERSION}); when a later version changes a shape, its migration belongs here,
 * once, instead of in each method that reads old state.
 */
export function storedState<T>(props: Record<string, unknown>): T {
  const { [VERSION_KEY]: _version, ...state } = withoutProvider(props);
  return state as T;
}
