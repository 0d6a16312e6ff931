import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { openDatabase, wipeData } from "../../../backend/db/database";
import { createCredentialStore, OTHER_WRITERS_CHECK_MS } from "../../../backend/store/credentials";
import { createGroupStore } from "../../../backend/store/groups";

const now = new Date("2026-06-15T12:00:00.000Z");
const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };

function withKey(file = ":memory:") {
  const db = openDatabase(file);
  const groupId = createGroupStore(db).create({ name: "g", address }, now, "system").id;
  const store = createCredentialStore(db);
  const principal = { kind: "api_key", id: "key_a", groupId } as const;
  store.issue("pplx-token-a", principal, now.getTime());
  return { db, store, principal };
}

describe("credential store", () => {
  it("authenticates a token again and again, and refuses it from the moment it is revoked", () => {
    const { store, principal } = withKey();
    expect(store.authenticate("pplx-token-a")).toEqual(principal);
    expect(store.authenticate("pplx-token-a")).toEqual(principal);
    store.revokePrincipal("key_a", now.getTime());
    expect(store.authenticate("pplx-token-a")).toBeUndefined();
  });

  it("refuses a token revoked through another store of the same database, or updated or deleted by SQL", () => {
    const { db, store, principal } = withKey();
    const other = createCredentialStore(db);
    expect(store.authenticate("pplx-token-a")).toEqual(principal);
    other.revokePrincipal("key_a", now.getTime());
    expect(store.authenticate("pplx-token-a")).toBeUndefined();

    store.issue("pplx-token-b", { ...principal, id: "key_b" }, now.getTime());
    expect(store.authenticate("pplx-token-b")).toMatchObject({ id: "key_b" });
    db.prepare("UPDATE credentials SET revoked_at_ms = 1 WHERE principal_id = 'key_b'").run();
    expect(store.authenticate("pplx-token-b")).toBeUndefined();

    store.issue("pplx-token-c", { ...principal, id: "key_c" }, now.getTime());
    expect(store.authenticate("pplx-token-c")).toMatchObject({ id: "key_c" });
    db.prepare("DELETE FROM credentials WHERE principal_id = 'key_c'").run();
    expect(store.authenticate("pplx-token-c")).toBeUndefined();
  });

  it("refuses every token but the management key's after the test-mode wipe", () => {
    const { db, store, principal } = withKey();
    store.setAdminToken("pplx-admin-token", now.getTime());
    expect(store.authenticate("pplx-token-a")).toEqual(principal);
    wipeData(db);
    expect(store.authenticate("pplx-token-a")).toBeUndefined();
    expect(store.authenticate("pplx-admin-token")).toEqual({ kind: "admin", id: "admin" });
  });

  it("refuses a token another connection to the same file revoked, at most a tenth of a second later", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pp-credentials-"));
    const { db, store, principal } = withKey(path.join(dir, "backend.db"));
    const other = openDatabase(path.join(dir, "backend.db"));
    try {
      expect(store.authenticate("pplx-token-a")).toEqual(principal);
      other.prepare("UPDATE credentials SET revoked_at_ms = 1").run();
      await new Promise((resolve) => setTimeout(resolve, OTHER_WRITERS_CHECK_MS + 20));
      expect(store.authenticate("pplx-token-a")).toBeUndefined();
    } finally {
      other.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not remember what it read inside a transaction that is then rolled back", () => {
    const { db, store, principal } = withKey();
    const rolledBack = db.transaction(() => {
      store.issue("pplx-token-d", { ...principal, id: "key_d" }, now.getTime());
      expect(store.authenticate("pplx-token-d")).toBeDefined();
      throw new Error("roll back");
    });
    expect(rolledBack).toThrow("roll back");
    expect(store.authenticate("pplx-token-d")).toBeUndefined();
  });
});
