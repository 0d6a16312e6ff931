import * as crypto from "node:crypto";
import {
  API_KEY_TOKEN_LENGTH, DEFAULT_API_KEY_NAME, tokenHint, type ApiKey, type Owner, type OwnerClaim, type ApiKeyList, type CreatedApiKey, type ListApiKeysQuery,
} from "../../api";
import { randomId, sha256Hex } from "../crypto";
import type { Db } from "../db/database";
import { BackendError, MESSAGES } from "../errors";
import type { AuditStore } from "./audit";
import { createClaimStore, ownerDetails, type ClaimTarget } from "./claims";
import type { CredentialStore, Principal } from "./credentials";
import { decodeCursor, encodeCursor } from "./cursor";

/** Who changes a key: the caller's principal. */
type Actor = Principal;

/**
 * A group's API keys: business rules and SQL, synchronous (better-sqlite3). Every write runs in one
 * transaction with its credential change and its audit event. Tokens are kept only as SHA-256 hashes.
 * @throws BackendError 404 `group_not_found` / `api_key_not_found` from the methods that say so.
 */
export interface ApiKeyStore {
  /**
   * Creates a key (default name {@link DEFAULT_API_KEY_NAME}), its credential and its `owner` claim (optional);
   * the only result with the token.
   */
  create(groupId: string, name: string | undefined, actor: Actor, now: Date, owner?: OwnerClaim): CreatedApiKey;
  /** The key, revoked ones included; throws `group_not_found` / `api_key_not_found`. */
  get(groupId: string, keyId: string): ApiKey;
  /** One page of the group's keys in creation order (then id), filtered by status. */
  list(groupId: string, query: Pick<ListApiKeysQuery, "limit" | "after" | "status">): ApiKeyList;
  /** Renames the key (revoked keys too: the name is only a label). */
  rename(groupId: string, keyId: string, name: string, actor: Actor, now: Date): ApiKey;
  /**
   * Revokes the key and its credential and releases its claim; revoking a revoked key changes nothing and
   * returns it. With an `ownerLease` (optional) another resource's key throws `owner_mismatch`.
   */
  revoke(groupId: string, keyId: string, actor: Actor, now: Date, ownerLease?: string): ApiKey;
  /** Like {@link revoke}, naming the key by its token; a token of another group is `api_key_not_found`. */
  revokeByToken(groupId: string, token: string, actor: Actor, now: Date): ApiKey;
  /** Active (unrevoked) keys of the group. */
  countActive(groupId: string): number;
}

interface ApiKeyRow {
  id: string;
  group_id: string;
  name: string;
  token_hash: string;
  token_last4: string;
  created_at_ms: number;
  revoked_at_ms: number | null;
}

