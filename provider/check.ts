import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ResourceMetadata } from "./diff";
import { containsUnknown, DEFAULT_NAME_KEY, IDENTITY_KEY, plain } from "./state";

/**
 * Validates a resource's new inputs with its zod schema (a strict object) and turns every problem into a `CheckFailure`
 * naming the top-level property, with the nested path and the rule in the reason. Properties whose value
 * is unknown at preview are skipped; they are checked again at `up` once known. Returns the parsed
 * inputs (defaults filled in, so a later diff sees no phantom change) when everything is valid.
 */
export function checkInputs<S extends z.ZodObject>(
  schema: S,
  news: Record<string, unknown>,
): pulumi.dynamic.CheckResult {
  const { __provider, [IDENTITY_KEY]: identity, ...rest } = news;
  const unknown = Object.keys(rest).filter((k) => containsUnknown(rest[k]));
  const known = Object.fromEntries(Object.entries(rest).filter(([k]) => !unknown.includes(k)));
  // Cross-field rules (refinements) need every value, so they run only once nothing is unknown.
  const checked = unknown.length === 0 ? schema : z.strictObject(Object.fromEntries(Object.entries(schema.shape).filter(([k]) => !unknown.includes(k))));
  const parsed = checked.safeParse(known);
  if (!parsed.success) {
    const failures = parsed.error.issues.map((issue) => ({
      property: String(issue.path[0] ?? (issue.code === "unrecognized_keys" ? issue.keys[0] : "") ?? ""),
      reason: describeIssue(issue, known),
    }));
    return { inputs: news, failures };
  }
  const unknowns = Object.fromEntries(unknown.map((k) => [k, rest[k]]));
  return { inputs: plain({ ...(parsed.data as object), ...unknowns, __provider, [IDENTITY_KEY]: identity }) };
}

/**
 * Fills the input named by {@link ResourceMetadata.defaultsToResourceName} when the program left it out:
 * with the value the resource already has (`olds`, the inputs in state) or, at create, the resource's name
 * (the SDK's `__defaultName`). Drops `__defaultName` either way.
 */
export function withDefaultName(meta: ResourceMetadata, olds: Record<string, unknown>, news: Record<string, unknown>): Record<string, unknown> {
  const { [DEFAULT_NAME_KEY]: resourceName, ...rest } = news;
  const property = meta.defaultsToResourceName;
  if (property === undefined || rest[property] !== undefined) return rest;
  const fallback = typeof olds[property] === "string" ? olds[property] : resourceName;
  return fallback === undefined ? rest : { ...rest, [property]: fallback };
}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const where = path ? `${path}: ` : "";
    return `${where}unknown ${issue.keys.length > 1 ? "properties" : "property"} ${issue.keys.join(", ")}; remove ${issue.keys.length > 1 ? "them" : "it"} or check the spelling`;
  }
  return `${path || "(inputs)"} ${humanize(issue, valueAt(input, issue.path))}`;
}

/** zod's default messages read "Invalid input: expected string, received undefined"; say it plainly. */
function humanize(issue: z.core.$ZodIssue, value: unknown): string {
  const shapeIssue = issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union";
  if (shapeIssue && value === undefined) return "is required";
  if (issue.code === "invalid_type") return `must be ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
  if (issue.code === "invalid_value") return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
}

/** A value whose change triggers an action (re-send, rotation): any string or number. */
export const Trigger = z.union([z.string(), z.number()], { error: "must be a string or a number" });
