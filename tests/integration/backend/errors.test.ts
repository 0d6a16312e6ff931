import { ErrorEnvelope } from "../../../api";
import { ADDRESS, ADMIN_TOKEN, useTestApp } from "./helpers";

describe("backend authentication and error envelope", () => {
  const t = useTestApp();

  const createWith = (payload: unknown) => t.request({ method: "POST", url: "/v1/groups", payload: payload as object });

  it("answers 401 unauthenticated without an Authorization header", async () => {
    const res = await t.app.inject({ method: "GET", url: "/v1/groups" });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { type: "authentication_error", code: "unauthenticated", message: expect.stringContaining("Bearer") } });
  });

  it("answers 401 for a wrong token without echoing it", async () => {
    const res = await t.request({ method: "GET", url: "/v1/groups", headers: { authorization: "Bearer pplx-not-the-key" } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe("unauthenticated");
    expect(res.body).not.toContain("pplx-not-the-key");
  });

  it("answers 401 for a non-Bearer scheme carrying the right token", async () => {
    const res = await t.request({ method: "GET", url: "/v1/groups", headers: { authorization: `Basic ${ADMIN_TOKEN}` } });
    expect(res.statusCode).toBe(401);
  });

  it("checks credentials before validating the body", async () => {
    const res = await t.app.inject({ method: "POST", url: "/v1/groups", payload: { name: "" } });
    expect(res.statusCode).toBe(401);
  });

  it("answers 404 route_not_found for an unknown route, with or without a token", async () => {
    for (const res of [await t.request({ method: "GET", url: "/v1/nothing?x=1" }), await t.app.inject({ method: "DELETE", url: "/v1/nothing" })]) {
      expect(res.statusCode).toBe(404);
      expect(ErrorEnvelope.parse(res.json()).error).toMatchObject({ type: "not_found_error", code: "route_not_found" });
    }
    expect((await t.request({ method: "GET", url: "/v1/nothing?x=1" })).json().error.message).toBe("Unrecognized request URL (GET: /v1/nothing).");
  });

  it("rejects an unknown country with 400 naming address.country and the rule", async () => {
    const res = await createWith({ name: "Acme", address: { ...ADDRESS, country: "XX" } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { type: "invalid_request_error", code: "invalid_request", param: "address.country",
      message: "Field `address.country` must be an ISO 3166-1 alpha-2 country code in upper case, e.g. US or DE." } });
  });

  it("rejects a tax id that does not match its type with 400 naming tax_id.value", async () => {
    const res = await createWith({ name: "Acme", address: ADDRESS, tax_id: { type: "gb_vat", value: "123" } });
    expect(res.json().error).toMatchObject({ param: "tax_id.value", message: expect.stringContaining("expected the form GB123456789") });
  });

  it("rejects an unknown field with 400 naming that field", async () => {
    const res = await createWith({ name: "Acme", address: ADDRESS, taxId: { type: "us_ein", value: "12-3456789" } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: "invalid_request", param: "taxId", message: "Field `taxId` is not a known field." });
  });

  it("reports a missing nested field as required", async () => {
    const res = await createWith({ name: "Acme", address: { line1: "1 Main St", postal_code: "10115", country: "DE" } });
    expect(res.json().error).toMatchObject({ param: "address.city", message: "Field `address.city` is required." });
  });

  it("names query parameters in query validation errors", async () => {
    const res = await t.request({ method: "GET", url: "/v1/groups?limit=1000" });
    expect(res.json().error).toMatchObject({ param: "limit", message: "Query parameter `limit` must be at most 100." });
  });

  it("rejects a cursor it did not issue with 400 naming after", async () => {
    const res = await t.request({ method: "GET", url: "/v1/groups?after=not-a-cursor" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.param).toBe("after");
  });

  it("reports malformed JSON without quoting the body", async () => {
    const res = await t.request({ method: "POST", url: "/v1/groups", headers: { "content-type": "application/json" }, payload: '{"name": "secret-value' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ type: "invalid_request_error", code: "invalid_request", message: "The request body is not valid JSON." });
    expect(res.body).not.toContain("secret-value");
  });

  it("serves GET /healthz without credentials", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });
});
