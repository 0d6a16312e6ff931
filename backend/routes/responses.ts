import type { z } from "zod";
import { ErrorEnvelope } from "../../api";

/** A JSON response schema with the description the OpenAPI document shows for it. */
export function json<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } };
}

const ERROR_DESCRIPTIONS = {
  400: "Invalid request; `param` names the field.",
  401: "Missing, unknown or revoked API key.",
  403: "The credential may not do this: a Member changing settings, or an API key on the management API.",
  404: "Not found.",
  409: "Conflict with the current state, or the same Idempotency-Key is still in flight (`Retry-After`).",
  422: "The Idempotency-Key was already used with a different request.",
} as const;

/** Error status codes documented per route; every one carries the one {@link ErrorEnvelope}. */
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/**
 * Response schemas for the error statuses a route can return, for the OpenAPI document and to check
 * error bodies on the way out.
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Record<S, ReturnType<typeof json<typeof ErrorEnvelope>>> {
  return Object.fromEntries(statuses.map((s) => [s, json(ERROR_DESCRIPTIONS[s], ErrorEnvelope)])) as Record<S, ReturnType<typeof json<typeof ErrorEnvelope>>>;
}
