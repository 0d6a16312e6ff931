import { ADMIN_TOKEN, useTestApp } from "./helpers";
import { activeMember, bearer } from "./member-helpers";

describe("test-mode controls under /_backend/", () => {
  const t = useTestApp({ testMode: true });
  const production = useTestApp({ testMode: false });

  const stats = async () => (await t.request({ method: "GET", url: "/_backend/stats" })).json();

  it("are not registered without test mode", async () => {
    for (const [method, url] of [["POST", "/_backend/reset"], ["GET", "/_backend/stats"], ["POST", "/_backend/stats/reset"]] as const) {
      const res = await production.request({ method, url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("route_not_found");
    }
  });

  it("require the admin token", async () => {
    const res = await t.app.inject({ method: "GET", url: "/_backend/stats", headers: { authorization: "Bearer wrong" } });
    expect(res.statusCode).toBe(401);
  });

  // Every control, each with a body it would accept from the management key.
  const controls = [
    ["POST", "/_backend/reset", undefined], ["GET", "/_backend/stats", undefined], ["POST", "/_backend/stats/reset", undefined],
    ["PUT", "/_backend/faults", { seed: 1, rules: [] }], ["GET", "/_backend/faults", undefined], ["DELETE", "/_backend/faults", undefined],
    ["GET", "/_backend/clock", undefined], ["POST", "/_backend/clock/advance", { seconds: 1 }],
  ] as const;

  it.each(["a group's API key", "an admin member's credential"])("refuse %s on every control, which then does nothing", async (kind) => {
    const group = await t.createGroup();
    const token = kind === "a group's API key"
      ? (await t.request({ method: "POST", url: `/v1/groups/${group.id}/api_keys`, payload: { name: "app" } })).json<{ token: string }>().token
      : (await activeMember(t, group.id, `boss-${Date.now()}@example.com`, "admin")).token;
    for (const [method, url, payload] of controls) {
      const res = await t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
      expect([url, res.statusCode, res.json().error?.code]).toEqual([url, 403, "forbidden"]);
    }
    // The reset did not run: the group is still there.
    expect((await t.request({ method: "GET", url: `/v1/groups/${group.id}` })).statusCode).toBe(200);
  });

  it("count every request by route pattern, rejected ones included, but not the controls themselves", async () => {
    await t.request({ method: "POST", url: "/_backend/stats/reset" });
    const group = await t.createGroup();
    await t.request({ method: "GET", url: `/v1/groups/${group.id}` });
    await t.request({ method: "GET", url: `/v1/groups/${group.id}` });
    await t.app.inject({ method: "GET", url: "/v1/groups" });
    await t.request({ method: "GET", url: "/v1/unknown" });
    expect(await stats()).toEqual({ requests: { total: 5, by_route: {
      "POST /v1/groups": 1, "GET /v1/groups/:group_id": 2, "GET /v1/groups": 1, "GET (unmatched)": 1 } } });
  });

  it("reset the counters so a test can assert the backend received no request", async () => {
    await t.createGroup();
    await t.request({ method: "POST", url: "/_backend/stats/reset" });
    await stats();
    expect(await stats()).toEqual({ requests: { total: 0, by_route: {} } });
  });

  it("reset wipes every group but keeps the admin token working", async () => {
    const group = await t.createGroup();
    const res = await t.request({ method: "POST", url: "/_backend/reset" });
    expect(res.json()).toEqual({ ok: true });
    const after = await t.request({ method: "GET", url: `/v1/groups/${group.id}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(after.statusCode).toBe(404);
  });
});
