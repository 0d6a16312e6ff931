import { SECRET_MASK, type DriftProperty } from "./model";

/** The signature key Pulumi puts on a secret value in engine events and state. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature value that marks it as a secret (rather than an asset or a resource reference). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Properties that are secrets whatever the events say: an API key's token must never be printed. */
const ALWAYS_SECRET = new Set(["token"]);

type Plain = Record<string, unknown>;

/** A differing property before it is known where the difference comes from. */
export type PropertyDiff = Omit<DriftProperty, "origin" | "changedBy">;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a value the engine marks secret: the signature object, or the `[secret]` placeholder. */
export function isSecretValue(value: unknown): boolean {
  return value === SECRET_MASK || (isPlainObject(value) && value[SECRET_SIG_KEY] === SECRET_SIG);
}

/** True when `value` is, or contains anywhere, a secret. */
export function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  return isPlainObject(value) && Object.values(value).some(containsSecret);
}

/** JSON with sorted keys, so two values compare equal whatever order their keys came in. */
export function stableJson(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The input properties whose declared and live values differ, as leaf paths (`address.line1`), with
 * secrets masked on both sides. Keys starting with `__` are the engine's (the serialized provider), not the
 * user's. A property that is secret on either side is compared as a whole and never descended into.
 */
export function diffProperties(declared: Plain = {}, live: Plain = {}): PropertyDiff[] {
  const out: PropertyDiff[] = [];
  walk(declared, live, "", out);
  return out;
}

function walk(declared: Plain, live: Plain, prefix: string, out: PropertyDiff[]): void {
  const keys = [...new Set([...Object.keys(declared), ...Object.keys(live)])].filter((k) => !k.startsWith("__")).sort();
  for (const key of keys) {
    const name = `${prefix}${key}`;
    const [d, l] = [declared[key], live[key]];
    const secret = ALWAYS_SECRET.has(key) || containsSecret(d) || containsSecret(l);
    if (!secret && isPlainObject(d) && isPlainObject(l)) {
      walk(d, l, `${name}.`, out);
      continue;
    }
    if (stableJson(d) === stableJson(l)) continue;
    out.push(property(name, secret ? mask(d) : d, secret ? mask(l) : l));
  }
}

/** Masks a value for printing, keeping only whether it is set. */
export function mask(value: unknown): unknown {
  return value === undefined ? undefined : SECRET_MASK;
}

/** Builds a property without `undefined` members (exact optional types, and JSON omits them anyway). */
export function property(name: string, declared: unknown, live: unknown): PropertyDiff {
  return { name, ...(declared === undefined ? {} : { declared }), ...(live === undefined ? {} : { live }) };
}

/**
 * A value as one short line for a table cell: strings quoted, objects as compact JSON, long values cut
 * with an ellipsis, `(unset)` for a missing value.
 */
export function displayValue(value: unknown, max = 60): string {
  if (value === undefined) return "(unset)";
  if (value === SECRET_MASK) return SECRET_MASK;
  const text = stableJson(value).replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
