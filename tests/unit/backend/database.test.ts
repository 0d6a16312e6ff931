import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { migrate, openDatabase, wipeData } from "../../../backend/db/database";
import { MIGRATIONS } from "../../../backend/db/migrations";
import { createCredentialStore } from "../../../backend/store/credentials";
import { createGroupStore } from "../../../backend/store/groups";

describe("backend database", () => {
  it("records the schema version and does nothing when migrated again", () => {
    const db = openDatabase();
    expect(db.prepare("SELECT version FROM schema_version").pluck().all()).toEqual([MIGRATIONS.length]);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it("opens files in WAL mode with foreign keys on, synchronous=NORMAL, a 2 MB page cache and a WAL checkpoint every 4,000 pages", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-db-"));
    const db = openDatabase(path.join(dir, "test.sqlite"));
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.pragma("synchronous", { simple: true })).toBe(1);
      expect(db.pragma("cache_size", { simple: true })).toBe(-2000);
      expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(4000);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("recovers every committed transaction from the files a killed process leaves, before any checkpoint", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-db-"));
    const file = path.join(dir, "test.sqlite");
    const db = openDatabase(file);
    try {
      const groups = createGroupStore(db);
      for (let i = 0; i < 50; i++) groups.create({ name: `g${i}`, address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } }, new Date(), "system");
      // The commits are in the WAL only (far below 4,000 pages); copy the files as a SIGKILL would leave them,
      // without the shared-memory index, so opening the copy must rebuild it from the WAL.
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
      const copy = path.join(dir, "copy.sqlite");
      fs.copyFileSync(file, copy);
      fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
      const reopened = openDatabase(copy);
      try {
        expect(reopened.prepare("SELECT COUNT(*) FROM groups").pluck().get()).toBe(50);
      } finally {
        reopened.close();
      }
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a database written by a newer backend", () => {
    const db = openDatabase();
    db.prepare("UPDATE schema_version SET version = ?").run(MIGRATIONS.length + 1);
    expect(() => migrate(db)).toThrow(/newer than this backend/);
    db.close();
  });

  it("wipes all data but keeps the admin credential", () => {
    const db = openDatabase();
    const credentials = createCredentialStore(db);
    credentials.setAdminToken("admin-token", 0);
    createGroupStore(db).create({ name: "A", address: { line1: "x", city: "y", postal_code: "1", country: "US" } }, new Date(0), "system");
    wipeData(db);
    expect(db.prepare("SELECT count(*) FROM groups").pluck().get()).toBe(0);
    expect(credentials.authenticate("admin-token")).toEqual({ kind: "admin", id: "admin" });
    db.close();
  });
});

describe("credential store", () => {
  it("authenticates the admin token and nothing else", () => {
    const db = openDatabase();
    const credentials = createCredentialStore(db);
    credentials.setAdminToken("first", 0);
    expect(credentials.authenticate("first")).toEqual({ kind: "admin", id: "admin" });
    expect(credentials.authenticate("firs")).toBeUndefined();
    expect(credentials.authenticate("")).toBeUndefined();
    db.close();
  });

  it("replaces the admin token of an earlier run", () => {
    const db = openDatabase();
    const credentials = createCredentialStore(db);
    credentials.setAdminToken("old", 0);
    credentials.setAdminToken("new", 1);
    expect(credentials.authenticate("old")).toBeUndefined();
    expect(credentials.authenticate("new")).toBeDefined();
    db.close();
  });
});
