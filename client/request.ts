import { randomUUID } from "node:crypto";
import { IDEMPOTENT_REPLAYED_HEADER } from "../api";
import type { z } from "zod";
import { errorFromResponse } from "./error-from-response";
import { ApiError, InvalidResponseError, PerplexityError, type RequestTarget } from "./errors";
import { parseRetryAfter } from "./retry-after";
import { decideRetry, maxRetriesFor, type HttpMethod, type RetryDecision, type RetryPolicy } from "./retry";
import type { Traffic } from "./traffic";
import { sendAttempt, type RawResponse, type Transport } from "./transport";

/** Per-attempt timeout when the client sets none, in milliseconds (30 s). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Overall deadline of one logical call, retries and waits included, when the client sets none (120 s). */
export const DEFAULT_DEADLINE_MS = 120_000;
/** Longest idempotency key accepted, in characters (the Stripe limit). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Reported before each retry; carries only safe fields (no headers, body or key). */
export interface RetryEvent extends RequestTarget {
  /** The attempt that failed, counting from 1. */
  readonly attempt: number;
  /** How long the client waits before the next attempt, in milliseconds. */
  readonly delayMs: number;
  /** Why the attempt failed. */
  readonly error: PerplexityError;
}

/** Everything `request()` needs from its client, shared by all calls of that client. */
export interface RequestContext {
  /** The client's transport (see `createTransport`); holds no credentials. */
  readonly transport: Transport;
  /** Returns the `Authorization` header value; a closure, so the key is never an enumerable property. */
  readonly authorization: () => string;
  /** The `User-Agent` header value. */
  readonly userAgent: string;
  /** How to retry. */
  readonly retry: RetryPolicy;
  /** Per-attempt timeout, in milliseconds. */
  readonly timeoutMs: number;
  /** Overall deadline of one call across attempts and waits, in milliseconds. */
  readonly deadlineMs: number;
  /** The retry budget, 429 cooldown and concurrency cap, normally shared by the whole process. */
  readonly traffic: Traffic;
  /** Called before each retry; must not throw. Optional. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Options of a create call (a POST that makes an object): how to deduplicate it. */
export interface CreateOptions {
  /** The idempotency key; a UUIDv4 per call when absent (retries of that call reuse it). Optional. */
  readonly idempotencyKey?: string | undefined;
  /** Called when the API replayed the stored response of an earlier request with this key. Optional. */
  readonly onReplayed?: (() => void) | undefined;
}

/** One logical API call; the response schema is the contract's, from `api/`. */
export interface RequestOptions<S extends z.ZodType> {
  readonly method: HttpMethod;
  /** Path under the base URL, built with the `path` tag, without query string. */
  readonly path: string;
  /** Query parameters; `undefined` values are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>> | undefined;
  /** JSON body; serialized once and sent byte-identical on every retry. */
  readonly body?: unknown;
  /** Schema every 2xx body must match. */
  readonly response: S;
  /** POST only: the idempotency key; a UUIDv4 is generated when absent. At most 255 printable characters. */
  readonly idempotencyKey?: string | undefined;
  /** POST only: called when the API answered with a stored response (`Idempotent-Replayed: true`). Optional. */
  readonly onReplayed?: (() => void) | undefined;
  /** Overrides the policy's retries for this call. Optional. */
  readonly maxRetries?: number | undefined;
}

/**
 * Sends one logical call: retries what {@link decideRetry} allows within the deadline and the process's
 * retry budget, waits out a shared 429 cooldown, holds one of the process's concurrency slots per
 * attempt (not while waiting), reuses one `Idempotency-Key` on every attempt of a POST, maps failures to
 * the client's errors and validates the 2xx body against `opts.response`.
 * @throws PerplexityError (an ApiError subclass, ApiConnectionError, ApiTimeoutError or
 *   InvalidResponseError); when retrying stopped early, the message says why and after how many attempts.
 */
export async function request<S extends z.ZodType>(ctx: RequestContext, opts: RequestOptions<S>): Promise<z.output<S>> {
  const now = ctx.now ?? Date.now;
  const deadlineAt = now() + ctx.deadlineMs;
  // A POST always carries a JSON body (`{}` when the caller has none), as the API expects of every POST.
  const body = opts.body === undefined && opts.method === "POST" ? {} : opts.body;
  const spec = {
    method: opts.method,
    path: opts.path,
    query: definedQuery(opts.query),
    headers: headersFor(ctx, opts, body !== undefined),
    data: body === undefined ? undefined : JSON.stringify(body),
  };
  const maxRetries = opts.maxRetries ?? maxRetriesFor(ctx.retry, opts.method);
  const { traffic } = ctx;
  let delayMs = 0;
  let paid = 0;
  for (let retries = 0; ; retries++) {
    await wait(ctx, delayMs, traffic.cooldownUntil - now(), deadlineAt);
    let error: PerplexityError;
    const release = await traffic.acquire();
    try {
      const attemptMs = Math.max(1, Math.min(ctx.timeoutMs, deadlineAt - now()));
      const res = await sendAttempt(ctx.transport, spec, attemptMs);
      release();
      const parsed = parseBody(opts, res, now());
      traffic.budget.succeeded(paid);
      if (res.header(IDEMPOTENT_REPLAYED_HEADER) === "true") opts.onReplayed?.();
      return parsed;
    } catch (e) {
      release();
      if (!PerplexityError.isInstance(e)) throw e;
      error = e;
    }
    const decision = decideRetry({ policy: ctx.retry, error, retriesSoFar: retries, maxRetries, remainingMs: deadlineAt - now() });
    if (!decision.retry) throw explain(error, decision, retries + 1, ctx.deadlineMs);
    const cost = traffic.budget.spend(error);
    if (cost === undefined) throw explain(error, { retry: false, reason: "budget" }, retries + 1, ctx.deadlineMs);
    paid += cost;
    delayMs = decision.delayMs;
    // One 429 pauses every call of the process, so concurrent operations do not stampede the API.
    if (ApiError.isInstance(error) && error.status === 429) traffic.coolDown(now() + delayMs);
    ctx.onRetry?.({ method: opts.method, path: opts.path, attempt: retries + 1, delayMs: decision.delayMs, error });
  }
}

/**
 * Sleeps the retry's backoff or what is left of the shared cooldown, whichever is longer, in one sleep so
 * an injected sleep sees the exact delay. A shared cooldown that outlasts the deadline fails the call now
 * rather than after the wait (the backoff itself was already checked against it by `decideRetry`).
 */
async function wait(ctx: RequestContext, backoffMs: number, cooldownMs: number, deadlineAt: number): Promise<void> {
  if (cooldownMs > backoffMs && (ctx.now ?? Date.now)() + cooldownMs >= deadlineAt) {
    throw new PerplexityError(`The API asked every caller to wait until after this call's ${ctx.deadlineMs} ms deadline (HTTP 429).`, "cooldown_past_deadline");
  }
  const ms = Math.max(backoffMs, cooldownMs);
  if (ms > 0) await ctx.retry.sleep(ms);
}

function headersFor<S extends z.ZodType>(ctx: RequestContext, opts: RequestOptions<S>, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    Authorization: ctx.authorization(),
    "User-Agent": ctx.userAgent,
    Accept: "application/json",
  };
  if (hasBody) headers["Content-Type"] = "application/json";
  // Generated once per logical call, so every retry is deduplicated against the first attempt.
  if (opts.method === "POST") headers["Idempotency-Key"] = checkedKey(opts.idempotencyKey) ?? randomUUID();
  return headers;
}

function checkedKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new PerplexityError(
      `The idempotency key must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters without spaces.`,
      "invalid_idempotency_key",
    );
  }
  return key;
}

function definedQuery(query: RequestOptions<z.ZodType>["query"]): Record<string, string> | undefined {
  if (!query) return undefined;
  const entries = Object.entries(query).filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, String(v)])) : undefined;
}

function parseBody<S extends z.ZodType>(opts: RequestOptions<S>, res: RawResponse, nowMs: number): z.output<S> {
  const target = { method: opts.method, path: opts.path };
  if (res.status < 200 || res.status > 299) {
    const requestId = res.header("x-request-id");
    throw errorFromResponse(res.status, res.text, {
      ...target,
      requestId: typeof requestId === "string" ? requestId : undefined,
      retryAfterMs: parseRetryAfter(res.header, nowMs),
    });
  }
  let json: unknown;
  try {
    // An empty 2xx body (Perplexity's documented `200` of /revoke_auth_token has none) parses as
    // `undefined`, which only a schema that expects no content accepts.
    json = res.text === "" ? undefined : JSON.parse(res.text);
  } catch {
    throw new InvalidResponseError(target, res.status, [{ path: "(root)", code: "invalid_json" }]);
  }
  const parsed = opts.response.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", code: i.code }));
    throw new InvalidResponseError(target, res.status, issues);
  }
  return parsed.data;
}

/** Why retrying stopped: the policy's reasons, or the process's retry budget running dry. */
type StopDecision = Exclude<RetryDecision, { retry: true }> | { readonly retry: false; readonly reason: "budget" };

/** Adds why retrying stopped to the error's message (and stack), so logs need no extra context. */
function explain(error: PerplexityError, decision: StopDecision, attempts: number, deadlineMs: number): PerplexityError {
  let note: string | undefined;
  if (decision.reason === "budget") {
    note = `not retried after ${attempts} attempt${attempts === 1 ? "" : "s"}: this process's retry budget is spent, the API looks unavailable`;
  } else if (decision.reason === "deadline") {
    note = `gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}: the ${deadlineMs} ms deadline leaves no time for another`;
  } else if (attempts > 1) {
    note = `after ${attempts} attempts`;
  }
  if (note === undefined) return error;
  // V8 formats the stack lazily: read it before changing the message, or the note would appear twice.
  const { message: original, stack } = error;
  error.message = `${original} (${note})`;
  if (stack) error.stack = stack.replace(original, error.message);
  return error;
}
