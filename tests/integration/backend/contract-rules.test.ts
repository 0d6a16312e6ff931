import { ADDRESS, useTestApp } from "./helpers";

// Each test is a finding of the schemathesis run recorded in issue 14, kept as a regression test.
describe("what the fuzzer found: every answer is the one envelope and every rule is the document's", () => {
  const t = useTestApp();
  const json = { "content-type": "application/json" };

  it("answers a path parameter over the router's limit with 400 invalid_request in the envelope, not Fastify's 414, without echoing the path", async () => {
    const res = await t.request({ method: "GET", url: `/v1/groups/${"x".repeat(120)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { type: "invalid_request_error", code: "invalid_request", message: expect.stringContaining("longer than 100") } });
    expect(res.body).not.toContain("xxxxxxxxxx");
  });

  it("answers a malformed percent-escape in the path with 400 invalid_request in the envelope", async () => {
    const res = await t.request({ method: "GET", url: "/v1/groups/%ZZ" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_request", type: "invalid_request_error" });
  });

  it("answers QUERY without a body with 404 route_not_found, like any unknown method", async () => {
    const res = await t.request({ method: "QUERY" as "GET", url: "/v1/groups" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("route_not_found");
  });

  it("refuses a name that is not UTF-8 with 400 naming the field, and stores nothing", async () => {
    const group = await t.createGroup({ name: "Before" });
    const payload = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]);
    const res = await t.request({ method: "PATCH", url: `/v1/groups/${group.id}`, headers: json, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_request", param: "name" });
    expect((await t.request({ method: "GET", url: `/v1/groups/${group.id}` })).json().name).toBe("Before");
  });

  it("refuses a name with a lone UTF-16 surrogate with 400 naming the field, so no response differs from what is stored", async () => {
    const group = await t.createGroup({ name: "Before" });
    const res = await t.request({ method: "PATCH", url: `/v1/groups/${group.id}`, headers: json, payload: '{"name":"x\\ud800y"}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ param: "name", message: expect.stringContaining("surrogate") });
    expect((await t.request({ method: "GET", url: `/v1/groups/${group.id}` })).json().name).toBe("Before");
  });

  it("says that a __proto__ key is refused, instead of calling valid JSON invalid", async () => {
    const res = await t.request({ method: "POST", url: "/v1/groups", headers: json, payload: `{"name":"P","address":{"__proto__":{"x":1}}}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe("The request body must not contain a `__proto__` or `constructor.prototype` key.");
    const broken = await t.request({ method: "POST", url: "/v1/groups", headers: json, payload: "{" });
    expect(broken.json().error.message).toBe("The request body is not valid JSON.");
  });

  it("stores and returns a valid surrogate pair (an emoji) unchanged", async () => {
    const group = await t.createGroup({ name: "Team 🚀" });
    expect((await t.request({ method: "GET", url: `/v1/groups/${group.id}` })).json().name).toBe("Team 🚀");
  });

  it("rejects an unknown query parameter like an unknown body field, on routes with and without a query", async () => {
    for (const url of ["/v1/groups?colour=red", "/healthz?colour=red"]) {
      const res = await t.request({ method: "GET", url });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ param: "colour", message: "Query parameter `colour` is not a known field." });
    }
  });

  it("rejects an unknown query parameter on the usage ingestion route too, whose body has a validator of its own, and still takes its body", async () => {
    const events = { events: [{ type: "search", id: "evt-q", api_key_id: "key_000000000000000000000000" }] };
    const refused = await t.request({ method: "POST", url: "/v1/usage_events?colour=red", headers: json, payload: events });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ param: "colour" });
    // Without the parameter the body passes validation (the key does not exist: 404, not 400).
    const plain = await t.request({ method: "POST", url: "/v1/usage_events", headers: json, payload: events });
    expect(plain.json().error).toMatchObject({ code: "api_key_not_found" });
  });

  it("reads limit only as decimal digits: 0x10, 1e1 and 1e30 are refused with the range in the message", async () => {
    for (const limit of ["0x10", "1e1", "1e30", " 10"]) {
      const res = await t.request({ method: "GET", url: `/v1/groups?limit=${encodeURIComponent(limit)}` });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBe("Query parameter `limit` must be an integer from 1 to 100.");
    }
    const huge = await t.request({ method: "GET", url: `/v1/groups?limit=${"9".repeat(30)}` });
    expect(huge.json().error.message).toBe("Query parameter `limit` must be at most 100.");
    expect((await t.request({ method: "GET", url: "/v1/groups?limit=10" })).statusCode).toBe(200);
  });

  it("accepts any cursor of the documented form as a position, and pages with next_cursor as before", async () => {
    await t.createGroup({ name: "One" });
    await t.createGroup({ name: "Two" });
    const first = (await t.request({ method: "GET", url: "/v1/groups?limit=1" })).json();
    expect(first.next_cursor).toMatch(/^[0-9]{1,15}\.[a-z0-9_]{1,40}$/);
    const second = (await t.request({ method: "GET", url: `/v1/groups?limit=1&after=${first.next_cursor}` })).json();
    expect(second.data[0].id).not.toBe(first.data[0].id);
    expect((await t.request({ method: "GET", url: "/v1/groups?after=0.a" })).statusCode).toBe(200);
    expect((await t.request({ method: "GET", url: "/v1/groups?after=not-a-cursor" })).json().error.param).toBe("after");
  });

  it("lists the invoices strictly between before and after when both are given, instead of refusing the pair", async () => {
    const group = await t.createGroup();
    const res = await t.request({ method: "GET", url: `/v1/groups/${group.id}/invoices?after=2026-12&before=2026-01` });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual([]);
  });

  it("creates an API key from a POST without a body, which the document now marks optional", async () => {
    const group = await t.createGroup();
    const res = await t.request({ method: "POST", url: `/v1/groups/${group.id}/api_keys` });
    expect(res.statusCode).toBe(201);
    const doc = (await t.request({ method: "GET", url: "/openapi.json" })).json();
    expect(doc.paths["/v1/groups/{group_id}/api_keys"].post.requestBody.required).toBe(false);
    expect(doc.paths["/generate_auth_token"].post.requestBody.required).toBe(false);
    expect(doc.paths["/v1/groups"].post.requestBody.required).toBe(true);
  });

  it("states in openapi.json the rules it enforces: whole cents, country codes, display names, tax id formats, search_type only with sonar-pro", async () => {
    const doc = (await t.request({ method: "GET", url: "/openapi.json" })).json();
    const schemas = doc.components.schemas;
    expect(schemas.PurchaseCreditsRequest.properties.amount_usd_micros.multipleOf).toBe(10_000);
    expect(schemas.Address.properties.country.enum).toContain("DE");
    expect(schemas.Address.properties.country.enum).not.toContain("XX");
    expect(new RegExp(schemas.CreateGroupRequest.properties.name.pattern).test("a\u0007b")).toBe(false);
    expect(new RegExp(schemas.CreateGroupRequest.properties.name.pattern).test(" padded")).toBe(false);
    expect(JSON.stringify(schemas.TaxId ?? schemas.CreateGroupRequest)).toContain("^\\\\d{2}-\\\\d{7}$");
    expect(JSON.stringify(schemas.ChatCompletionRequest.anyOf)).toContain("sonar-pro");
    expect(doc.paths["/v1/groups/{group_id}/usage"].get.description).toContain("366 days");
  });

  it("refuses an address line of only whitespace with the field named, as the document's pattern says", async () => {
    const res = await t.request({ method: "POST", url: "/v1/groups", payload: { name: "Blank city", address: { ...ADDRESS, city: " " } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.param).toBe("address.city");
  });
});
