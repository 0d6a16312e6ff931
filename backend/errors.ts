import { API_ERRORS, type ApiErrorCode, type ErrorEnvelope, type ErrorType } from "../api";

/**
 * The one error the backend throws on purpose. Its HTTP status and type come from {@link API_ERRORS}, so
 * a code always means the same thing on the wire; the error handler turns it into the error envelope.
 * Messages must never contain credentials or request bodies.
 */
export class BackendError extends Error {
  /** HTTP status from {@link API_ERRORS}. */
  readonly statusCode: number;
  /** Error type from {@link API_ERRORS}. */
  readonly type: ErrorType;
  /** Extra response headers, e.g. `Retry-After` (seconds) on 409 `idempotency_key_in_use`. */
  readonly headers: Readonly<Record<string, string>>;

  /**
   * @param code
   *   Stable error code from {@link API_ERRORS}.
   * @param message
   *   Human-readable explanation, safe to show to users.
   * @param param
   *   Optional. The dotted snake_case request field the error is about, e.g. `address.country`.
   * @param headers
   *   Optional. Extra response headers; none by default.
   */
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly param?: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "BackendError";
    this.statusCode = API_ERRORS[code].status;
    this.type = API_ERRORS[code].type;
    this.headers = headers;
  }

  /** The wire form, `{error: {type, code, message, param?}}`. */
  toEnvelope(): ErrorEnvelope {
    const error: ErrorEnvelope["error"] = { type: this.type, code: this.code, message: this.message };
    if (this.param !== undefined) error.param = this.param;
    return { error };
  }
}

/** Message templates, kept together so wording stays consistent across routes. */
export const MESSAGES = {
  routeNotFound: (method: string, path: string) => `Unrecognized request URL (${method}: ${path}).`,
  groupNotFound: (id: string) => `No group with id ${id}.`,
  memberNotFound: (id: string) => `No member with id ${id}.`,
  lastAdmin: (verb: "remove" | "demote", email: string, id: string, groupId: string) =>
    `Cannot ${verb} ${email} (${id}): they are the only active admin of group ${groupId}; promote another member to admin first.`,
  memberAlreadyActive: (email: string, id: string) => `${email} (${id}) has already accepted the invitation; there is nothing to re-send.`,
  missingAuth: "Missing API key: send it as `Authorization: Bearer <key>`.",
  invalidAuth: "The API key is invalid or has been revoked.",
  internal: "An internal error occurred in the backend.",
  needsAdmin: "This needs the Admin role: Members can view usage and limits but cannot change settings.",
  needsManagementKey: "Only the management key can create or list groups.",
  apiKeyNotForManagement: "API keys authenticate API calls, not the management API: use the management key or an Admin's credential.",
  apiKeyNotFound: (id: string, groupId: string) => `No API key with id ${id} in group ${groupId}.`,
  apiKeyTokenNotFound: "No API key of this group has that token.",
  needsGroupApiKey: "Authenticate with an existing API key of the group (`Authorization: Bearer pplx-…`): the management key and members' console credentials are not API keys.",
  paymentMethodRequired: (groupId: string) => `Group ${groupId} has no payment method: add one first (PUT /v1/groups/${groupId}/billing/payment_method), then enable auto reload.`,
  purchaseNeedsPaymentMethod: (groupId: string) => `Group ${groupId} has no payment method: add one first (PUT /v1/groups/${groupId}/billing/payment_method), then buy credits.`,
  paymentDeclined: "The card on file was declined; nothing was charged. Put another payment method on file and try again.",
  insufficientCredits: "Your API group has run out of credits; its API keys are blocked until credit is added (buy credits or enable auto reload).",
} as const;

/** Returns `value`, or throws `BackendError(code, message)` when it is `undefined`. */
export function assertFound<T>(value: T | undefined, code: ApiErrorCode, message: string): T {
  if (value === undefined) throw new BackendError(code, message);
  return value;
}
