import { IDEMPOTENCY_TTL_MS } from "../../api";
import { sha256Hex } from "../crypto";
import type { Db } from "../db/database";

/**
 * How long a key may stay "in flight" before it counts as abandoned (a crash between reserving and
 * answering) and a retry may take it over, in milliseconds (60 s).
 */
export const IN_FLIGHT_TIMEOUT_MS = 60_000;

/** What to do with a request that carries an idempotency key. */
export type IdempotencyDecision =
  | { readonly kind: "proceed" }
  | { readonly kind: "replay"; readonly status: number; readonly body: string }
  | { readonly kind: "reused" }
  | { readonly kind: "in_use" };

/** One request's identity for idempotency: who sent it, with which key, and a fingerprint of what it asked. */
export interface IdempotentRequest {
  readonly principalId: string;
  readonly key: string;
  readonly fingerprint: string;
}

/** Idempotency keys, remembered for {@link IDEMPOTENCY_TTL_MS} in SQLite (Stripe semantics). */
export interface IdempotencyStore {
  /** Reserves the key for `request`, or says to replay, refuse (reused) or wait (in use). */
  begin(request: IdempotentRequest, nowMs: number): IdempotencyDecision;
  /** Stores the response to replay for the key. */
  complete(request: IdempotentRequest, status: number, body: string): void;
  /** Forgets a reservation whose response must not be replayed, so a retry runs again. */
  release(request: IdempotentRequest): void;
}

interface KeyRow {
  fingerprint: string;
  status: number | null;
  response_body: string | null;
  created_at_ms: number;
}

/** Creates the {@link IdempotencyStore} over `db`. */
export function createIdempotencyStore(db: Db): IdempotencyStore {
  const purge = db.prepare("DELETE FROM idempotency_keys WHERE created_at_ms <= ?");
  const find = db.prepare("SELECT fingerprint, status, response_body, created_at_ms FROM idempotency_keys WHERE principal_id = ? AND key = ?");
  const reserve = db.prepare(
    "INSERT OR REPLACE INTO idempotency_keys (principal_id, key, fingerprint, status, response_body, created_at_ms) VALUES (?, ?, ?, NULL, NULL, ?)",
  );
  const finish = db.prepare("UPDATE idempotency_keys SET status = ?, response_body = ? WHERE principal_id = ? AND key = ?");
  const remove = db.prepare("DELETE FROM idempotency_keys WHERE principal_id = ? AND key = ? AND status IS NULL");

  // One synchronous transaction, so two requests with the same key can never both be told to proceed.
  const begin = db.transaction((r: IdempotentRequest, nowMs: number): IdempotencyDecision => {
    purge.run(nowMs - IDEMPOTENCY_TTL_MS);
    const row = find.get(r.principalId, r.key) as KeyRow | undefined;
    const abandoned = row !== undefined && row.status === null && nowMs - row.created_at_ms >= IN_FLIGHT_TIMEOUT_MS;
    if (row === undefined || abandoned) {
      reserve.run(r.principalId, r.key, r.fingerprint, nowMs);
      return { kind: "proceed" };
    }
    if (row.fingerprint !== r.fingerprint) return { kind: "reused" };
    if (row.status === null || row.response_body === null) return { kind: "in_use" };
    return { kind: "replay", status: row.status, body: row.response_body };
  });

  return {
    begin: (request, nowMs) => begin(request, nowMs),
    complete: (r, status, body) => void finish.run(status, body, r.principalId, r.key),
    release: (r) => void remove.run(r.principalId, r.key),
  };
}

/**
 * The fingerprint of a request: SHA-256 over its method, path (with query) and canonical JSON body
 * (object keys sorted), so the same request with keys in another order still counts as the same.
 */
export function fingerprintRequest(method: string, path: string, body: unknown): string {
  return sha256Hex(`${method.toUpperCase()}\n${path}\n${canonicalJson(body)}`);
}

/** JSON with object keys sorted at every level; `undefined` (no body) becomes the empty string. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "";
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
