import { ApiConnectionError, ApiError, ApiTimeoutError } from "./errors";

/** HTTP methods the client sends. */
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * How the client retries, as data. Every field has a default ({@link DEFAULT_RETRY_POLICY}); tests inject
 * `sleep` and `random` to run without waiting.
 */
export interface RetryPolicy {
  /**
   * Retries after the first attempt (so attempts = retries + 1). A number applies to every method;
   * the default `{read: 8, write: 5}` gives reads and idempotent calls (GET, HEAD — safe reads —
   * and DELETE — idempotent) 8 retries and writes (POST, PUT, PATCH) 5. Writes may retry that often
   * because every POST carries an idempotency key; the overall deadline and the process's retry budget
   * bound the total.
   */
  maxRetries: number | { readonly read: number; readonly write: number };
  /** Backoff before the first retry before jitter, in milliseconds; doubles per retry. Default 500. */
  baseDelayMs: number;
  /** Upper bound of the exponential backoff before jitter, in milliseconds. Default 8000. */
  maxDelayMs: number;
  /** Longest server-requested wait (`Retry-After`) honoured, in milliseconds; longer ones are capped. Default 60000. */
  maxRetryAfterMs: number;
  /** Uniform random number in [0, 1) for jitter. Default `Math.random`. */
  random: () => number;
  /** Waits the given milliseconds. Default a `setTimeout` promise. */
  sleep: (ms: number) => Promise<void>;
}

/** The default {@link RetryPolicy}: 8 retries for reads, 5 for writes, 0.5–8 s full-jitter backoff, Retry-After ≤ 60 s. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  // Sized for unattended runs: with one request in five failing, a write still succeeds 99.99 % of the time.
  maxRetries: Object.freeze({ read: 8, write: 5 }),
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});

/** Fills a partial policy with {@link DEFAULT_RETRY_POLICY}; `undefined` fields keep the default. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const d = DEFAULT_RETRY_POLICY;
  return {
    maxRetries: partial.maxRetries ?? d.maxRetries,
    baseDelayMs: partial.baseDelayMs ?? d.baseDelayMs,
    maxDelayMs: partial.maxDelayMs ?? d.maxDelayMs,
    maxRetryAfterMs: partial.maxRetryAfterMs ?? d.maxRetryAfterMs,
    random: partial.random ?? d.random,
    sleep: partial.sleep ?? d.sleep,
  };
}

/** True for methods safe to repeat without an idempotency key: GET and HEAD (reads), DELETE (idempotent). */
export function isReadOrIdempotent(method: HttpMethod): boolean {
  return method === "GET" || method === "HEAD" || method === "DELETE";
}

/** The number of retries the policy allows for `method` (see {@link RetryPolicy.maxRetries}). */
export function maxRetriesFor(policy: RetryPolicy, method: HttpMethod): number {
  const { maxRetries } = policy;
  if (typeof maxRetries === "number") return maxRetries;
  return isReadOrIdempotent(method) ? maxRetries.read : maxRetries.write;
}

/** HTTP statuses worth another attempt: request timeout, rate limit, and transient server failures. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

// Connection failures that the same request will hit again: a missing host or an untrusted certificate.
const PERMANENT_CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ENOTFOUND",
  "ERR_INVALID_URL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * True when another attempt may succeed: connection errors (except a missing host or an untrusted
 * certificate), per-attempt timeouts, 408, 409 `idempotency_key_in_use` (the first request is still
 * running), 429, 500, 502, 503 and 504. Never 400, 401, 403, 404, 412 or 422, nor an invalid response.
 */
export function shouldRetry(error: unknown): boolean {
  if (ApiTimeoutError.isInstance(error)) return true;
  if (ApiConnectionError.isInstance(error)) return !PERMANENT_CONNECTION_CODES.has(error.systemCode ?? "");
  if (!ApiError.isInstance(error)) return false;
  if (error.status === 409) return error.code === "idempotency_key_in_use";
  return RETRYABLE_STATUSES.has(error.status);
}

/**
 * Full-jitter exponential backoff before retry number `retry` (0 for the first retry), in milliseconds:
 * `random() × min(maxDelayMs, baseDelayMs × 2^retry)`.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(policy.random() * ceiling);
}

/**
 * The wait before retry number `retry`, in milliseconds: the jittered backoff, raised to the server's
 * `Retry-After` (capped at `maxRetryAfterMs`) when it sent one, since retrying earlier than asked only
 * earns another 429.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterMs?: number): number {
  const backoff = backoffDelayMs(policy, retry);
  return retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** What {@link decideRetry} answers: wait `delayMs` and retry, or stop and say why. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: "not_retryable" | "retries_exhausted" | "deadline" };

/**
 * Decides whether to retry after `error`, given how many retries already ran, how many are allowed and
 * how much of the overall deadline is left (milliseconds). Fails fast with `deadline` when the wait alone
 * would reach the deadline, rather than sleeping into a request that has no time left.
 */
export function decideRetry(input: {
  readonly policy: RetryPolicy;
  readonly error: unknown;
  readonly retriesSoFar: number;
  readonly maxRetries: number;
  readonly remainingMs: number;
}): RetryDecision {
  if (!shouldRetry(input.error)) return { retry: false, reason: "not_retryable" };
  if (input.retriesSoFar >= input.maxRetries) return { retry: false, reason: "retries_exhausted" };
  const retryAfterMs = ApiError.isInstance(input.error) ? input.error.retryAfterMs : undefined;
  const delayMs = retryDelayMs(input.policy, input.retriesSoFar, retryAfterMs);
  if (delayMs >= input.remainingMs) return { retry: false, reason: "deadline" };
  return { retry: true, delayMs };
}
