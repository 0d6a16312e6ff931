// Pure formatting and parsing for the pages (no DOM, no JSX), unit-tested in tests/unit/console/.

/** A day (`2026-11-30`) from an RFC 3339 timestamp, or an em dash for none. */
export function day(timestamp: string | null | undefined): string {
  return timestamp ? timestamp.slice(0, 10) : "—";
}

/** A timestamp as `2026-11-30 12:34:56 UTC`. */
export function instant(timestamp: string): string {
  return `${timestamp.slice(0, 10)} ${timestamp.slice(11, 19)} UTC`;
}

/**
 * Parses a dollar amount typed by a person (`12.50`, `$1,000`) into exact micro-USD (no floating point);
 * NaN when it is not one, which JSON sends as null, so the API answers with a message naming the field.
 */
export function dollarsToMicros(text: string): number {
  const clean = text.replace(/[$,\s]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return Number.NaN;
  const [whole, cents = ""] = clean.split(".");
  return Number(whole) * 1_000_000 + Number(cents.padEnd(2, "0")) * 10_000;
}

/** Micro-USD as a plain dollar amount for an input (`12.5` → `12.50`). */
export function microsToDollars(micros: number): string {
  return (micros / 1_000_000).toFixed(2);
}
