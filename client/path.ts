import { PerplexityError } from "./errors";

/**
 * Template tag that builds a request path, percent-encoding every interpolated value with
 * `encodeURIComponent`, so an id can never add path segments, a query string or a fragment.
 * Values must be non-empty strings or finite numbers other than `.` and `..`.
 * @throws PerplexityError with code `invalid_path_param` for any other value.
 * @example path`/v1/groups/${id}` → `/v1/groups/grp%2Fx` for `id = "grp/x"`.
 */
export function path(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += encodeSegment(value, i) + (strings[i + 1] ?? "");
  });
  return out;
}

function encodeSegment(value: unknown, index: number): string {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || text === "" || text === "." || text === "..") {
    // The value is not echoed: path parameters are ids, but a caller's bug might pass something else.
    throw new PerplexityError(`Path parameter ${index + 1} must be a non-empty id, got ${describe(value)}.`, "invalid_path_param");
  }
  return encodeURIComponent(text);
}

function describe(value: unknown): string {
  if (value === "" || value === "." || value === "..") return JSON.stringify(value);
  return value === null ? "null" : typeof value;
}
