import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { containsUnknown, plain } from "./state";

/**
 * Validates a resource's new inputs with its zod schema and turns every problem into a `CheckFailure`
 * naming the top-level property, with the nested path and the rule in the reason. Properties whose value
 * is unknown at preview are skipped; they are checked again at `up` once known. Returns the parsed
 * inputs (defaults filled in, so a later diff sees no phantom change) when everything is valid.
 */
export function checkInputs<S extends z.ZodObject>(
  schema: S,
  news: Record<string, unknown>,
): pulumi.dynamic.CheckResult {
  const { __provider, ...rest } = news;
  const unknown = Object.keys(rest).filter((k) => containsUnknown(rest[k]));
  const known = Object.fromEntries(Object.entries(rest).filter(([k]) => !unknown.includes(k)));
  const mask = Object.fromEntries(unknown.filter((k) => k in schema.shape).map((k) => [k, true]));
  const parsed = schema.omit(mask as never).safeParse(known);
  if (!parsed.success) {
    const failures = parsed.error.issues.map((issue) => ({
      property: String(issue.path[0] ?? ""),
      reason: describeIssue(issue),
    }));
    return { inputs: news, failures };
  }
  const unknowns = Object.fromEntries(unknown.map((k) => [k, rest[k]]));
  return { inputs: plain({ ...(parsed.data as object), ...unknowns, __provider }) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const where = path ? `${path}: ` : "";
    return `${where}unknown ${issue.keys.length > 1 ? "properties" : "property"} ${issue.keys.join(", ")}; remove ${issue.keys.length > 1 ? "them" : "it"} or check the spelling`;
  }
  return `${path || "(inputs)"} ${humanize(issue)}`;
}

/** zod's default type messages read "Invalid input: expected string, received undefined"; say it plainly. */
function humanize(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_type") return issue.message;
  if (/received undefined$/.test(issue.message)) return "is required";
  return `must be ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
}
