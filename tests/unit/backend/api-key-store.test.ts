import { openDatabase, type Db } from "../../../backend/db/database";
import { sha256Hex } from "../../../backend/crypto";
import { createApiKeyStore, type ApiKeyStore } from "../../../backend/store/api-keys";
import { createAuditStore } from "../../../backend/store/audit";
import { createCredentialStore, type CredentialStore } from "../../../backend/store/credentials";
import { createGroupStore } from "../../../backend/store/groups";

const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };
const t0 = new Date("2026-05-01T12:00:00.000Z");
const t1 = new Date("2026-05-02T12:00:00.000Z");
const ADMIN = { kind: "admin", id: "admin" } as const;

describe("API key store", () => {
  let db: Db;
  let credentials: CredentialStore;
  let keys: ApiKeyStore;
  let groupId: string;

  beforeEach(() => {
    db = openDatabase();
    credentials = createCredentialStore(db);
    keys = createApiKeyStore(db, credentials, createAuditStore(db));
    groupId = createGroupStore(db).create({ name: "Acme", address }, t0, ADMIN).id;
  });
  afterEach(() => db.close());

  const events = (action: string) => createAuditStore(db).list(groupId, { limit: 100, action }).data;

  it("stores only the token's SHA-256 hash and last 4 characters, never the token", () => {
    const created = keys.create(groupId, "CI", ADMIN, t0);
    const rows = [...db.prepare("SELECT * FROM api_keys").all(), ...db.prepare("SELECT * FROM credentials").all()];
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(created.token);
    expect(stored).not.toContain(created.token.slice(5));
    expect(db.prepare("SELECT token_hash, token_last4 FROM api_keys").get()).toEqual({ token_hash: sha256Hex(created.token), token_last4: created.token.slice(-4) });
  });

  it("makes a pplx- token of 48 letters and digits, a pplx-… hint and the default name \"API key\"", () => {
    const created = keys.create(groupId, undefined, ADMIN, t0);
    expect(created.token).toMatch(/^pplx-[A-Za-z0-9]{48}$/);
    expect(created).toMatchObject({ name: "API key", token_hint: `pplx-…${created.token.slice(-4)}`, status: "active", created_at: t0.toISOString() });
    expect(keys.get(groupId, created.id)).not.toHaveProperty("token");
  });

  it("registers the token as an API-key credential of the group", () => {
    const created = keys.create(groupId, "CI", ADMIN, t0);
    expect(credentials.authenticate(created.token)).toEqual({ kind: "api_key", id: created.id, groupId });
  });

  it("revokes idempotently: the first revoke stamps revoked_at, revokes the credential and is audited once", () => {
    const created = keys.create(groupId, "CI", ADMIN, t0);
    const first = keys.revoke(groupId, created.id, ADMIN, t1);
    const second = keys.revoke(groupId, created.id, ADMIN, new Date(t1.getTime() + 1000));
    expect(first).toMatchObject({ status: "revoked", revoked_at: t1.toISOString() });
    expect(second).toEqual(first);
    expect(credentials.authenticate(created.token)).toBeUndefined();
    expect(events("api_key.revoked")).toHaveLength(1);
    expect(keys.countActive(groupId)).toBe(0);
  });

  it("revokes by token only within the group, and never echoes the token in the error", () => {
    const created = keys.create(groupId, "CI", ADMIN, t0);
    const other = createGroupStore(db).create({ name: "Other", address }, t0, ADMIN).id;
    const error = (() => {
      try {
        keys.revokeByToken(other, created.token, ADMIN, t1);
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected api_key_not_found");
    })();
    expect(error).toMatchObject({ code: "api_key_not_found", statusCode: 404 });
    expect(error.message).not.toContain(created.token);
    expect(keys.revokeByToken(groupId, created.token, ADMIN, t1).status).toBe("revoked");
    expect(keys.revokeByToken(groupId, created.token, ADMIN, t1).revoked_at).toBe(t1.toISOString());
  });

  it("renames and audits only a real change, with the previous name", () => {
    const created = keys.create(groupId, "Old", ADMIN, t0);
    expect(keys.rename(groupId, created.id, "New", ADMIN, t1).name).toBe("New");
    keys.rename(groupId, created.id, "New", ADMIN, t1);
    expect(events("api_key.renamed").map((e) => e.details)).toEqual([{ name: "New", previous_name: "Old" }]);
  });

  it("records api_key.created without the token in the details", () => {
    const created = keys.create(groupId, "CI", ADMIN, t0);
    const [event] = events("api_key.created");
    expect(event).toMatchObject({ actor: { type: "management_key", id: "admin" }, target: { type: "api_key", id: created.id }, details: { name: "CI" } });
    expect(JSON.stringify(event)).not.toContain(created.token);
  });

  it("counts only active keys and filters the list by status", () => {
    const a = keys.create(groupId, "a", ADMIN, t0);
    keys.create(groupId, "b", ADMIN, t0);
    keys.revoke(groupId, a.id, ADMIN, t1);
    expect(keys.countActive(groupId)).toBe(1);
    expect(keys.list(groupId, { limit: 10, status: "active" }).data.map((k) => k.name)).toEqual(["b"]);
    expect(keys.list(groupId, { limit: 10, status: "revoked" }).data.map((k) => k.name)).toEqual(["a"]);
    expect(keys.list(groupId, { limit: 10, status: "all" }).data).toHaveLength(2);
  });

  it("throws group_not_found for an unknown group and api_key_not_found for a key of another group", () => {
    const created = keys.create(groupId, "CI", ADMIN, t0);
    const other = createGroupStore(db).create({ name: "Other", address }, t0, ADMIN).id;
    expect(() => keys.create("grp_missing", undefined, ADMIN, t0)).toThrow(expect.objectContaining({ code: "group_not_found" }));
    expect(() => keys.get(other, created.id)).toThrow(expect.objectContaining({ code: "api_key_not_found", statusCode: 404 }));
  });
});
