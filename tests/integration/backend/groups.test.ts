import { Group, GroupList } from "../../../api";
import { ADDRESS, useTestApp } from "./helpers";
import { activeMember, bearer, invite } from "./member-helpers";

describe("groups routes", () => {
  let clock = new Date("2026-01-01T00:00:00.000Z");
  const t = useTestApp({ now: () => clock, resetEach: true });

  it("creates a group with a grp_ id, tier_0 and timestamps from the injected clock", async () => {
    const res = await t.request({ method: "POST", url: "/v1/groups",
      payload: { name: "Acme", address: { ...ADDRESS, line2: "Floor 2" }, tax_id: { type: "eu_vat", value: "DE123456789" } } });
    expect(res.statusCode).toBe(201);
    const group = Group.parse(res.json());
    expect(group).toMatchObject({ object: "group", name: "Acme", tier: "tier_0", tax_id: { type: "eu_vat", value: "DE123456789" },
      address: { ...ADDRESS, line2: "Floor 2" }, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" });
    expect(group.id).toMatch(/^grp_[a-z0-9]{24}$/);
  });

  it("returns a created group by id and omits address lines that were not given", async () => {
    const created = await t.createGroup();
    const res = await t.request({ method: "GET", url: `/v1/groups/${created.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(created);
    expect(res.json().address).not.toHaveProperty("line2");
  });

  it("answers 404 group_not_found for an unknown group id", async () => {
    const res = await t.request({ method: "GET", url: "/v1/groups/grp_000000000000000000000000" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { type: "not_found_error", code: "group_not_found", message: "No group with id grp_000000000000000000000000." } });
  });

  it("lists groups oldest first across pages with an opaque cursor", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
      ids.push((await t.createGroup({ name: `Group ${i}` })).id);
    }
    const first = GroupList.parse((await t.request({ method: "GET", url: "/v1/groups?limit=2" })).json());
    expect(first.data.map((g) => g.id)).toEqual(ids.slice(0, 2));
    expect(first.has_more).toBe(true);
    const seen = [...first.data];
    let cursor = first.next_cursor;
    while (cursor !== null) {
      const page = GroupList.parse((await t.request({ method: "GET", url: `/v1/groups?limit=2&after=${cursor}` })).json());
      seen.push(...page.data);
      cursor = page.next_cursor;
      if (cursor === null) expect(page.has_more).toBe(false);
    }
    expect(seen.map((g) => g.id)).toEqual(ids);
  });

  it("orders groups created in the same millisecond by id", async () => {
    clock = new Date("2026-02-01T00:00:00.000Z");
    const ids = [(await t.createGroup()).id, (await t.createGroup()).id, (await t.createGroup()).id];
    const page = GroupList.parse((await t.request({ method: "GET", url: "/v1/groups?limit=100" })).json());
    expect(page.data.map((g) => g.id)).toEqual([...ids].sort());
    expect(page).toMatchObject({ has_more: false, next_cursor: null });
  });

  it("returns an empty last page with has_more false when there are no groups", async () => {
    const res = await t.request({ method: "GET", url: "/v1/groups" });
    expect(res.json()).toEqual({ object: "list", data: [], has_more: false, next_cursor: null });
  });

  it("patches only the fields sent and moves updated_at", async () => {
    clock = new Date("2026-03-01T00:00:00.000Z");
    const created = await t.createGroup({ tax_id: { type: "us_ein", value: "12-3456789" } });
    clock = new Date("2026-03-02T00:00:00.000Z");
    const res = await t.request({ method: "PATCH", url: `/v1/groups/${created.id}`, payload: { name: "Renamed" } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...created, name: "Renamed", updated_at: "2026-03-02T00:00:00.000Z" });
  });

  it("clears the tax id when PATCH sends tax_id null and replaces the address as a whole", async () => {
    const created = await t.createGroup({ tax_id: { type: "us_ein", value: "12-3456789" }, address: { ...ADDRESS, state: "BE" } });
    const address = { line1: "2 Side St", city: "Hamburg", postal_code: "20095", country: "DE" };
    const res = await t.request({ method: "PATCH", url: `/v1/groups/${created.id}`, payload: { tax_id: null, address } });
    expect(res.json()).toMatchObject({ tax_id: null, address });
    expect(res.json().address).not.toHaveProperty("state");
  });

  it("answers 404 when patching a group that does not exist", async () => {
    const res = await t.request({ method: "PATCH", url: "/v1/groups/grp_000000000000000000000000", payload: { name: "X" } });
    expect(res.json().error.code).toBe("group_not_found");
  });

  it("deletes an empty group without force, after which it is gone", async () => {
    const created = await t.createGroup();
    const res = await t.request({ method: "DELETE", url: `/v1/groups/${created.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ object: "group", id: created.id, deleted: true });
    expect((await t.request({ method: "GET", url: `/v1/groups/${created.id}` })).statusCode).toBe(404);
  });

  it("deletes with force=true and answers 404 for a second delete", async () => {
    const created = await t.createGroup();
    expect((await t.request({ method: "DELETE", url: `/v1/groups/${created.id}?force=true` })).statusCode).toBe(200);
    const again = await t.request({ method: "DELETE", url: `/v1/groups/${created.id}?force=true` });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe("group_not_found");
  });

  it("cascade=own deletes the group with the members its creator invited, the only active admin included", async () => {
    const created = await t.createGroup();
    await activeMember(t, created.id, "boss@example.com", "admin");
    await invite(t, created.id, "pending@example.com");
    expect((await t.request({ method: "DELETE", url: `/v1/groups/${created.id}` })).json().error.code).toBe("group_not_empty");
    const res = await t.request({ method: "DELETE", url: `/v1/groups/${created.id}?cascade=own` });
    expect(res.statusCode).toBe(200);
    expect((await t.request({ method: "GET", url: `/v1/groups/${created.id}` })).statusCode).toBe(404);
  });

  it("cascade=own still answers 409 naming the members another credential invited", async () => {
    const created = await t.createGroup();
    const { token } = await activeMember(t, created.id, "boss@example.com", "admin");
    const guest = await t.request({ method: "POST", url: `/v1/groups/${created.id}/members`, headers: bearer(token), payload: { email: "guest@example.com", role: "member" } });
    const res = await t.request({ method: "DELETE", url: `/v1/groups/${created.id}?cascade=own` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ type: "conflict_error", code: "group_not_empty",
      message: `Group ${created.id} still has 1 member someone else added (guest@example.com ${guest.json().id}). Delete it with force=true to remove them too.` });
  });

  it("cascade=own takes the API keys claimed by the stack holding the group, and still names a key anyone else made", async () => {
    const owner = (resource: string, lease: string) => ({ stack: "acme/app/dev#aaaa", resource, lease });
    const created = await t.createGroup({ owner: owner("urn:pulumi:dev::app::Group::g", "lease-group-0000000000") } as never);
    const own = await t.request({ method: "POST", url: `/v1/groups/${created.id}/api_keys`, payload: { name: "ci", owner: owner("urn:pulumi:dev::app::ApiKey::ci", "lease-key-00000000000000") } });
    expect(own.statusCode).toBe(201);
    const byHand = (await t.request({ method: "POST", url: `/v1/groups/${created.id}/api_keys`, payload: { name: "by hand" } })).json<{ id: string }>();
    const refused = await t.request({ method: "DELETE", url: `/v1/groups/${created.id}?cascade=own` });
    expect(refused.json().error.message).toBe(`Group ${created.id} still has 1 active API key (${byHand.id} "by hand"). Delete it with force=true to remove them too.`);
    await t.request({ method: "DELETE", url: `/v1/groups/${created.id}/api_keys/${byHand.id}` });
    expect((await t.request({ method: "DELETE", url: `/v1/groups/${created.id}?cascade=own` })).statusCode).toBe(200);
  });

  it("rejects a cascade value other than none or own and names the parameter", async () => {
    const created = await t.createGroup();
    const res = await t.request({ method: "DELETE", url: `/v1/groups/${created.id}?cascade=all` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_request", param: "cascade" });
  });

  it("rejects a force value other than true or false and names the parameter", async () => {
    const created = await t.createGroup();
    const res = await t.request({ method: "DELETE", url: `/v1/groups/${created.id}?force=yes` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_request", param: "force" });
  });
});
