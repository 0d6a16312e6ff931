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
  missingAuth: "Missing API key: send it as `Authorization: Bearer <key>`.",
  invalidAuth: "The API key is invalid or has been revoked.",
  internal: "An internal error occurred in the backend.",
} as const;

/** Returns `value`, or throws `BackendError(code, message)` when it is `undefined`. */
export function assertFound<T>(value: T | undefined, code: ApiErrorCode, message: string): T {
  if (value === undefined) throw new BackendError(code, message);
  return value;
}
