import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startCheckpointer } from "../../../backend/db/checkpointer";
import { openDatabase } from "../../../backend/db/database";
import { createGroupStore } from "../../../backend/store/groups";

const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };

let copies = 0;

/**
 * Rows of `groups` in the database file alone, as if its WAL were lost (a copy without the `-wal` file);
 * -1 for a copy taken while a checkpoint was writing it.
 */
function groupsInMainFile(dir: string, file: string): number {
  const copy = path.join(dir, `main-only-${(copies += 1)}.sqlite`);
  fs.copyFileSync(file, copy);
  try {
    const db = openDatabase(copy);
    try {
      return db.prepare("SELECT COUNT(*) FROM groups").pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return -1;
  }
}

describe("background checkpointer", () => {
  it("copies the writer's commits into the database file from its own connection, long before the writer's auto-checkpoint would", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-ckpt-"));
    const file = path.join(dir, "test.sqlite");
    const db = openDatabase(file);
    const errors: string[] = [];
    const checkpointer = startCheckpointer(file, 20, (message) => errors.push(message));
    try {
      const groups = createGroupStore(db);
      for (let i = 0; i < 20; i++) groups.create({ name: `g${i}`, address }, new Date(), "system");
      // A handful of pages, far below the 4,000 that trigger the writer's own checkpoint: without the
      // background one they would stay in the WAL only.
      const deadline = Date.now() + 4_000;
      while (groupsInMainFile(dir, file) < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(groupsInMainFile(dir, file)).toBe(20);
      // The writer was never blocked: it keeps committing while the checkpointer runs.
      groups.create({ name: "after", address }, new Date(), "system");
      expect(db.prepare("SELECT COUNT(*) FROM groups").pluck().get()).toBe(21);
      expect(errors).toEqual([]);
    } finally {
      await checkpointer.close();
      await checkpointer.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a database it cannot checkpoint instead of crashing the backend", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pplx-ckpt-"));
    const errors: string[] = [];
    const checkpointer = startCheckpointer(path.join(dir, "missing", "test.sqlite"), 20, (message) => errors.push(message));
    try {
      const deadline = Date.now() + 4_000;
      while (errors.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(errors[0]).toMatch(/unable to open database|directory does not exist/i);
    } finally {
      await checkpointer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
