import { INVITATION_LIFETIME_MS } from "../../../api";
import { openDatabase, type Db } from "../../../backend/db/database";
import { createAuditStore } from "../../../backend/store/audit";
import { createCredentialStore } from "../../../backend/store/credentials";
import { createGroupStore, type GroupStore } from "../../../backend/store/groups";
import { createMemberStore, type MemberStore } from "../../../backend/store/members";

const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };
const t0 = new Date("2026-05-01T12:00:00.000Z");
const ADMIN = { kind: "admin", id: "admin" } as const;
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("member store", () => {
  let db: Db;
  let groups: GroupStore;
  let members: MemberStore;
  let groupId: string;

  beforeEach(() => {
    db = openDatabase();
    groups = createGroupStore(db);
    members = createMemberStore(db);
    groupId = groups.create({ name: "Acme", address }, t0, ADMIN).id;
  });
  afterEach(() => db.close());

  const events = (action?: string) => createAuditStore(db).list(groupId, { limit: 100, action }).data;
  const invite = (email: string, role: "admin" | "member" = "member", now = t0) => members.invite(groupId, { email, role }, ADMIN, now).member;
  const activeAdmin = (email: string) => members.accept(invite(email, "admin").id, t0);

  it("invites with a mem_ id, status invited and an expiry seven days out", () => {
    const { member, created } = members.invite(groupId, { email: "ann@example.com", role: "admin" }, ADMIN, t0);
    expect(created).toBe(true);
    expect(member.id).toMatch(/^mem_[a-z0-9]{24}$/);
    expect(member).toMatchObject({ object: "member", group_id: groupId, email: "ann@example.com", role: "admin", status: "invited",
      invited_at: t0.toISOString(), joined_at: null, expires_at: at(INVITATION_LIFETIME_MS).toISOString() });
    expect(INVITATION_LIFETIME_MS).toBe(7 * 24 * 3600 * 1000);
  });

  it("stores the email trimmed and lower-cased", () => {
    expect(invite("  Ann@Example.COM ").email).toBe("ann@example.com");
  });

  it("adopts an existing member by email case-insensitively, unchanged and without a second audit event", () => {
    const first = invite("ann@example.com", "member");
    const again = members.invite(groupId, { email: "ANN@example.com", role: "admin" }, ADMIN, at(1000));
    expect(again).toEqual({ member: first, created: false });
    expect(events("member.invited")).toHaveLength(1);
  });

  it("adopts active and expired members too, in any status", () => {
    const active = activeAdmin("boss@example.com");
    const lapsed = invite("late@example.com");
    members.expire(lapsed.id, t0);
    expect(members.invite(groupId, { email: "Boss@example.com", role: "member" }, ADMIN, t0)).toMatchObject({ created: false, member: active });
    expect(members.invite(groupId, { email: "late@example.com", role: "member" }, ADMIN, t0)).toMatchObject({ created: false, member: { status: "expired" } });
  });

  it("keeps the same email apart in different groups", () => {
    const other = groups.create({ name: "Other", address }, t0, ADMIN).id;
    const a = invite("ann@example.com");
    const b = members.invite(other, { email: "ann@example.com", role: "member" }, ADMIN, t0);
    expect(b.created).toBe(true);
    expect(b.member.id).not.toBe(a.id);
  });

  it("throws group_not_found for an unknown group and member_not_found for an unknown member", () => {
    expect(() => members.invite("grp_missing", { email: "a@example.com", role: "member" }, ADMIN, t0)).toThrow(expect.objectContaining({ code: "group_not_found" }));
    expect(() => members.list("grp_missing", { limit: 10 }, t0)).toThrow(expect.objectContaining({ code: "group_not_found" }));
    expect(() => members.retrieve("grp_missing", "mem_x", t0)).toThrow(expect.objectContaining({ code: "group_not_found" }));
    expect(() => members.retrieve(groupId, "mem_x", t0)).toThrow(expect.objectContaining({ code: "member_not_found", statusCode: 404 }));
  });

  it("derives expired once expires_at is reached, and not a millisecond earlier", () => {
    const m = invite("ann@example.com");
    expect(members.retrieve(groupId, m.id, at(INVITATION_LIFETIME_MS - 1)).status).toBe("invited");
    expect(members.retrieve(groupId, m.id, at(INVITATION_LIFETIME_MS)).status).toBe("expired");
  });

  it("accepts an invitation: active, joined now, no expiry, recorded as member.joined by the system", () => {
    const m = invite("ann@example.com", "admin");
    const joined = members.accept(m.id, at(5000));
    expect(joined).toMatchObject({ status: "active", joined_at: at(5000).toISOString(), expires_at: null });
    expect(members.retrieve(groupId, m.id, at(INVITATION_LIFETIME_MS * 2)).status).toBe("active");
    expect(events("member.joined")).toEqual([expect.objectContaining({ actor: { type: "system", id: "system" }, target: { type: "member", id: m.id } })]);
  });

  it("refuses to accept an expired invitation until it is re-sent", () => {
    const m = invite("ann@example.com");
    members.expire(m.id, at(10));
    expect(() => members.accept(m.id, at(10))).toThrow(expect.objectContaining({ code: "invalid_request" }));
    members.resend(groupId, m.id, ADMIN, at(20));
    expect(members.accept(m.id, at(30)).status).toBe("active");
  });

  it("refuses to remove or demote the only active admin, naming them and saying to promote another member first", () => {
    const boss = activeAdmin("boss@example.com");
    for (const change of [() => members.remove(groupId, boss.id, ADMIN, t0), () => members.updateRole(groupId, boss.id, "member", ADMIN, t0)]) {
      expect(change).toThrow(expect.objectContaining({ code: "last_admin", statusCode: 409 }));
      expect(change).toThrow(/boss@example\.com .*promote another member to admin first/);
    }
    expect(members.retrieve(groupId, boss.id, t0)).toEqual(boss);
  });

  it("does not count invited or expired admins, and lets them be removed", () => {
    const boss = activeAdmin("boss@example.com");
    const pending = invite("pending@example.com", "admin");
    const lapsed = invite("lapsed@example.com", "admin");
    members.expire(lapsed.id, t0);
    expect(() => members.remove(groupId, boss.id, ADMIN, t0)).toThrow(expect.objectContaining({ code: "last_admin" }));
    members.remove(groupId, pending.id, ADMIN, t0);
    members.remove(groupId, lapsed.id, ADMIN, t0);
    expect(members.list(groupId, { limit: 10 }, t0).data.map((m) => m.id)).toEqual([boss.id]);
  });

  it("lets an admin go once another admin is active", () => {
    const boss = activeAdmin("boss@example.com");
    const deputy = members.accept(invite("deputy@example.com").id, t0);
    members.updateRole(groupId, deputy.id, "admin", ADMIN, at(1));
    expect(members.updateRole(groupId, boss.id, "member", ADMIN, at(2)).role).toBe("member");
    expect(() => members.remove(groupId, deputy.id, ADMIN, at(3))).toThrow(expect.objectContaining({ code: "last_admin" }));
  });

  it("records a role change with from and to, and treats the same role as a no-op", () => {
    const m = invite("ann@example.com", "member");
    const promoted = members.updateRole(groupId, m.id, "admin", ADMIN, at(1000));
    expect(promoted).toMatchObject({ role: "admin", updated_at: at(1000).toISOString() });
    expect(members.updateRole(groupId, m.id, "admin", ADMIN, at(2000))).toEqual(promoted);
    expect(events("member.role_changed").map((e) => e.details)).toEqual([{ from: "member", to: "admin" }]);
  });

  it("re-sends an invitation with fresh invited_at and expires_at, turning expired back into invited", () => {
    const m = invite("ann@example.com");
    members.expire(m.id, at(1));
    const later = at(3 * INVITATION_LIFETIME_MS);
    const resent = members.resend(groupId, m.id, ADMIN, later);
    expect(resent).toMatchObject({ status: "invited", invited_at: later.toISOString(),
      expires_at: new Date(later.getTime() + INVITATION_LIFETIME_MS).toISOString(), created_at: t0.toISOString() });
    expect(events("member.invitation_resent")).toHaveLength(1);
  });

  it("refuses to re-send to an active member with member_already_active", () => {
    const boss = activeAdmin("boss@example.com");
    expect(() => members.resend(groupId, boss.id, ADMIN, t0)).toThrow(expect.objectContaining({ code: "member_already_active", statusCode: 409 }));
  });

  it("removes a member, revokes their credentials and records member.removed", () => {
    const credentials = createCredentialStore(db);
    const boss = activeAdmin("boss@example.com");
    const m = members.accept(invite("ann@example.com").id, t0);
    credentials.issue("pplx-member-token", { kind: "member", id: m.id, groupId }, t0.getTime());
    expect(credentials.authenticate("pplx-member-token")).toEqual({ kind: "member", id: m.id, groupId });
    members.remove(groupId, m.id, { kind: "member", id: boss.id, groupId }, at(1));
    expect(credentials.authenticate("pplx-member-token")).toBeUndefined();
    expect(() => members.retrieve(groupId, m.id, t0)).toThrow(expect.objectContaining({ code: "member_not_found" }));
    expect(events("member.removed")).toEqual([expect.objectContaining({ actor: { type: "member", id: boss.id }, details: { email: "ann@example.com", role: "member" } })]);
  });

  it("knows the role only of active members", () => {
    const m = invite("ann@example.com", "admin");
    expect(members.roleOf(m.id)).toBeUndefined();
    members.accept(m.id, t0);
    expect(members.roleOf(m.id)).toBe("admin");
    expect(members.roleOf("mem_missing")).toBeUndefined();
  });

  it("filters by role and derived status and pages in invitation order", () => {
    const boss = activeAdmin("boss@example.com");
    const a = invite("a@example.com", "member", at(1));
    const b = invite("b@example.com", "admin", at(2));
    const c = invite("c@example.com", "member", at(3));
    members.expire(c.id, at(4));
    const ids = (q: Parameters<MemberStore["list"]>[1]) => members.list(groupId, q, at(5)).data.map((m) => m.id);
    expect(ids({ limit: 10, role: "admin" })).toEqual([boss.id, b.id]);
    expect(ids({ limit: 10, status: "invited" })).toEqual([a.id, b.id]);
    expect(ids({ limit: 10, status: "expired" })).toEqual([c.id]);
    expect(ids({ limit: 10, status: "active", role: "admin" })).toEqual([boss.id]);
    const first = members.list(groupId, { limit: 3 }, at(5));
    expect(first).toMatchObject({ has_more: true });
    const second = members.list(groupId, { limit: 3, after: first.next_cursor! }, at(5));
    expect([...first.data, ...second.data].map((m) => m.id)).toEqual([boss.id, a.id, b.id, c.id]);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
  });

  it("counts members of any status in the group's contents, and a forced delete removes them", () => {
    invite("a@example.com");
    activeAdmin("boss@example.com");
    expect(groups.contents(groupId).members).toBe(2);
    expect(() => groups.remove(groupId, { force: false, cascade: "none" }, t0, ADMIN)).toThrow(expect.objectContaining({ code: "group_not_empty", message: expect.stringContaining("2 members") }));
    groups.remove(groupId, { force: true, cascade: "none" }, t0, ADMIN);
    expect(db.prepare("SELECT COUNT(*) FROM members").pluck().get()).toBe(0);
  });

  it("cascade=own takes the members the group's creator added with the group, its only active admin included", () => {
    const boss = activeAdmin("boss@example.com");
    invite("a@example.com");
    expect(() => members.remove(groupId, boss.id, ADMIN, t0)).toThrow(expect.objectContaining({ code: "last_admin" }));
    groups.remove(groupId, { force: false, cascade: "own" }, at(1), ADMIN);
    expect(groups.get(groupId)).toBeUndefined();
    expect(db.prepare("SELECT COUNT(*) FROM members").pluck().get()).toBe(0);
    expect(events("group.deleted")).toEqual([expect.objectContaining({ details: { force: false, cascade: "own", members_removed: 2 } })]);
  });

  it("cascade=own still refuses, naming them by email and id, while members someone else added are left", () => {
    const boss = activeAdmin("boss@example.com");
    const console = { kind: "member", id: boss.id, groupId } as const;
    const guest = members.invite(groupId, { email: "guest@example.com", role: "member" }, console, t0).member;
    const refused = () => groups.remove(groupId, { force: false, cascade: "own" }, at(1), ADMIN);
    expect(refused).toThrow(expect.objectContaining({ code: "group_not_empty",
      message: `Group ${groupId} still has 1 member someone else added (guest@example.com ${guest.id}). Delete it with force=true to remove them too.` }));
    expect(groups.get(groupId)).toBeDefined();
  });
});
