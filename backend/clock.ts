/** A clock that test mode can move forward, so a billing cycle closes inside a test. */
export interface TestClock {
  /** The current time: the base clock plus every advance so far. */
  now(): Date;
  /** Moves the clock forward by `ms` milliseconds (≥ 0) and returns the new time. */
  advance(ms: number): Date;
  /** Drops every advance, back to the base clock (the test-mode reset does this). */
  reset(): void;
}

/** Wraps `base` (default the system clock) in a {@link TestClock} that starts with no offset. */
export function createTestClock(base: () => Date = () => new Date()): TestClock {
  let offsetMs = 0;
  const now = () => new Date(base().getTime() + offsetMs);
  return {
    now,
    advance(ms) {
      if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError("The clock only moves forward, by a whole number of milliseconds.");
      offsetMs += ms;
      return now();
    },
    reset: () => void (offsetMs = 0),
  };
}
