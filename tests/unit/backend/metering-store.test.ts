import Database from "better-sqlite3";
import { createTestClock } from "../../../backend/clock";
import { migrate } from "../../../backend/db/database";
import { MIGRATIONS } from "../../../backend/db/migrations";
import { createApiKeyStore } from "../../../backend/store/api-keys";
import { createAuditStore } from "../../../backend/store/audit";
import { createCredentialStore } from "../../../backend/store/credentials";
import { createGroupStore } from "../../../backend/store/groups";
import { createMetering } from "../../../backend/store/metering";
import { eventCosting } from "../../helpers/metering";

const now = new Date("2026-06-15T12:00:00.000Z");
const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };

/** An in-memory database as a backend of schema `version` left it, for a migration to bring up to date. */
function databaseAt(version: number): Database.Database {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT");
  for (const sql of MIGRATIONS.slice(0, version)) db.exec(sql);
  db.prepare("INSERT INTO schema_version VALUES (?)").run(version);
  return db;
}

describe("metering stores", () => {
  it("turns the balances of a database from before the ledger into opening adjustments, so the ledger sums to the balance", () => {
    const db = databaseAt(4);
    db.prepare(`INSERT INTO groups (id, name, address_line1, address_city, address_postal_code, address_country, created_at_ms, updated_at_ms)
      VALUES ('grp_a', 'A', 'x', 'y', '1', 'US', 0, 0)`).run();
    db.prepare("INSERT INTO credit_balances (group_id, credit_balance_usd_micros, lifetime_purchased_usd_micros) VALUES ('grp_a', 7000000, 7000000)").run();
    expect(migrate(db)).toBe(MIGRATIONS.length);
    const { ledger } = createMetering(db, createAuditStore(db));
    ledger.post("grp_a", "usage_debit", -1_000, "e1", new Date(0));
    const sum = db.prepare("SELECT SUM(amount_usd_micros) FROM credit_ledger WHERE group_id = 'grp_a'").pluck().get();
    expect([sum, ledger.balance("grp_a")]).toEqual([6_999_000, 6_999_000]);
    expect(ledger.list("grp_a", { limit: 10 }).data.map((e) => [e.kind, e.reference])).toEqual([["usage_debit", "e1"], ["adjustment", "opening_balance"]]);
    db.close();
  });
});

describe("usage events table (migration 7)", () => {
  it("keeps every event of a version 6 database, so a replay is still a duplicate, another body still a conflict, and a group delete still removes them", () => {
    const db = databaseAt(6);
    const audit = createAuditStore(db);
    const group = createGroupStore(db).create({ name: "g", address }, now, "system");
    const key = createApiKeyStore(db, createCredentialStore(db), audit).create(group.id, "k", { kind: "admin", id: "admin" }, now);
    // What a version 6 backend stored (WITHOUT ROWID, keyed by id) are the rows today's store writes: migration 7
    // changed the table, not its columns or values. So they are recorded on a migrated copy and copied over.
    const copy = new Database(db.serialize());
    copy.pragma("foreign_keys = ON");
    migrate(copy);
    const before = createMetering(copy, createAuditStore(copy)).usage.ingest([eventCosting(key.id, 10_000, "b"), eventCosting(key.id, 20_000, "a")], now);
    const columns = "id, group_id, api_key_id, model, occurred_at_ms, received_at_ms, fingerprint, cost_usd_micros";
    const rows = (from = db) => from.prepare(`SELECT ${columns} FROM usage_events ORDER BY id`).all();
    const insert = db.prepare(`INSERT INTO usage_events (${columns}) VALUES (@id, @group_id, @api_key_id, @model, @occurred_at_ms, @received_at_ms, @fingerprint, @cost_usd_micros)`);
    for (const row of rows(copy)) insert.run(row);
    const kept = rows();
    expect(kept).toHaveLength(2);

    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT COUNT(*) FROM pragma_table_info('usage_events') WHERE name = 'seq'").pluck().get()).toBe(1);
    expect(rows()).toEqual(kept);
    const usage = createMetering(db, audit).usage;
    expect(usage.ingest([eventCosting(key.id, 20_000, "a")], now)).toEqual([{ ...before[1], duplicate: true }]);
    expect(() => usage.ingest([eventCosting(key.id, 30_000, "b")], now)).toThrow(expect.objectContaining({ code: "usage_event_conflict" }) as Error);
    db.prepare("DELETE FROM groups WHERE id = ?").run(group.id);
    expect(rows()).toEqual([]);
    db.close();
  });
});

describe("test clock", () => {
  it("moves only forward from its base clock, and reset drops the advances", () => {
    const clock = createTestClock(() => new Date(1_000));
    expect(clock.advance(500).getTime()).toBe(1_500);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.reset();
    expect(clock.now().getTime()).toBe(1_000);
  });
});
