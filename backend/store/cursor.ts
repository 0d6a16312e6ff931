import { BackendError } from "../errors";

/** A position in a list ordered by creation time, then id. */
export interface Cursor {
  /** Creation time of the last item on the previous page, in milliseconds since the epoch. */
  readonly ms: number;
  /** Id of the last item on the previous page. */
  readonly id: string;
}

/** Encodes `cursor` for `next_cursor` as `<ms>.<id>`, the form the contract's `Cursor` pattern states. */
export function encodeCursor(cursor: Cursor): string {
  return `${cursor.ms}.${cursor.id}`;
}

/**
 * Decodes a cursor of the form {@link encodeCursor} writes; anything else is a 400 `invalid_request` about `param`
 * (the query parameter that carried it).
 */
export function decodeCursor(value: string, param: string): Cursor {
  // The query schema already checked the form (api `Cursor`); this guards direct callers.
  const match = /^([0-9]{1,15})\.([a-z0-9_]{1,40})$/.exec(value);
  if (match !== null) return { ms: Number(match[1]), id: match[2] as string };
  throw new BackendError("invalid_request", `Query parameter \`${param}\` is not a cursor returned by this API; pass next_cursor from the previous page.`, param);
}
