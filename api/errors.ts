import type { ErrorType } from "./common";

/**
 * Every error code the management API returns, with its HTTP status and error type. The backend raises
 * errors only by these codes and the client maps responses back to them, so a code is a stable contract:
 * add codes, never rename them.
 */
export const API_ERRORS = {
  /** The request body, query or path failed validation; `param` names the field. */
  invalid_request: { status: 400, type: "invalid_request_error" },
  /** The request body is larger than the backend accepts (1 MiB by default). */
  payload_too_large: { status: 413, type: "invalid_request_error" },
  /** No `Authorization: Bearer` header, or the token is unknown or revoked. */
  unauthenticated: { status: 401, type: "authentication_error" },
  /** The group has no credit left; its keys are blocked (not revoked) until credit is added. */
  insufficient_credits: { status: 401, type: "authentication_error" },
  /** The credential is valid but its role may not do this (e.g. a Member changing settings). */
  forbidden: { status: 403, type: "permission_error" },
  /** No route matches the method and path. */
  route_not_found: { status: 404, type: "not_found_error" },
  /** The group does not exist (or was deleted). */
  group_not_found: { status: 404, type: "not_found_error" },
  /** The member does not exist in this group (or was removed). */
  member_not_found: { status: 404, type: "not_found_error" },
  /** The API key does not exist in this group. */
  api_key_not_found: { status: 404, type: "not_found_error" },
  /** The change would leave the group without an active admin; promote another member first. */
  last_admin: { status: 409, type: "conflict_error" },
  /** The invitation was already accepted, so there is nothing to re-send. */
  member_already_active: { status: 409, type: "conflict_error" },
  /** Auto reload needs a payment method on file; add one first. */
  payment_method_required: { status: 422, type: "invalid_request_error" },
  /** The payment method was declined. */
  payment_declined: { status: 422, type: "invalid_request_error" },
  /**
   * The change would take a group's balance or lifetime purchases past ±2^52 micro-USD (about $4.5 billion),
   * beyond which the API could not keep its sums exact; nothing was recorded.
   */
  amount_out_of_range: { status: 422, type: "invalid_request_error" },
  /** A usage event with this id was already recorded with a different body; ids must be unique per event. */
  usage_event_conflict: { status: 409, type: "conflict_error" },
  /** Another stack holds the object (see its `owner`); claim it with `take_over: true` to take it over. */
  owned_elsewhere: { status: 409, type: "conflict_error" },
  /** A delete named an owner lease, but another resource now holds the object; it was left in place. */
  owner_mismatch: { status: 409, type: "conflict_error" },
  /**
   * The group still has credit, active API keys or members (see `DeleteGroupQuery`); the message lists them
   * and ends with how to delete it anyway (`force=true`).
   */
  group_not_empty: { status: 409, type: "conflict_error" },
  /** A request with the same idempotency key is still being processed; retry shortly. */
  idempotency_key_in_use: { status: 409, type: "conflict_error" },
  /** The idempotency key was already used with a different request. */
  idempotency_key_reused: { status: 422, type: "idempotency_error" },
  /**
   * The request with this idempotency key created a secret (an API key's token), which is shown only once
   * and can no longer be replayed (the backend restarted); send the request again with a new key.
   */
  idempotency_replay_unavailable: { status: 409, type: "idempotency_error" },
  /** Too many requests; wait for `Retry-After` seconds. */
  rate_limited: { status: 429, type: "rate_limit_error" },
  /** An unexpected error in the backend. */
  internal_error: { status: 500, type: "api_error" },
  /** The backend is temporarily unavailable. */
  service_unavailable: { status: 503, type: "api_error" },
} as const satisfies Record<string, { status: number; type: ErrorType }>;

/** A stable error code of the management API. */
export type ApiErrorCode = keyof typeof API_ERRORS;

/** True when `code` is one of {@link API_ERRORS}. */
export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(API_ERRORS, code);
}
