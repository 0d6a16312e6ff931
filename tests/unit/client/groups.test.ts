import { createClient, type PerplexityClient } from "../../../client";
import { apiError, groupBody, json, startScriptedServer, type ScriptedServer } from "./scripted-server";

const ID = "grp_0123456789abcdefghijklmn";
const address = { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" };

let server: ScriptedServer;
let client: PerplexityClient;

beforeAll(async () => {
  server = await startScriptedServer();
  client = createClient({ baseUrl: `${server.url}/`, apiKey: "pplx-k", retry: { sleep: async () => undefined } });
});
afterAll(() => server.close());

const page = (ids: string[], next: string | null) => ({ object: "list", data: ids.map((id) => groupBody(id)), has_more: next !== null, next_cursor: next });
const seen = () => server.requests.map((r) => `${r.method} ${r.url}`);

describe("Groups", () => {
  it("creates a group with POST /v1/groups and returns the parsed group", async () => {
    server.script(json(201, groupBody()));
    await expect(client.groups.create({ name: "Acme", address })).resolves.toEqual(groupBody());
    expect(seen()).toEqual(["POST /v1/groups"]);
  });

  it("retrieves a group by its encoded id", async () => {
    server.script(json(200, groupBody()));
    await client.groups.retrieve(ID);
    await client.groups.retrieve("grp x/y").catch(() => undefined);
    expect(seen()).toEqual([`GET /v1/groups/${ID}`, "GET /v1/groups/grp%20x%2Fy"]);
  });

  it("updates a group with PATCH and sends only the given fields", async () => {
    server.script(json(200, groupBody(ID, "Renamed")));
    await expect(client.groups.update(ID, { name: "Renamed" })).resolves.toMatchObject({ name: "Renamed" });
    expect(seen()).toEqual([`PATCH /v1/groups/${ID}`]);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ name: "Renamed" });
    expect(server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
  });

  it("deletes a group and adds force=true only when asked", async () => {
    server.script(json(200, { object: "group", id: ID, deleted: true }));
    await client.groups.delete(ID);
    await client.groups.delete(ID, { force: false });
    await expect(client.groups.delete(ID, { force: true })).resolves.toEqual({ object: "group", id: ID, deleted: true });
    expect(seen()).toEqual([`DELETE /v1/groups/${ID}`, `DELETE /v1/groups/${ID}`, `DELETE /v1/groups/${ID}?force=true`]);
  });

  it("surfaces group_not_empty as a ConflictError with the server's message", async () => {
    server.script(apiError(409, "group_not_empty", "conflict_error", "Group still has 2 members."));
    await expect(client.groups.delete(ID)).rejects.toMatchObject({
      name: "ConflictError",
      code: "group_not_empty",
      message: `DELETE /v1/groups/${ID}: 409 group_not_empty: Group still has 2 members.`,
    });
  });

  it("lists one page with limit and cursor", async () => {
    server.script(json(200, page([ID], "cur_2")));
    await expect(client.groups.list({ limit: 1, after: "cur_1" })).resolves.toMatchObject({ has_more: true, next_cursor: "cur_2" });
    await client.groups.list();
    expect(seen()).toEqual(["GET /v1/groups?limit=1&after=cur_1", "GET /v1/groups"]);
  });

  it("iterates over every page until the last", async () => {
    const second = "grp_bbbbbbbbbbbbbbbbbbbbbbbb";
    server.script(json(200, page([ID], "cur_2")), json(200, page([second], null)));
    const ids: string[] = [];
    for await (const p of client.groups.listAll({ limit: 1 })) ids.push(...p.data.map((g) => g.id));
    expect(ids).toEqual([ID, second]);
    expect(seen()).toEqual(["GET /v1/groups?limit=1", "GET /v1/groups?limit=1&after=cur_2"]);
  });
});
