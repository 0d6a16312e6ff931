/**
 * Reads the server's requested wait from `retry-after-ms` (non-standard, milliseconds, used by Stainless
 * SDKs) or `Retry-After` (RFC 9110: delta-seconds or an HTTP date). `retry-after-ms` wins when both are
 * valid. Returns milliseconds (≥ 0), or `undefined` when neither header is present and valid.
 * @param header
 *   Returns a response header's value by lower-case name.
 * @param nowMs
 *   Current time in epoch milliseconds, for the HTTP-date form. Defaults to `Date.now()`.
 * @example `parseRetryAfter((n) => res.headers[n], Date.now())` → `3000` for `Retry-After: 3`.
 */
export function parseRetryAfter(header: (name: string) => unknown, nowMs: number = Date.now()): number | undefined {
  const ms = text(header("retry-after-ms"));
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = text(header("retry-after"));
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  // HTTP dates always name a weekday and month; requiring letters stops Date.parse reading "-1" as a year.
  const at = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  // A date in the past means "now"; an unparseable value is ignored rather than trusted.
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === "number") return String(first);
  return typeof first === "string" && first.trim() !== "" ? first.trim() : undefined;
}