/** Creates the {@link ApiKeyStore} over `db`; credentials and audit events are written through their stores. */
export function createApiKeyStore(db: Db, credentials: CredentialStore, audit: AuditStore): ApiKeyStore {
  const groupExists = db.prepare("SELECT 1 FROM groups WHERE id = ?").pluck();
  const insert = db.prepare(`INSERT INTO api_keys (id, group_id, name, token_hash, token_last4, created_at_ms, revoked_at_ms)
    VALUES (@id, @group_id, @name, @token_hash, @token_last4, @created_at_ms, @revoked_at_ms)`);
  const byId = db.prepare("SELECT * FROM api_keys WHERE group_id = ? AND id = ?");
  const byHash = db.prepare("SELECT * FROM api_keys WHERE group_id = ? AND token_hash = ?");
  const setName = db.prepare("UPDATE api_keys SET name = ? WHERE id = ?");
  const setRevoked = db.prepare("UPDATE api_keys SET revoked_at_ms = ? WHERE id = ?");
  const active = db.prepare("SELECT COUNT(*) FROM api_keys WHERE group_id = ? AND revoked_at_ms IS NULL").pluck();
  // The first page starts before every key (`ms` -1), so one statement serves every page and status.
  const page = db.prepare(`SELECT * FROM api_keys WHERE group_id = @group
    AND (@status = 'all' OR (@status = 'active') = (revoked_at_ms IS NULL))
    AND (created_at_ms > @ms OR (created_at_ms = @ms AND id > @id)) ORDER BY created_at_ms, id LIMIT @limit`);

  const requireGroup = (groupId: string) => {
    if (groupExists.get(groupId) === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
  };
  const find = (groupId: string, keyId: string): ApiKeyRow => {
    requireGroup(groupId);
    const row = byId.get(groupId, keyId) as ApiKeyRow | undefined;
    if (row === undefined) throw new BackendError("api_key_not_found", MESSAGES.apiKeyNotFound(keyId, groupId));
    return row;
  };
  const target = (row: ApiKeyRow) => ({ type: "api_key", id: row.id });
  const claims = createClaimStore(db, audit);
  const claimTarget = (row: ApiKeyRow): ClaimTarget => ({ groupId: row.group_id, type: "api_key", id: row.id, label: `API key ${row.name} (${row.id})` });
  const toApiKey = (row: ApiKeyRow) => apiKeyOf(row, claims.ownerOf(row.id));

  const create = db.transaction((groupId: string, name: string | undefined, actor: Actor, now: Date, owner?: OwnerClaim): CreatedApiKey => {
    requireGroup(groupId);
    const token = newToken();
    const row: ApiKeyRow = { id: randomId("key_"), group_id: groupId, name: name ?? DEFAULT_API_KEY_NAME, token_hash: sha256Hex(token),
      token_last4: token.slice(-4), created_at_ms: now.getTime(), revoked_at_ms: null };
    insert.run(row);
    credentials.issue(token, { kind: "api_key", id: row.id, groupId }, now.getTime());
    audit.record({ groupId, actor, action: "api_key.created", target: target(row), details: { name: row.name, ...ownerDetails(owner) } }, now);
    if (owner) claims.claimNew(claimTarget(row), owner, now);
    return { ...toApiKey(row), token };
  });

  const rename = db.transaction((groupId: string, keyId: string, name: string, actor: Actor, now: Date): ApiKey => {
    const row = find(groupId, keyId);
    if (row.name === name) return toApiKey(row);
    setName.run(name, row.id);
    audit.record({ groupId, actor, action: "api_key.renamed", target: target(row), details: { name, previous_name: row.name } }, now);
    return toApiKey({ ...row, name });
  });

  const revokeRow = (row: ApiKeyRow, actor: Actor, now: Date): ApiKey => {
    if (row.revoked_at_ms !== null) return toApiKey(row);
    setRevoked.run(now.getTime(), row.id);
    credentials.revokePrincipal(row.id, now.getTime());
    claims.release(row.id);
    audit.record({ groupId: row.group_id, actor, action: "api_key.revoked", target: target(row), details: {} }, now);
    return toApiKey({ ...row, revoked_at_ms: now.getTime() });
  };
  const revoke = db.transaction((groupId: string, keyId: string, actor: Actor, now: Date, ownerLease?: string) => {
    const row = find(groupId, keyId);
    claims.assertHeld(claimTarget(row), ownerLease);
    return revokeRow(row, actor, now);
  });
  const revokeByToken = db.transaction((groupId: string, token: string, actor: Actor, now: Date): ApiKey => {
    const row = byHash.get(groupId, sha256Hex(token)) as ApiKeyRow | undefined;
    // The token is never echoed: the message says only that this group has no such key.
    if (row === undefined) throw new BackendError("api_key_not_found", MESSAGES.apiKeyTokenNotFound);
    return revokeRow(row, actor, now);
  });

  return {
    create: (groupId, name, actor, now, owner) => create(groupId, name, actor, now, owner),
    get: (groupId, keyId) => toApiKey(find(groupId, keyId)),
    list(groupId, { limit, after, status }) {
      requireGroup(groupId);
      const cursor = after === undefined ? { ms: -1, id: "" } : decodeCursor(after, "after");
      const rows = page.all({ group: groupId, status, ms: cursor.ms, id: cursor.id, limit: limit + 1 }) as ApiKeyRow[];
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { object: "list", data: rows.slice(0, limit).map(toApiKey), has_more: last !== undefined,
        next_cursor: last ? encodeCursor({ ms: last.created_at_ms, id: last.id }) : null };
    },
    rename: (groupId, keyId, name, actor, now) => rename(groupId, keyId, name, actor, now),
    revoke: (groupId, keyId, actor, now, ownerLease) => revoke(groupId, keyId, actor, now, ownerLease),
    revokeByToken: (groupId, token, actor, now) => revokeByToken(groupId, token, actor, now),
    countActive: (groupId) => active.get(groupId) as number,
  };
}

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A new token, `pplx-` and 48 characters from `[A-Za-z0-9]` (≈ 286 bits), drawn without modulo bias. */
function newToken(): string {
  let suffix = "";
  for (let i = 0; i < API_KEY_TOKEN_LENGTH; i++) suffix += TOKEN_ALPHABET[crypto.randomInt(TOKEN_ALPHABET.length)];
  return `pplx-${suffix}`;
}

function apiKeyOf(row: ApiKeyRow, owner: Owner | null): ApiKey {
  return {
    object: "api_key",
    id: row.id,
    group_id: row.group_id,
    name: row.name,
    token_hint: tokenHint(`…${row.token_last4}`),
    status: row.revoked_at_ms === null ? "active" : "revoked",
    created_at: new Date(row.created_at_ms).toISOString(),
    revoked_at: row.revoked_at_ms === null ? null : new Date(row.revoked_at_ms).toISOString(),
    owner,
  };
}
