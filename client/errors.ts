import type { ApiErrorCode } from "../api";

/**
 * The client's one error hierarchy. Every error it throws is a {@link PerplexityError} with a stable
 * `code`; none carries request headers, request bodies, the API key or the raw transport error, so an
 * error can be logged, serialized or shown in `pulumi up` output as is.
 */

// A global symbol, so errors thrown by one copy of this module are recognised by another (two installs of
// the package in one process would otherwise defeat `instanceof`).
const BRAND = Symbol.for("pulumi-perplexity.error");

/** What every class's static `isInstance` needs: its name and the type of its instances. */
type ErrorClass<T> = { readonly name: string; readonly prototype: T };

/** Base of every error the client throws. Branch on `code` or `isInstance`, never on `instanceof`. */
export class PerplexityError extends Error {
  /** Stable, machine-readable reason, snake_case (e.g. `group_not_found`, `timeout`). */
  readonly code: string;

  constructor(message: string, code: string) {
    super(message);
    this.code = code;
    // Non-enumerable so JSON.stringify(err) shows only the documented fields.
    Object.defineProperty(this, "name", { value: new.target.name, enumerable: false, writable: true, configurable: true });
    Object.defineProperty(this, BRAND, { value: classChain(new.target), enumerable: false });
  }

  /**
   * True when `err` is an instance of this class (or a subclass), also across copies of this module.
   * @example `if (NotFoundError.isInstance(e)) return null;`
   */
  static isInstance<T>(this: ErrorClass<T>, err: unknown): err is T {
    const kinds: unknown = typeof err === "object" && err !== null ? (err as Record<symbol, unknown>)[BRAND] : undefined;
    return Array.isArray(kinds) && kinds.includes(this.name);
  }
}

function classChain(target: Function): string[] {
  const names: string[] = [];
  for (let c: unknown = target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
    names.push((c as Function).name);
  }
  return names;
}

/** Where a request went; part of every API error so messages say which call failed. */
export interface RequestTarget {
  /** HTTP method in upper case, e.g. `GET`. */
  readonly method: string;
  /** Request path without base URL or query string, e.g. `/v1/groups/grp_…`. */
  readonly path: string;
}

/** Details of a non-2xx response, as read from the error envelope and the response headers. */
export interface ApiErrorDetails extends RequestTarget {
  /** HTTP status code. */
  readonly status: number;
  /** The envelope's `code`, or `http_<status>` when the body was not an envelope. */
  readonly code: string;
  /** The envelope's `type`, or `api_error` when the body was not an envelope. */
  readonly type: string;
  /** The envelope's human-readable message (or the HTTP reason phrase). */
  readonly message: string;
  /** The request field the error is about, if the envelope names one. */
  readonly param?: string | undefined;
  /** The `x-request-id` response header, if present. */
  readonly requestId?: string | undefined;
  /** The server's requested wait from `retry-after-ms` / `Retry-After`, in milliseconds, if present. */
  readonly retryAfterMs?: number | undefined;
}

/**
 * Raised when the management API answered with a non-2xx status. The message reads
 * `GET /v1/groups/grp_x: 404 group_not_found: Group grp_x does not exist.`
 */
export class ApiError extends PerplexityError {
  /** HTTP status code. */
  readonly status: number;
  /** Error type from the envelope (e.g. `not_found_error`). */
  readonly type: string;
  /** The request field the error is about, if any. */
  declare readonly param?: string;
  /** The `x-request-id` response header, for support requests. */
  declare readonly requestId?: string;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Path of the failed request, without query string. */
  readonly path: string;
  /** Wait the server asked for before a retry, in milliseconds, if it sent one. */
  declare readonly retryAfterMs?: number;

  constructor(details: ApiErrorDetails) {
    super(`${details.method} ${details.path}: ${details.status} ${details.code}: ${details.message}`, details.code);
    // Optional fields are `declare`d and set only when present, so inspect() shows no `undefined` noise.
    this.status = details.status;
    this.type = details.type;
    this.method = details.method;
    this.path = details.path;
    if (details.param !== undefined) this.param = details.param;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/** 400: the request failed validation; `param` names the field. Fix the input; never retried. */
export class BadRequestError extends ApiError {}
/** 401: the API key is missing, unknown or revoked, or the group is out of credit. Never retried. */
export class AuthenticationError extends ApiError {}
/** 403: the key is valid but its role may not do this. Never retried. */
export class PermissionDeniedError extends ApiError {}
/** 404: the object (or route) does not exist. Never retried. */
export class NotFoundError extends ApiError {}
/** 409: conflicts with the current state; retried only for `idempotency_key_in_use`. */
export class ConflictError extends ApiError {}
/** 412: a precondition (e.g. an expected version) no longer holds. Never retried. */
export class PreconditionFailedError extends ApiError {}
/** 422: well-formed but unprocessable (e.g. an idempotency key reused with another body). Never retried. */
export class UnprocessableEntityError extends ApiError {}
/** 429: too many requests; `retryAfterMs` says how long the server asked to wait. Retried. */
export class RateLimitError extends ApiError {}
/** 5xx: the server failed; 500/502/503/504 are retried. */
export class InternalServerError extends ApiError {}

/** Raised when no response arrived: refused, reset or DNS failure. Retried unless the cause is permanent. */
export class ApiConnectionError extends PerplexityError {
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Path of the failed request, without query string. */
  readonly path: string;
  /** The system error code (e.g. `ECONNRESET`), when known. */
  declare readonly systemCode?: string;

  constructor(target: RequestTarget, causeCode?: string) {
    super(`${target.method} ${target.path}: connection failed${causeCode ? ` (${causeCode})` : ""}`, "connection_error");
    this.method = target.method;
    this.path = target.path;
    if (causeCode !== undefined) this.systemCode = causeCode;
  }
}

/** Raised when one attempt got no complete response within its timeout. Retried while the deadline allows. */
export class ApiTimeoutError extends PerplexityError {
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Path of the failed request, without query string. */
  readonly path: string;
  /** The time the attempt was allowed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(target: RequestTarget, timeoutMs: number) {
    super(`${target.method} ${target.path}: no response within ${timeoutMs} ms`, "timeout");
    this.method = target.method;
    this.path = target.path;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Raised when a 2xx body is not JSON or does not match the contract's response schema. `issues` lists
 * the offending paths and zod issue codes, never the values. Never retried.
 */
export class InvalidResponseError extends PerplexityError {
  /** HTTP method of the request. */
  readonly method: string;
  /** Path of the request, without query string. */
  readonly path: string;
  /** HTTP status of the response. */
  readonly status: number;
  /** Where the body broke the contract: dotted path (`(root)` for the body itself) and zod issue code. */
  readonly issues: ReadonlyArray<{ readonly path: string; readonly code: string }>;

  constructor(target: RequestTarget, status: number, issues: ReadonlyArray<{ path: string; code: string }>) {
    const where = issues.slice(0, 5).map((i) => `${i.path} (${i.code})`).join(", ");
    const more = issues.length > 5 ? ` and ${issues.length - 5} more` : "";
    super(`${target.method} ${target.path}: ${status} response does not match the API contract at ${where}${more}`, "invalid_response");
    this.method = target.method;
    this.path = target.path;
    this.status = status;
    this.issues = issues;
  }
}

/**
 * True when `err` is an {@link ApiError} (any status), and, when `code` is given, carries that code.
 * Works across copies of this module.
 * @example `if (isApiError(e, "group_not_found")) return null;`
 */
export function isApiError(err: unknown, code?: ApiErrorCode | (string & {})): err is ApiError {
  return ApiError.isInstance(err) && (code === undefined || err.code === code);
}
