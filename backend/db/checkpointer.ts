import { Worker } from "node:worker_threads";

/** A running background checkpointer; see {@link startCheckpointer}. */
export interface Checkpointer {
  /** Stops it after the checkpoint under way (if any); resolves once its connection is closed. Safe to call more than once. */
  close(): Promise<void>;
}

/** How often the background checkpointer copies the WAL back into the database, in milliseconds: {@link startCheckpointer}'s default. */
export const CHECKPOINT_INTERVAL_MS = 200;

// The worker's whole program. Evaluated, not loaded from a file, so it runs the same from the sources (ts-jest)
// and from dist/; better-sqlite3 is resolved by the parent and handed over, so it is the package's own copy.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (err) { parentPort.postMessage({ error: String(err && err.message) }); }
}, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Checkpoints the WAL database at `path` from a worker thread with its own connection, every `intervalMs`
 * (optional; default {@link CHECKPOINT_INTERVAL_MS}). Why: a checkpoint copies every page the WAL holds back into
 * the database and fsyncs both; run by the writing connection (SQLite's auto-checkpoint) it blocks the event
 * loop for the whole copy, which was the backend's p99 latency under load (20–35 ms at 2,000 requests/s with
 * a 16 MB WAL). A PASSIVE checkpoint from another connection runs beside the writer without blocking it, and
 * since it fsyncs the database every `intervalMs`, a commit is safe from an OS crash or power loss that much
 * sooner. The writer's own auto-checkpoint stays as the backstop for when this one cannot catch up. Errors
 * are reported to `onError` (optional; default ignored) and the next interval tries again.
 */
export function startCheckpointer(path: string, intervalMs = CHECKPOINT_INTERVAL_MS, onError?: (message: string) => void): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver: require.resolve("better-sqlite3") } });
  // A backend that is otherwise done must not be kept alive by its checkpointer.
  worker.unref();
  worker.on("message", (message: { error?: string }) => void (message.error !== undefined && onError?.(message.error)));
  worker.on("error", (err) => onError?.(err.message));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  let closing: Promise<void> | undefined;
  return {
    close: () => (closing ??= (worker.postMessage("stop"), exited)),
  };
}
