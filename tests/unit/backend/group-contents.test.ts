import { openDatabase, type Db } from "../../../backend/db/database";
import { createAuditStore } from "../../../backend/store/audit";
import { createGroupContentsReader } from "../../../backend/store/group-contents";
import { createGroupStore } from "../../../backend/store/groups";

const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };
const t0 = new Date("2026-05-01T12:00:00.000Z");
const ADMIN = { kind: "admin", id: "admin" } as const;
const CONSOLE = { kind: "member", id: "mem_console", groupId: "" } as const;

describe("group contents: what keeps a group from a delete with cascade=own", () => {
  let db: Db;
  let groupId: string;

  beforeEach(() => {
    db = openDatabase();
    groupId = createGroupStore(db).create({ name: "A", address }, t0, ADMIN).id;
  });
  afterEach(() => db.close());

  const credit = (kind: "purchase" | "auto_reload", micros: number) => {
    db.prepare("INSERT INTO credit_ledger (group_id, kind, amount_usd_micros, balance_after_usd_micros, created_at_ms) VALUES (?, ?, ?, ?, 0)").run(groupId, kind, micros, micros);
    db.prepare(`INSERT INTO credit_balances (group_id, credit_balance_usd_micros, lifetime_purchased_usd_micros) VALUES (?, ?, ?)
      ON CONFLICT (group_id) DO UPDATE SET credit_balance_usd_micros = credit_balance_usd_micros + excluded.credit_balance_usd_micros`).run(groupId, micros, micros);
  };
  const policySetBy = (actor: typeof ADMIN | typeof CONSOLE) =>
    createAuditStore(db).record({ groupId, actor, action: "auto_reload.updated", target: { type: "auto_reload", id: groupId } }, t0);
  const blockers = (cascade: "own" | "none") => createGroupContentsReader(db).blockers(groupId, cascade);

  it("lets credit that only the creator's auto-reload policy bought go with the group", () => {
    policySetBy(ADMIN);
    credit("auto_reload", 50_000_000);
    expect(blockers("own").creditBalanceUsdMicros).toBe(0);
    expect(blockers("none").creditBalanceUsdMicros).toBe(50_000_000);
  });

  it("keeps the group for any purchased credit, or reloads under a policy someone else set", () => {
    policySetBy(ADMIN);
    credit("auto_reload", 50_000_000);
    credit("purchase", 5_000_000);
    expect(blockers("own").creditBalanceUsdMicros).toBe(55_000_000);
    db.prepare("DELETE FROM credit_ledger WHERE kind = 'purchase'").run();
    policySetBy(CONSOLE);
    expect(blockers("own").creditBalanceUsdMicros).toBe(55_000_000);
  });
});
