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

/**
 * Micro-USD as dollars with the precision the amount needs: cents at least (`$1,234.50`), and up to the
 * micro-dollar where there is more (`$0.0105`, a chat request), so a debit that moved the balance never
 * reads `$0.00`. Negative amounts get a minus sign (`−$0.0105`). Exact: integer arithmetic only.
 */
export function money(micros: number): string {
  const sign = micros < 0 ? "−" : "";
  const abs = Math.abs(Math.trunc(micros));
  const whole = String(Math.floor(abs / 1_000_000)).replace(/\B(?=(\d{3})+$)/g, ",");
  const fraction = String(abs % 1_000_000).padStart(6, "0").replace(/0{1,4}$/, "");
  return `${sign}$${whole}.${fraction}`;
}

/**
 * The date an invoice shows: the day it was issued, or, for the cycle still open (a draft, which is issued
 * when the cycle closes, possibly next year), that it is not issued yet and when its period ends.
 */
export function invoiceDate(invoice: { readonly status: string; readonly date: string; readonly period_end: string }): string {
  return invoice.status === "draft" ? `not issued yet (period ends ${invoice.period_end})` : day(invoice.date);
}

/** The top of the y axis: the largest bar with a tenth of room, at least 1 (an all-zero series). */
export function yTop(max: number | null): number {
  return max === null || max <= 0 ? 1 : Math.ceil(max * 1.1);
}

/** An x-axis label: the UTC date of a tick (seconds), e.g. `Dec 7`. */
export function dayLabel(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
