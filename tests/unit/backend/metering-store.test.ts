import Database from "better-sqlite3";
import { createTestClock } from "../../../backend/clock";
import { migrate } from "../../../backend/db/database";
import { MIGRATIONS } from "../../../backend/db/migrations";
import { createAuditStore } from "../../../backend/store/audit";
import { createMetering } from "../../../backend/store/metering";

describe("metering stores", () => {
  it("turns the balances of a database from before the ledger into opening adjustments, so the ledger sums to the balance", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT; INSERT INTO schema_version VALUES (0)");
    for (const sql of MIGRATIONS.slice(0, 4)) db.exec(sql);
    db.prepare("UPDATE schema_version SET version = 4").run();
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

describe("test clock", () => {
  it("moves only forward from its base clock, and reset drops the advances", () => {
    const clock = createTestClock(() => new Date(1_000));
    expect(clock.advance(500).getTime()).toBe(1_500);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.reset();
    expect(clock.now().getTime()).toBe(1_000);
  });
});
