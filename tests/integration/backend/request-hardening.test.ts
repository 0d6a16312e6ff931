import { useTestApp } from "./helpers";

/** A JSON text nested `depth` levels deep: `{"a":{"a":…1…}}`. */
function nested(depth: number, leaf = "1"): string {
  return `${'{"a":'.repeat(depth)}${leaf}${"}".repeat(depth)}`;
}

describe("hostile request bodies and response headers", () => {
  const t = useTestApp({ testMode: true });

  it.each(["/v1/groups/{group}/api_keys", "/v1/usage_events", "/chat/completions"])(
    "a body nested 5,000 levels deep with an Idempotency-Key is a 400 naming the limit on POST %s, not a 500", async (route) => {
      const group = await t.createGroup();
      const { token } = (await t.request({ method: "POST", url: `/v1/groups/${group.id}/api_keys`, payload: { name: "app" } })).json<{ token: string }>();
      // The key must be able to call chat (authentication comes before the body): a card and some credit.
      await t.request({ method: "PUT", url: `/v1/groups/${group.id}/billing/payment_method`, payload: { token: "pm_card_visa" } });
      await t.request({ method: "POST", url: `/v1/groups/${group.id}/billing/credits`, payload: { amount_usd_micros: 5_000_000 } });
      const url = route.replace("{group}", group.id);
      const headers = { "content-type": "application/json", "idempotency-key": `deep-${route}`, ...(route === "/chat/completions" ? { authorization: `Bearer ${token}` } : {}) };
      const res = await t.request({ method: "POST", url, headers, payload: nested(5000) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: "invalid_request", message: "The request body is nested more than 64 levels deep." });
    });

  it("invalid UTF-8 nested 20,000 levels deep is the same 400", async () => {
    const group = await t.createGroup();
    const payload = Buffer.concat([Buffer.from(nested(20000, '"').slice(0, -20000)), Buffer.from([0xff, 0x22]), Buffer.from("}".repeat(20000))]);
    const res = await t.request({ method: "POST", url: `/v1/groups/${group.id}/api_keys`, headers: { "content-type": "application/json" }, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("invalid_request");
  });

  it("brackets inside strings do not count as nesting, so ordinary text passes", async () => {
    const group = await t.createGroup();
    const res = await t.request({ method: "POST", url: `/v1/groups/${group.id}/api_keys`, payload: { name: `${"[{".repeat(40)} \\" ${"}]".repeat(40)}`.slice(0, 100) } });
    expect(res.statusCode).toBe(201);
  });

  it("a body over the size limit is 413 payload_too_large", async () => {
    const res = await t.request({ method: "POST", url: "/v1/groups", headers: { "content-type": "application/json" }, payload: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ type: "invalid_request_error", code: "payload_too_large" });
  });

  it("every API response, the 201 carrying a key's one-time token and errors included, says no-store and nosniff", async () => {
    const group = await t.createGroup();
    const created = await t.request({ method: "POST", url: `/v1/groups/${group.id}/api_keys`, payload: { name: "app" } });
    const read = await t.request({ method: "GET", url: `/v1/groups/${group.id}` });
    const missing = await t.request({ method: "GET", url: "/v1/nothing-here" });
    const unauthenticated = await t.app.inject({ method: "GET", url: "/v1/groups" });
    for (const res of [created, read, missing, unauthenticated]) {
      expect([res.statusCode, res.headers["cache-control"], res.headers["x-content-type-options"]]).toEqual([res.statusCode, "no-store", "nosniff"]);
    }
    expect(created.statusCode).toBe(201);
  });
});
