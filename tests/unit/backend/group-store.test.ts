import { openDatabase, type Db } from "../../../backend/db/database";
import { BackendError } from "../../../backend/errors";
import { groupNotEmptyMessage } from "../../../backend/store/group-contents";
import { createGroupStore, type GroupStore } from "../../../backend/store/groups";
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
    groups.remove(g.id, { force: false, cascade: "none" }, t0, ADMIN);
    expect(groups.get(g.id)).toBeUndefined();
  });

  it("throws group_not_found when deleting a group that does not exist", () => {
    expect(() => groups.remove("grp_missing", { force: true, cascade: "none" }, t0, ADMIN)).toThrow(BackendError);
    expect(() => groups.remove("grp_missing", { force: true, cascade: "none" }, t0, ADMIN)).toThrow(expect.objectContaining({ code: "group_not_found", statusCode: 404 }));
  });
});

describe("group_not_empty message", () => {
  const none = { creditBalanceUsdMicros: 0, apiKeys: [], members: [], othersOnly: false };

  it("lists what is left (amounts, ids, emails, never a secret) and states the API's fix once, last", () => {
    const message = groupNotEmptyMessage("grp_x", { creditBalanceUsdMicros: 5_129_000, apiKeys: [{ id: "key_1", name: "CI" }],
      members: [{ id: "mem_1", email: "a@x.dev" }, { id: "mem_2", email: "b@x.dev" }], othersOnly: false });
    expect(message).toBe('Group grp_x still has $5.12 of credit, 1 active API key (key_1 "CI") and 2 members (a@x.dev mem_1, b@x.dev mem_2). ' +
      "Delete it with force=true to remove them too.");
    expect(message.match(/force/g)).toHaveLength(1);
  });

  it("names at most five of a kind and counts the rest, and leaves out what is already gone", () => {
    const apiKeys = Array.from({ length: 7 }, (_, i) => ({ id: `key_${i}`, name: `k${i}` }));
    const message = groupNotEmptyMessage("grp_x", { ...none, apiKeys });
    expect(message).toMatch(/^Group grp_x still has 7 active API keys \(key_0 "k0", .*key_4 "k4", and 2 more\)\. /);
    expect(message).not.toMatch(/credit|member/);
  });
});
