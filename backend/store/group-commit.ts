import type { Db } from "../db/database";

interface Pending<A, R> {
  readonly arg: A;
  readonly resolve: (result: R) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: calls of `write` that arrive while the event loop is busy (concurrent requests) run
 * together in one SQLite transaction on the next turn, each in its own savepoint (better-sqlite3 nests
 * `db.transaction` as a savepoint), so one failing call rolls back only itself. Committing once per turn
 * instead of once per request is what makes many small concurrent writes cheap: a commit's WAL writes
 * cost far more than the rows. Calls still apply in arrival order, each atomically.
 * @param write
 *   A synchronous write that runs its own `db.transaction` (nested here as a savepoint).
 * @returns A function that queues one call and settles with its result or its error.
 */
export function createGroupCommit<A, R>(db: Db, write: (arg: A) => R): (arg: A) => Promise<R> {
  let queue: Pending<A, R>[] = [];
  const flush = db.transaction((batch: Pending<A, R>[]) => {
    const settled: (() => void)[] = [];
    for (const item of batch) {
      try {
        const result = write(item.arg);
        settled.push(() => item.resolve(result));
      } catch (err) {
        settled.push(() => item.reject(err));
      }
    }
    return settled;
  });
  const run = () => {
    const batch = queue;
    queue = [];
    let settled: (() => void)[];
    try {
      settled = flush(batch);
    } catch (err) {
      // The commit itself failed: nothing of this turn was written.
      for (const item of batch) item.reject(err);
      return;
    }
    for (const settle of settled) settle();
  };
  return (arg) => new Promise<R>((resolve, reject) => {
    if (queue.length === 0) setImmediate(run);
    queue.push({ arg, resolve, reject });
  });
}
