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

/** Creates the {@link CredentialStore} over `db`. */
export function createCredentialStore(db: Db): CredentialStore {
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
      // The index lookup is on a hash of a high-entropy token, so its timing reveals nothing useful; the
      // final comparison is constant-time anyway, as defence in depth.
      const row = byHash.get(hash) as CredentialRow | undefined;
      if (row === undefined || !digestsEqual(row.token_hash, hash)) return undefined;
      if (row.kind === "admin") return { kind: "admin", id: row.principal_id };
      if ((row.kind === "member" || row.kind === "api_key") && row.group_id !== null) {
        return { kind: row.kind, id: row.principal_id, groupId: row.group_id };
      }
      return undefined;
    },
    issue: (token, principal, nowMs) => void insert.run(sha256Hex(token), principal.kind, principal.id, principal.groupId, nowMs),
    revokePrincipal: (principalId, nowMs) => void revoke.run(nowMs, principalId),
  };
}
