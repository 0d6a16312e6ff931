import { ApiTimeoutError } from "./errors";

/** Tokens in a full {@link RetryBudget} (AWS SDK standard mode: 500). */
export const RETRY_BUDGET_TOKENS = 500;
/** Tokens one retry costs (5). */
export const RETRY_COST = 5;
/** Tokens a retry after a timeout costs (10): timeouts are the costliest failures to repeat. */
export const TIMEOUT_RETRY_COST = 10;
/** Concurrent requests allowed per process when nothing is configured (8). */
export const DEFAULT_MAX_CONCURRENCY = 8;

/**
 * A retry quota shared by every call of the process, as in the AWS SDKs: each retry spends tokens, each
 * success gives one back (a success after retries refunds what they cost). When the API is down, the
 * budget runs dry after about 100 retries and later calls fail at their first error instead of each
 * retrying for minutes: a run fails fast rather than hammering an API that is not answering.
 */
export class RetryBudget {
  #tokens = RETRY_BUDGET_TOKENS;

  /** Tokens left (0–{@link RETRY_BUDGET_TOKENS}). */
  get tokens(): number {
    return this.#tokens;
  }

  /** Spends the cost of retrying after `error`; returns the cost paid, or undefined when the budget cannot pay it. */
  spend(error: unknown): number | undefined {
    const cost = ApiTimeoutError.isInstance(error) ? TIMEOUT_RETRY_COST : RETRY_COST;
    if (this.#tokens < cost) return undefined;
    this.#tokens -= cost;
    return cost;
  }

  /** Records a success: refunds `paid` (what this call's retries cost) or, for a first-try success, one token. */
  succeeded(paid: number): void {
    this.#tokens = Math.min(RETRY_BUDGET_TOKENS, this.#tokens + (paid > 0 ? paid : 1));
  }
}

/**
 * What every client of a process shares so that concurrent operations act as one caller: the
 * {@link RetryBudget}, one cooldown after a 429 (every call waits it out, not only the one that got it,
 * so the API is not stampeded), and a cap on requests in flight. Written by hand: no retry library
 * shares a cooldown across independent calls.
 */
export class Traffic {
  /** The process's retry quota. */
  readonly budget = new RetryBudget();
  /** Epoch milliseconds before which no request is sent, after the API answered 429. */
  cooldownUntil = 0;
  #limit: number;
  #inFlight = 0;
  readonly #queue: Array<() => void> = [];

  /** @param maxConcurrency Requests in flight at once; default {@link DEFAULT_MAX_CONCURRENCY}. */
  constructor(maxConcurrency = DEFAULT_MAX_CONCURRENCY) {
    this.#limit = checkedLimit(maxConcurrency);
  }

  /** The cap on requests in flight. */
  get maxConcurrency(): number {
    return this.#limit;
  }

  /** Changes the cap; waiting requests start at once if the cap grew. */
  set maxConcurrency(limit: number) {
    this.#limit = checkedLimit(limit);
    this.#drain();
  }

  /** Extends the shared cooldown to at least `untilMs` (epoch milliseconds). */
  coolDown(untilMs: number): void {
    this.cooldownUntil = Math.max(this.cooldownUntil, untilMs);
  }

  /** Waits for a free slot; the returned function frees it (call it exactly once). */
  async acquire(): Promise<() => void> {
    if (this.#inFlight >= this.#limit) await new Promise<void>((resolve) => this.#queue.push(resolve));
    else this.#inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
      this.#drain();
    };
  }

  #drain(): void {
    while (this.#inFlight < this.#limit && this.#queue.length > 0) {
      this.#inFlight += 1;
      this.#queue.shift()?.();
    }
  }
}

function checkedLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("maxConcurrency must be a whole number of at least 1.");
  return limit;
}

let shared: Traffic | undefined;

/** The {@link Traffic} of this process, which every client uses unless given its own. */
export function processTraffic(): Traffic {
  shared ??= new Traffic();
  return shared;
}
