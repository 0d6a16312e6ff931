import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Database from "better-sqlite3";
import { openDatabase } from "../../../backend/db/database";
import { createGroupCommit } from "../../../backend/store/group-commit";

describe("group commit", () => {
  it("runs concurrent calls in one transaction, in order, and rolls back only the call that failed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-group-commit-"));
    const db = openDatabase(path.join(dir, "t.sqlite"));
    db.exec("CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0))");
    // A second connection sees only committed rows: during the turn it must see none.
    const reader = new Database(path.join(dir, "t.sqlite"), { readonly: true });
    const committedRows = reader.prepare("SELECT COUNT(*) FROM t").pluck();
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    const seen: unknown[] = [];
    const write = db.transaction((values: number[]) => {
      seen.push(committedRows.get());
      for (const v of values) insert.run(v);
      return values.length;
    });
    const queued = createGroupCommit(db, write);
    const results = await Promise.allSettled([queued([1, 2]), queued([3, -1]), queued([4])]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(db.prepare("SELECT v FROM t ORDER BY rowid").pluck().all()).toEqual([1, 2, 4]);
    expect(seen).toEqual([0, 0, 0]);
    expect(committedRows.get()).toBe(3);
    reader.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts a new transaction for calls queued after a turn was written", async () => {
    const db = openDatabase();
    const queued = createGroupCommit(db, (n: number) => n * 2);
    expect(await queued(1)).toBe(2);
    expect(await Promise.all([queued(2), queued(3)])).toEqual([4, 6]);
    db.close();
  });
});
