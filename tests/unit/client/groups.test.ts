import { apiError, groupBody, json, useScriptedClient } from "./scripted-server";

const ID = "grp_0123456789abcdefghijklmn";
const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };

const t = useScriptedClient({ trailingSlash: true });

const page = (ids: string[], next: string | null) => ({ object: "list", data: ids.map((id) => groupBody(id)), has_more: next !== null, next_cursor: next });

describe("Groups", () => {
  it("creates a group with POST /v1/groups and returns the parsed group", async () => {
    t.server.script(json(201, groupBody()));
    await expect(t.client.groups.create({ name: "Acme", address })).resolves.toEqual(groupBody());
    expect(t.seen()).toEqual(["POST /v1/groups"]);
  });

  it("retrieves a group by its encoded id", async () => {
    t.server.script(json(200, groupBody()));
    await t.client.groups.retrieve(ID);
    await t.client.groups.retrieve("grp x/y").catch(() => undefined);
    expect(t.seen()).toEqual([`GET /v1/groups/${ID}`, "GET /v1/groups/grp%20x%2Fy"]);
  });

  it("updates a group with PATCH and sends only the given fields", async () => {
    t.server.script(json(200, groupBody(ID, "Renamed")));
    await expect(t.client.groups.update(ID, { name: "Renamed" })).resolves.toMatchObject({ name: "Renamed" });
    expect(t.seen()).toEqual([`PATCH /v1/groups/${ID}`]);
    expect(JSON.parse(t.server.requests[0]?.body ?? "")).toEqual({ name: "Renamed" });
    expect(t.server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
  });

  it("deletes a group and adds force=true only when asked", async () => {
    t.server.script(json(200, { object: "group", id: ID, deleted: true }));
    await t.client.groups.delete(ID);
    await t.client.groups.delete(ID, { force: false });
    await expect(t.client.groups.delete(ID, { force: true })).resolves.toEqual({ object: "group", id: ID, deleted: true });
    expect(t.seen()).toEqual([`DELETE /v1/groups/${ID}`, `DELETE /v1/groups/${ID}`, `DELETE /v1/groups/${ID}?force=true`]);
  });

  it("surfaces group_not_empty as a ConflictError with the server's message", async () => {
    t.server.script(apiError(409, "group_not_empty", "conflict_error", "Group still has 2 members."));
    await expect(t.client.groups.delete(ID)).rejects.toMatchObject({
      name: "ConflictError",
      code: "group_not_empty",
      message: `DELETE /v1/groups/${ID}: 409 group_not_empty: Group still has 2 members.`,
    });
  });

  it("lists one page with limit and cursor", async () => {
    t.server.script(json(200, page([ID], "cur_2")));
    await expect(t.client.groups.list({ limit: 1, after: "cur_1" })).resolves.toMatchObject({ has_more: true, next_cursor: "cur_2" });
    await t.client.groups.list();
    expect(t.seen()).toEqual(["GET /v1/groups?limit=1&after=cur_1", "GET /v1/groups"]);
  });

  it("iterates over every page until the last", async () => {
    const second = "grp_bbbbbbbbbbbbbbbbbbbbbbbb";
    t.server.script(json(200, page([ID], "cur_2")), json(200, page([second], null)));
    const ids: string[] = [];
    for await (const p of t.client.groups.listAll({ limit: 1 })) ids.push(...p.data.map((g) => g.id));
    expect(ids).toEqual([ID, second]);
    expect(t.seen()).toEqual(["GET /v1/groups?limit=1", "GET /v1/groups?limit=1&after=cur_2"]);
  });
});
