import {
  ApiConnectionError,
  ApiTimeoutError,
  backoffDelayMs,
  decideRetry,
  errorFromResponse,
  InvalidResponseError,
  maxRetriesFor,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelayMs,
  shouldRetry,
} from "../../../client";

const target = { method: "GET", path: "/v1/groups" };
const statusError = (status: number, code = "some_code") => errorFromResponse(status, { error: { type: "api_error", code, message: "x" } }, target);
const policy = (r = 1 - Number.EPSILON) => resolveRetryPolicy({ random: () => r, sleep: async () => undefined });

describe("shouldRetry", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries status %i", (status) => {
    expect(shouldRetry(statusError(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 412, 422, 501])("never retries status %i", (status) => {
    expect(shouldRetry(statusError(status))).toBe(false);
  });

  it("retries a 409 only while the idempotency key is in use", () => {
    expect(shouldRetry(statusError(409, "idempotency_key_in_use"))).toBe(true);
    expect(shouldRetry(statusError(409, "group_not_empty"))).toBe(false);
  });

  it("retries connection errors and timeouts but not a missing host or an invalid response", () => {
    expect(shouldRetry(new ApiConnectionError(target, "ECONNRESET"))).toBe(true);
    expect(shouldRetry(new ApiConnectionError(target))).toBe(true);
    expect(shouldRetry(new ApiTimeoutError(target, 100))).toBe(true);
    expect(shouldRetry(new ApiConnectionError(target, "ENOTFOUND"))).toBe(false);
    expect(shouldRetry(new InvalidResponseError(target, 200, []))).toBe(false);
    expect(shouldRetry(new Error("anything else"))).toBe(false);
  });
});

describe("retry policy", () => {
  it("gives reads and deletes more retries (8) than writes (5) by default", () => {
    const p = resolveRetryPolicy();
    expect(["GET", "HEAD", "DELETE"].map((m) => maxRetriesFor(p, m as "GET"))).toEqual([8, 8, 8]);
    expect(["POST", "PATCH", "PUT"].map((m) => maxRetriesFor(p, m as "POST"))).toEqual([5, 5, 5]);
    expect(maxRetriesFor(resolveRetryPolicy({ maxRetries: 1 }), "GET")).toBe(1);
  });

  it("keeps defaults for fields given as undefined", () => {
    expect(resolveRetryPolicy({ baseDelayMs: undefined as unknown as number }).baseDelayMs).toBe(500);
  });

  it("doubles the backoff ceiling per retry from 500 ms up to 8 s", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelayMs(policy(), n))).toEqual([499, 999, 1999, 3999, 7999, 7999, 7999]);
    expect(backoffDelayMs(policy(0), 3)).toBe(0);
  });

  it("uses Retry-After as a floor and caps it at 60 s", () => {
    expect(retryDelayMs(policy(0), 0, 3000)).toBe(3000);
    expect(retryDelayMs(policy(), 4, 1000)).toBe(7999);
    expect(retryDelayMs(policy(0), 0, 600_000)).toBe(60_000);
  });

  it("fails fast when the wait would reach the deadline", () => {
    const error = errorFromResponse(429, { error: { type: "rate_limit_error", code: "rate_limited", message: "x" } }, { ...target, retryAfterMs: 5000 });
    expect(decideRetry({ policy: policy(0), error, retriesSoFar: 0, maxRetries: 2, remainingMs: 4000 })).toEqual({ retry: false, reason: "deadline" });
    expect(decideRetry({ policy: policy(0), error, retriesSoFar: 0, maxRetries: 2, remainingMs: 9000 })).toEqual({ retry: true, delayMs: 5000 });
    expect(decideRetry({ policy: policy(0), error, retriesSoFar: 2, maxRetries: 2, remainingMs: 9000 })).toEqual({ retry: false, reason: "retries_exhausted" });
    expect(decideRetry({ policy: policy(0), error: statusError(404), retriesSoFar: 0, maxRetries: 2, remainingMs: 9000 })).toEqual({
      retry: false,
      reason: "not_retryable",
    });
  });
});

describe("parseRetryAfter", () => {
  const headers = (h: Record<string, string>) => (name: string) => h[name];
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads delta-seconds, HTTP dates and retry-after-ms", () => {
    expect(parseRetryAfter(headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(parseRetryAfter(headers({ "retry-after": "0.5" }), now)).toBe(500);
    expect(parseRetryAfter(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:10 GMT" }), now)).toBe(10_000);
    expect(parseRetryAfter(headers({ "retry-after-ms": "250", "retry-after": "3" }), now)).toBe(250);
  });

  it("treats a past date as no wait and ignores garbage", () => {
    expect(parseRetryAfter(headers({ "retry-after": "Wed, 31 Dec 2025 23:59:00 GMT" }), now)).toBe(0);
    expect(parseRetryAfter(headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ "retry-after": "-1" }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ "retry-after-ms": "abc" }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
  });
});
