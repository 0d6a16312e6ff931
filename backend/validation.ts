import type { FastifySchemaValidationError } from "fastify";
import { BackendError } from "./errors";

/** Where a validation issue was found, as Fastify names it. */
type ValidationContext = "body" | "querystring" | "params" | "headers" | string;

const WHERE: Record<string, string> = { body: "Field", querystring: "Query parameter", params: "Path parameter", headers: "Header" };

/**
 * Turns the validation issues fastify-type-provider-zod reports into one 400 `invalid_request` about the
 * first issue: `param` is its dotted path (e.g. `address.country`) and the message names the field and
 * the rule it broke. Messages never echo the submitted value.
 */
export function invalidRequestFrom(issues: readonly FastifySchemaValidationError[], context: ValidationContext): BackendError {
  const issue = issues[0];
  if (issue === undefined) return new BackendError("invalid_request", "The request is invalid.");
  const path = issue.instancePath.split("/").filter((part) => part !== "");
  const unknownKey = issue.keyword === "unrecognized_keys" ? firstKey(issue.params) : undefined;
  if (unknownKey !== undefined) path.push(unknownKey);
  if (path.length === 0) {
    return new BackendError("invalid_request", context === "body" ? "The request body must be a JSON object." : `The request ${context} is invalid.`);
  }
  const param = path.join(".");
  const rule = (unknownKey !== undefined ? "is not a known field" : ruleOf(issue)).replace(/\.$/, "");
  return new BackendError("invalid_request", `${WHERE[context] ?? "Field"} \`${param}\` ${rule}.`, param);
}

function firstKey(params: Record<string, unknown>): string | undefined {
  const keys = params["keys"];
  return Array.isArray(keys) && typeof keys[0] === "string" ? keys[0] : undefined;
}

/** The broken rule as a predicate ("must be …", "is required"), reusing the contract's own wording when it has one. */
function ruleOf(issue: FastifySchemaValidationError): string {
  const message = issue.message ?? "is invalid";
  if (/^(must|is) /.test(message)) return message;
  const { expected, maximum, minimum, origin, values } = issue.params as Record<string, unknown>;
  if (issue.keyword === "invalid_type") {
    return / received undefined$/.test(message) ? "is required" : `must be ${article(String(expected))} ${String(expected)}`;
  }
  const unit = origin === "string" ? " characters" : origin === "array" ? " items" : "";
  if (issue.keyword === "too_big" && maximum !== undefined) return `must be at most ${String(maximum)}${unit}`;
  if (issue.keyword === "too_small" && minimum !== undefined) return `must be at least ${String(minimum)}${unit}`;
  if (issue.keyword === "invalid_value" && Array.isArray(values)) return `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return `is invalid: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
