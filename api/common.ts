import { z } from "zod";

/**
 * Error types of the management API's error envelope. The HTTP status says how to react; the `type` groups
 * errors for humans; the `code` is the stable, machine-readable reason.
 */
export const ErrorType = z.enum([
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "conflict_error",
  "idempotency_error",
  "rate_limit_error",
  "api_error",
]);
/** See {@link ErrorType}. */
export type ErrorType = z.infer<typeof ErrorType>;

/**
 * The one error envelope every non-2xx response carries: `{error: {type, code, message, param?}}`.
 * `param` names the offending request field (dotted path, snake_case) when there is one.
 */
export const ErrorEnvelope = z
  .object({
    error: z.object({
      type: ErrorType,
      code: z.string().min(1).describe("Stable machine-readable reason, snake_case, e.g. `group_not_found`."),
      message: z.string().min(1).describe("Human-readable explanation; never contains credentials."),
      param: z.string().optional().describe("The request field the error is about, if any."),
    }),
  })
  .meta({ id: "ErrorEnvelope" });
/** See {@link ErrorEnvelope}. */
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** An RFC 3339 timestamp in UTC, e.g. `2026-11-27T05:35:16.000Z`. */
export const Timestamp = z.iso.datetime();

/** Largest page size a list endpoint returns. */
export const MAX_PAGE_SIZE = 100;
/** Page size when the request sets none. */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * A page size, `limit`: an integer from 1 to 100 written in decimal digits (`0x10`, `1e1` or ` 10` are not
 * page sizes, though `Number()` would read them as such); default 20.
 */
export const PageLimit = z
  .preprocess((v) => (typeof v === "string" && /^[0-9]+$/.test(v) ? Number(v) : v),
    z.number({ error: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }).min(1, `must be at least 1`).max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`).int())
  .default(DEFAULT_PAGE_SIZE);

/**
 * A list position, as `next_cursor` returns it: the sort key of the last item of a page, a dot, and its id.
 * Any value of this form is a position (the page starts after it), so a client may keep one, but only
 * `next_cursor` values mean "the next page".
 */
export const Cursor = z
  .string()
  .regex(/^[0-9]{1,15}\.[a-z0-9_]{1,40}$/, "must be a cursor returned as next_cursor by this API (e.g. 1796020064000.grp_0123456789abcdefghijklmn)");

/**
 * Query of every cursor-paginated list endpoint: `limit` (1–100, default 20) and `after`, the
 * `next_cursor` of the previous page. Unknown parameters are refused, as unknown body fields are.
 */
export const PageQuery = z
  .object({
    limit: PageLimit,
    after: Cursor.optional().describe("Optional. `next_cursor` of the previous page."),
  })
  .strict();
/** See {@link PageQuery}. */
export type PageQuery = z.infer<typeof PageQuery>;

/** Builds the schema of one page of `item`s: `{object: "list", data, has_more, next_cursor}`. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal("list"),
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable().describe("Pass as `after` to fetch the next page; null on the last page."),
  });
}
/** One page of a list endpoint. */
export type Page<T> = { object: "list"; data: T[]; has_more: boolean; next_cursor: string | null };

/** Header carrying the caller's idempotency key on POST requests; replayed for 24 hours. */
export const IDEMPOTENCY_HEADER = "idempotency-key";
/** Response header set to `true` when a response is a replay of an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = "idempotent-replayed";
/** How long the backend remembers an idempotency key, in milliseconds (24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
