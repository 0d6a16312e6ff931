/** How one call of a group commit ended: its result, or what it threw. */
export type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Pending<A, R> {
  readonly arg: A;
  readonly resolve: (result: R) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit: calls that arrive while the event loop is busy (concurrent requests) are written together
 * on the next turn by one call of `writeAll`, which runs one SQLite transaction for all of them and settles
 * each on its own (see `UsageStore.ingestMany`). Committing once per turn instead of once per request is
 * what makes many small concurrent writes cheap: a commit's WAL writes cost far more than the rows, and
 * whatever the calls share (a debit per group, daily totals) is written once. Calls apply in arrival order.
 * @param writeAll
 *   Writes the args of one turn in one transaction and returns one {@link Settled} per arg, in order; if it
 *   throws, nothing of the turn was written and every call of the turn rejects with that error.
 * @returns A function that queues one call and settles with its result or its error.
 */
export function createGroupCommit<A, R>(writeAll: (args: readonly A[]) => readonly Settled<R>[]): (arg: A) => Promise<R> {
  let queue: Pending<A, R>[] = [];
  const run = () => {
    const batch = queue;
    queue = [];
    let settled: readonly Settled<R>[];
    try {
      settled = writeAll(batch.map((item) => item.arg));
    } catch (err) {
      for (const item of batch) item.reject(err);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = settled[i];
      if (outcome?.ok === true) item.resolve(outcome.value);
      else item.reject(outcome === undefined ? new Error("group commit: no outcome for a call") : outcome.error);
    });
  };
  return (arg) => new Promise<R>((resolve, reject) => {
    if (queue.length === 0) setImmediate(run);
    queue.push({ arg, resolve, reject });
  });
}
