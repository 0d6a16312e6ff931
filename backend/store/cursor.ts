import { BackendError } from "../errors";

/** A position in a list ordered by creation time, then id. */
export interface Cursor {
  /** Creation time of the last item on the previous page, in milliseconds since the epoch. */
  readonly ms: number;
  /** Id of the last item on the previous page. */
  readonly id: string;
}

/** Encodes `cursor` as an opaque base64url string for `next_cursor`. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.ms, cursor.id]), "utf8").toString("base64url");
}

/**
 * Decodes a cursor from {@link encodeCursor}; anything else is a 400 `invalid_request` about `param`
 * (the query parameter that carried it).
 */
export function decodeCursor(value: string, param: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && Number.isSafeInteger(parsed[0]) && typeof parsed[1] === "string") {
      return { ms: parsed[0] as number, id: parsed[1] };
    }
  } catch {
    // Not JSON: fall through to the same error as a well-formed but foreign value.
  }
  throw new BackendError("invalid_request", `Query parameter \`${param}\` is not a cursor returned by this API; pass next_cursor from the previous page.`, param);
}
