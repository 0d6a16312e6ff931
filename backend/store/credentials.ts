import { digestsEqual, sha256Hex } from "../crypto";
import type { Db } from "../db/database";

/**
 * Who is calling. Only the management key (`admin`, allowed everything) exists today; group API keys
 * with roles `admin` / `member` become a second variant backed by the same `credentials` table.
 */
export type Principal = { readonly kind: "admin"; readonly id: string };

/** The principal id of the management key. */
export const ADMIN_PRINCIPAL_ID = "admin";

interface CredentialRow {
  token_hash: string;
  kind: string;
  principal_id: string;
}

/** Bearer-token lookups. Tokens are kept only as SHA-256 hashes; the plaintext never reaches the database. */
export interface CredentialStore {
  /** Makes `token` the one management key, replacing any earlier one (e.g. from a previous run on the same file). */
  setAdminToken(token: string, nowMs: number): void;
  /** The principal `token` authenticates as, or `undefined` when it is unknown or revoked. */
  authenticate(token: string): Principal | undefined;
}

/** Creates the {@link CredentialStore} over `db`. */
export function createCredentialStore(db: Db): CredentialStore {
  const deleteAdmins = db.prepare("DELETE FROM credentials WHERE kind = 'admin'");
  const insertAdmin = db.prepare(
    "INSERT INTO credentials (token_hash, kind, principal_id, created_at_ms) VALUES (?, 'admin', ?, ?)",
  );
  const byHash = db.prepare("SELECT token_hash, kind, principal_id FROM credentials WHERE token_hash = ? AND revoked_at_ms IS NULL");
  const setAdmin = db.transaction((hash: string, nowMs: number) => {
    deleteAdmins.run();
    insertAdmin.run(hash, ADMIN_PRINCIPAL_ID, nowMs);
  });

  return {
    setAdminToken: (token, nowMs) => setAdmin(sha256Hex(token), nowMs),
    authenticate(token) {
      const hash = sha256Hex(token);
      // The index lookup is on a hash of a high-entropy token, so its timing reveals nothing useful; the
      // final comparison is constant-time anyway, as defence in depth.
      const row = byHash.get(hash) as CredentialRow | undefined;
      if (row === undefined || !digestsEqual(row.token_hash, hash)) return undefined;
      return row.kind === "admin" ? { kind: "admin", id: row.principal_id } : undefined;
    },
  };
}
