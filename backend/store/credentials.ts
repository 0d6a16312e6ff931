import { digestsEqual, sha256Hex } from "../crypto";
import type { Db } from "../db/database";

/**
 * Who is calling: the management key (`admin`, allowed everything), a member of one group (console
 * token; what they may do depends on their current role), or one group's API key (inference calls and
 * the documented key endpoints only).
 */
export type Principal =
  | { readonly kind: "admin"; readonly id: string }
  | { readonly kind: "member"; readonly id: string; readonly groupId: string }
  | { readonly kind: "api_key"; readonly id: string; readonly groupId: string };

/** The principal id of the management key. */
export const ADMIN_PRINCIPAL_ID = "admin";

interface CredentialRow {
  token_hash: string;
  kind: string;
  principal_id: string;
  group_id: string | null;
}

/** Bearer-token lookups. Tokens are kept only as SHA-256 hashes; the plaintext never reaches the database. */
export interface CredentialStore {
  /** Makes `token` the one management key, replacing any earlier one (e.g. from a previous run on the same file). */
  setAdminToken(token: string, nowMs: number): void;
  /** The principal `token` authenticates as, or `undefined` when it is unknown or revoked. */
  authenticate(token: string): Principal | undefined;
  /** Stores the hash of `token` as a credential of a member or an API key of `groupId`. */
  issue(token: string, principal: Exclude<Principal, { kind: "admin" }>, nowMs: number): void;
  /** Revokes every credential of the principal (a removed member, a revoked key); idempotent. */
  revokePrincipal(principalId: string, nowMs: number): void;
}

/** Principals found per token hash are kept for the next request with the same token, at most this many. */
const CACHED_PRINCIPALS = 10_000;
/**
 * How often, at most, to ask whether another connection committed (ms). The question itself starts a read
 * of the WAL and cost 4.7 µs per request when asked every time; another process writing this file is not how
 * the backend runs, so its revocations may take this long to be seen. This connection's are seen at once.
 */
export const OTHER_WRITERS_CHECK_MS = 100;

/** Per database: what to call when a row of `credentials` changes. The stores of one database share one trigger. */
const changeListeners = new WeakMap<Db, Set<() => void>>();

/**
 * Calls `listener` whenever this connection inserts, updates or deletes a row of `credentials` (cascades
 * included), through temporary triggers that call back into JavaScript.
 */
function onCredentialsChanged(db: Db, listener: () => void): void {
  let listeners = changeListeners.get(db);
  if (listeners === undefined) {
    const all = new Set<() => void>();
    listeners = all;
    changeListeners.set(db, all);
    db.function("pp_credentials_changed", { deterministic: false }, () => {
      for (const call of all) call();
      return null;
    });
    for (const op of ["INSERT", "UPDATE", "DELETE"]) {
      db.exec(`CREATE TEMP TRIGGER pp_credentials_${op.toLowerCase()} AFTER ${op} ON main.credentials BEGIN SELECT pp_credentials_changed(); END`);
    }
  }
  listeners.add(listener);
}

/**
 * Creates the {@link CredentialStore} over `db`. Principals found are cached by token hash, because the
 * lookup was the largest cost of a small request (7 µs of CPU per request under load, the SELECT reading
 * through a busy WAL). Revocation stays immediate: the cache is dropped whenever this connection changes
 * `credentials` (triggers), and within {@link OTHER_WRITERS_CHECK_MS} of another connection committing
 * anything (`PRAGMA data_version`).
 * Nothing is cached inside a transaction, whose changes could still roll back, nor for an unknown token.
 */
export function createCredentialStore(db: Db): CredentialStore {
  const cache = new Map<string, Principal>();
  onCredentialsChanged(db, () => cache.clear());
  const dataVersion = db.prepare("PRAGMA data_version").pluck();
  let seenVersion = dataVersion.get();
  let checkedAt = performance.now();
  const deleteAdmins = db.prepare("DELETE FROM credentials WHERE kind = 'admin'");
  const insertAdmin = db.prepare(
    "INSERT INTO credentials (token_hash, kind, principal_id, created_at_ms) VALUES (?, 'admin', ?, ?)",
  );
  const byHash = db.prepare("SELECT token_hash, kind, principal_id, group_id FROM credentials WHERE token_hash = ? AND revoked_at_ms IS NULL");
  const insert = db.prepare("INSERT INTO credentials (token_hash, kind, principal_id, group_id, created_at_ms) VALUES (?, ?, ?, ?, ?)");
  const revoke = db.prepare("UPDATE credentials SET revoked_at_ms = ? WHERE principal_id = ? AND revoked_at_ms IS NULL");
  const setAdmin = db.transaction((hash: string, nowMs: number) => {
    deleteAdmins.run();
    insertAdmin.run(hash, ADMIN_PRINCIPAL_ID, nowMs);
  });

  return {
    setAdminToken: (token, nowMs) => setAdmin(sha256Hex(token), nowMs),
    authenticate(token) {
      const hash = sha256Hex(token);
      if (performance.now() - checkedAt >= OTHER_WRITERS_CHECK_MS) {
        checkedAt = performance.now();
        const version = dataVersion.get();
        if (version !== seenVersion) cache.clear();
        seenVersion = version;
      }
      // The cache and the index are looked up by a hash of a high-entropy token, so their timing reveals
      // nothing useful; the comparison with the stored hash is constant-time anyway, as defence in depth.
      const cached = cache.get(hash);
      if (cached !== undefined) return cached;
      const principal = principalOf(byHash.get(hash) as CredentialRow | undefined, hash);
      if (principal !== undefined && !db.inTransaction) {
        if (cache.size >= CACHED_PRINCIPALS) cache.clear();
        cache.set(hash, principal);
      }
      return principal;
    },
    issue: (token, principal, nowMs) => void insert.run(sha256Hex(token), principal.kind, principal.id, principal.groupId, nowMs),
    revokePrincipal: (principalId, nowMs) => void revoke.run(nowMs, principalId),
  };
}

/** The principal a credentials row (found by `hash`) stands for, if any. */
function principalOf(row: CredentialRow | undefined, hash: string): Principal | undefined {
  if (row === undefined || !digestsEqual(row.token_hash, hash)) return undefined;
  if (row.kind === "admin") return { kind: "admin", id: row.principal_id };
  if ((row.kind === "member" || row.kind === "api_key") && row.group_id !== null) return { kind: row.kind, id: row.principal_id, groupId: row.group_id };
  return undefined;
}
