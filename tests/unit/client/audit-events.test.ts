import { apiError, json, useScriptedClient } from "./scripted-server";

const GROUP = "grp_0123456789abcdefghijklmn";

/** An audit event as the API returns it. */
function eventBody(id: string): Record<string, unknown> {
  return {
    object: "audit_event", id, group_id: GROUP, actor: { type: "management_key", id: "admin" }, action: "member.invited",
    target: { type: "member", id: "mem_0123456789abcdefghijklmn" }, details: { email: "ann@example.com", role: "member" },
    created_at: "2026-01-01T00:00:00.000Z",
  };
}

const t = useScriptedClient();

const page = (ids: string[], next: string | null) => ({ object: "list", data: ids.map(eventBody), has_more: next !== null, next_cursor: next });
const base = `/v1/groups/${GROUP}/audit_events`;

describe("AuditEvents", () => {
  it("lists one page with action, limit and cursor, and parses the events", async () => {
    t.server.script(json(200, page(["evt1"], "cur_2")));
    await expect(t.client.auditEvents.list(GROUP, { action: "member.invited", limit: 1, after: "cur_1" })).resolves.toEqual(page(["evt1"], "cur_2"));
    await t.client.auditEvents.list(GROUP);
    expect(t.seen()).toEqual([`GET ${base}?limit=1&after=cur_1&action=member.invited`, `GET ${base}`]);
  });

  it("iterates over every page until the last, keeping the action filter", async () => {
    t.server.script(json(200, page(["evt1", "evt2"], "cur_2")), json(200, page(["evt3"], null)));
    const ids: string[] = [];
    for await (const p of t.client.auditEvents.listAll(GROUP, { action: "member.invited" })) ids.push(...p.data.map((e) => e.id));
    expect(ids).toEqual(["evt1", "evt2", "evt3"]);
    expect(t.seen()).toEqual([`GET ${base}?action=member.invited`, `GET ${base}?after=cur_2&action=member.invited`]);
  });

  it("surfaces group_not_found as a NotFoundError", async () => {
    t.server.script(apiError(404, "group_not_found", "not_found_error", `No group with id ${GROUP}.`));
    await expect(t.client.auditEvents.list(GROUP)).rejects.toMatchObject({ name: "NotFoundError", code: "group_not_found" });
  });
});
