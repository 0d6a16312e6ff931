import { openDatabase, type Db } from "../../../backend/db/database";
import { BackendError } from "../../../backend/errors";
import { createGroupStore, groupNotEmptyMessage, type GroupStore } from "../../../backend/store/groups";
import { encodeCursor } from "../../../backend/store/cursor";

const address = { line1: "1 Main St", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" };
const t0 = new Date("2026-05-01T12:00:00.000Z");
const ADMIN = { kind: "admin", id: "admin" } as const;

describe("group store", () => {
  let db: Db;
  let groups: GroupStore;

  beforeEach(() => {
    db = openDatabase();
    groups = createGroupStore(db);
  });
  afterEach(() => db.close());

  it("creates groups with unique grp_ ids at tier_0", () => {
    const a = groups.create({ name: "A", address }, t0, ADMIN);
    const b = groups.create({ name: "B", address }, t0, ADMIN);
    expect(a.id).toMatch(/^grp_[a-z0-9]{24}$/);
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({ tier: "tier_0", tax_id: null, created_at: t0.toISOString(), updated_at: t0.toISOString(), address });
  });

  it("pages by creation time and then id, and starts the next page after the cursor", () => {
    const late = groups.create({ name: "late", address }, new Date(t0.getTime() + 1), ADMIN);
    const early = [groups.create({ name: "e1", address }, t0, ADMIN), groups.create({ name: "e2", address }, t0, ADMIN)].sort((x, y) => (x.id < y.id ? -1 : 1));
    const first = groups.list({ limit: 2 });
    expect(first.data.map((g) => g.name)).toEqual(early.map((g) => g.name));
    expect(first.next_cursor).toBe(encodeCursor({ ms: t0.getTime(), id: early[1]!.id }));
    const second = groups.list({ limit: 2, after: first.next_cursor! });
    expect(second).toEqual({ object: "list", data: [late], has_more: false, next_cursor: null });
  });

  it("rejects a foreign cursor as invalid_request about `after`", () => {
    expect(() => groups.list({ limit: 2, after: "bm90LWEtY3Vyc29y" })).toThrow(expect.objectContaining({ code: "invalid_request", param: "after" }));
  });

  it("updates only the fields given, and clears the tax id on null", () => {
    const g = groups.create({ name: "A", address, tax_id: { type: "us_ein", value: "12-3456789" } }, t0, ADMIN);
    const later = new Date(t0.getTime() + 60_000);
    expect(groups.update(g.id, { name: "B" }, later, ADMIN)).toEqual({ ...g, name: "B", updated_at: later.toISOString() });
    expect(groups.update(g.id, { tax_id: null }, later, ADMIN)?.tax_id).toBeNull();
    expect(groups.update("grp_missing", { name: "B" }, later, ADMIN)).toBeUndefined();
  });

  it("reports an empty group's contents as zero and deletes it without force", () => {
    const g = groups.create({ name: "A", address }, t0, ADMIN);
    expect(groups.contents(g.id)).toEqual({ members: 0, apiKeys: 0, creditBalanceUsdMicros: 0 });
    groups.remove(g.id, false, t0, ADMIN);
    expect(groups.get(g.id)).toBeUndefined();
  });

  it("throws group_not_found when deleting a group that does not exist", () => {
    expect(() => groups.remove("grp_missing", true, t0, ADMIN)).toThrow(BackendError);
    expect(() => groups.remove("grp_missing", true, t0, ADMIN)).toThrow(expect.objectContaining({ code: "group_not_found", statusCode: 404 }));
  });
});

describe("group_not_empty message", () => {
  it("says what is left and how to delete it anyway", () => {
    expect(groupNotEmptyMessage("grp_x", { members: 2, apiKeys: 1, creditBalanceUsdMicros: 5_129_000 })).toBe(
      "Group grp_x still has 2 members, 1 API key and $5.12 of credit; set forceDestroy: true (or ?force=true) to delete it anyway.",
    );
  });

  it("leaves out what is already gone", () => {
    expect(groupNotEmptyMessage("grp_x", { members: 0, apiKeys: 3, creditBalanceUsdMicros: 0 })).toMatch(/still has 3 API keys;/);
  });
});
