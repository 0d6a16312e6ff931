import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations";

/** An open backend database (better-sqlite3, synchronous). */
export type Db = Database.Database;
/** A prepared statement of a {@link Db}. */
export type Statement = Database.Statement;

/**
 * Opens (creating if needed) the backend database at `path` and brings its schema up to date.
 * `:memory:` (the default) gives a private in-memory database. WAL and `synchronous=NORMAL` keep writes
 * fast and durable across process crashes; foreign keys are on so deletes cascade as the schema says. The page
 * cache is SQLite's default 2 MB (better-sqlite3 builds with 16 MB): after a transaction that split a b-tree
 * page, SQLite's commit walks the cache's whole hash table (the split re-keys a page to a number past the end),
 * so a larger cache made every such commit slower; the hot pages (interior nodes, the ledger's and daily
 * totals' last pages) fit in 2 MB and the rest is one read from the OS's cache away. The WAL is checkpointed
 * every 4,000 pages (about 16 MB) instead of SQLite's 1,000: the pages every commit rewrites (the ledger's and
 * daily totals' last pages, interior nodes) are copied back to the database once per checkpoint, and the
 * checkpoint's fsync is paid a quarter as often. Under `synchronous=NORMAL` a committed transaction survives a
 * crash of the process but not of the OS or the power before the next checkpoint. The backend (`buildApp`)
 * also checkpoints a file database from a worker thread every 200 ms (`startCheckpointer`), which keeps the copy
 * off the event loop and that window short; this connection's own checkpoint is the backstop.
 * `options` (optional; none by default) go to better-sqlite3, e.g. `verbose` to count statements in a bench.
 */
export function openDatabase(path = ":memory:", options: Database.Options = {}): Db {
  const db = new Database(path, options);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.pragma("cache_size = -2000");
    db.pragma("wal_autocheckpoint = 4000");
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Applies every migration newer than the database's `schema_version`, each in its own transaction. */
export function migrate(db: Db): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT");
  const row = db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined;
  const current = row?.version ?? 0;
  if (current > MIGRATIONS.length) {
    throw new Error(`Database schema version ${current} is newer than this backend (${MIGRATIONS.length}); upgrade the backend.`);
  }
  MIGRATIONS.slice(current).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.prepare("DELETE FROM schema_version").run();
      db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(current + i + 1);
    })();
  });
  return MIGRATIONS.length;
}

/**
 * Deletes every row of every table except the schema version and the admin credential, for the
 * test-mode reset. Tables are discovered, so tables added by later migrations are wiped too; foreign
 * keys are checked at commit, so the deletion order does not matter.
 */
export function wipeData(db: Db): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_version', 'credentials')")
    .pluck()
    .all() as string[];
  db.transaction(() => {
    db.pragma("defer_foreign_keys = ON");
    db.prepare("DELETE FROM credentials WHERE kind <> 'admin'").run();
    for (const table of tables) db.prepare(`DELETE FROM "${table}"`).run();
  })();
}
