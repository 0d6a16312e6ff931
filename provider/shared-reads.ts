import { MAX_PAGE_SIZE, type ApiKey, type Member, type Page } from "../api";
import type { PerplexityClient } from "../client";

/** How long a group's list keeps answering reads after it arrived, in milliseconds (default 5 000). */
export const SHARE_WINDOW_MS = 5_000;

/** Where {@link CoalescedReads} gets its data: a group's complete list, and one object alone. */
export interface ListSource<T extends { readonly id: string }> {
  /** Every page of the group's list, largest page size first. */
  list(groupId: string): AsyncIterable<Page<T>>;
  /** One object; rejects with the API's error (404 when it is gone). */
  retrieve(groupId: string, id: string): Promise<T>;
}

type Snapshot<T> = { readonly items: Promise<ReadonlyMap<string, T>>; readonly answered: Set<string>; expires: number };

/**
 * Answers "retrieve object `id` of group `groupId`" from one list call per group shared by every read in
 * this provider process: reads that arrive while the list is in flight, or up to `windowMs` after it
 * arrived, use it instead of one GET each, which is what makes a refresh of hundreds of members one or two
 * requests. Semantics stay those of `retrieve`: an object missing from a complete list is asked for alone,
 * so only the API's own 404 ever means gone (it may have been made after the list), and a list that fails
 * fails every read waiting on it with the list's error (a 401 never reads as "deleted"). A list answers
 * for each object once: reading the same object again is a new question and takes a new list, so a
 * process that reads twice (a second refresh, a test) sees what changed in between.
 */
export class CoalescedReads<T extends { readonly id: string }> {
  readonly #source: ListSource<T>;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #snapshots = new Map<string, Snapshot<T>>();

  /**
   * @param source Lists and retrieves the objects.
   * @param windowMs How long a list answers reads after it arrived, in milliseconds. Optional; default {@link SHARE_WINDOW_MS}.
   * @param now The clock, in milliseconds. Optional; default `Date.now`.
   */
  constructor(source: ListSource<T>, windowMs = SHARE_WINDOW_MS, now: () => number = Date.now) {
    this.#source = source;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** The object, as `retrieve` would return it; rejects as `retrieve` or the shared list would. */
  async retrieve(groupId: string, id: string): Promise<T> {
    const snapshot = this.#snapshot(groupId, id);
    snapshot.answered.add(id);
    return (await snapshot.items).get(id) ?? this.#source.retrieve(groupId, id);
  }

  /** Forgets every list, in flight or not: this process just changed something they may hold. */
  clear(): void {
    this.#snapshots.clear();
  }

  #snapshot(groupId: string, id: string): Snapshot<T> {
    const current = this.#snapshots.get(groupId);
    if (current && this.#now() < current.expires && !current.answered.has(id)) return current;
    const snapshot: Snapshot<T> = { items: collect(this.#source.list(groupId)), answered: new Set(), expires: Number.POSITIVE_INFINITY };
    this.#snapshots.set(groupId, snapshot);
    snapshot.items.then(
      () => void (snapshot.expires = this.#now() + this.#windowMs),
      // A failed list is not kept: the reads waiting on it fail, the next one asks again.
      () => void (this.#snapshots.get(groupId) === snapshot && this.#snapshots.delete(groupId)),
    );
    return snapshot;
  }
}

async function collect<T extends { readonly id: string }>(pages: AsyncIterable<Page<T>>): Promise<ReadonlyMap<string, T>> {
  const items = new Map<string, T>();
  for await (const page of pages) for (const item of page.data) items.set(item.id, item);
  return items;
}

/** The reads a provider process shares, one set per client. */
export interface SharedReads {
  readonly members: CoalescedReads<Member>;
  /** Active keys only: a revoked key is missing from the list and then retrieved alone, which says it is revoked. */
  readonly apiKeys: CoalescedReads<ApiKey>;
  /** Forgets every shared list; called after each create, update or delete. */
  clear(): void;
}

/** Shared reads over `client`, listing with the largest page size the API allows ({@link MAX_PAGE_SIZE}). */
export function sharedReads(client: PerplexityClient): SharedReads {
  const members = new CoalescedReads<Member>({
    list: (groupId) => client.members.listAll(groupId, { limit: MAX_PAGE_SIZE }),
    retrieve: (groupId, id) => client.members.retrieve(groupId, id),
  });
  const apiKeys = new CoalescedReads<ApiKey>({
    list: (groupId) => client.apiKeys.listAll(groupId, { limit: MAX_PAGE_SIZE, status: "active" }),
    retrieve: (groupId, id) => client.apiKeys.retrieve(groupId, id),
  });
  return { members, apiKeys, clear: () => (members.clear(), apiKeys.clear()) };
}
