import type { Page } from "../api";

/** The paging part of every list query; each resource's list query extends it with its filters. */
export interface PagingQuery {
  /** Page size, 1–100. Optional; the API defaults to 20. */
  readonly limit?: number | undefined;
  /** The `next_cursor` of the previous page. Optional; omitted for the first page. */
  readonly after?: string | undefined;
}

/**
 * Iterates over every page of a cursor-paginated list: the first page without a cursor, then each next
 * one with the previous page's `next_cursor` as `after`, until a page says there is no more. Nothing is
 * fetched until the first page is asked for, and each page only when the caller asks for it.
 * @param fetchPage Fetches the page after the cursor `after`; `undefined` asks for the first page.
 * @example
 * listAll(groupId: string, query: Omit<MemberListQuery, "after"> = {}) {
 *   return paginate((after) => this.list(groupId, { ...query, after }));
 * }
 */
export async function* paginate<P extends Pick<Page<unknown>, "has_more" | "next_cursor">>(
  fetchPage: (after: string | undefined) => Promise<P>,
): AsyncGenerator<P, void, undefined> {
  let after: string | undefined;
  do {
    const page = await fetchPage(after);
    yield page;
    // A page that says `has_more` without a cursor ends the walk: there is nothing to ask the next page with.
    after = page.has_more && page.next_cursor ? page.next_cursor : undefined;
  } while (after !== undefined);
}
