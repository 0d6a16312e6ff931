import { assertSafeBaseUrl, createClient, path } from "../../../client";

describe("assertSafeBaseUrl", () => {
  it.each(["https://x", "https://api.example.com/base/", "http://127.0.0.1:1", "http://127.9.9.9:1", "http://localhost:1", "http://[::1]:1"])(
    "accepts %s",
    (url) => {
      expect(() => assertSafeBaseUrl(url)).not.toThrow();
    },
  );

  it.each([
    ["http://example.com", /must use https; plain http is allowed only for localhost/],
    ["http://128.0.0.1", /must use https/],
    ["http://localhost.example.com", /must use https/],
    ["ftp://127.0.0.1", /must use https/],
    ["127.0.0.1:8787", /not an absolute URL|must use https/],
    ["not a url", /not an absolute URL/],
    ["https://user:hunter2@example.com", /must not contain user info/],
    ["https://example.com/?token=abc", /must not contain a query string/],
  ])("rejects %s", (url, reason) => {
    expect(() => assertSafeBaseUrl(url)).toThrow(reason);
    expect(() => assertSafeBaseUrl(url)).toThrow(expect.objectContaining({ code: "invalid_base_url" }));
  });

  it("never echoes credentials embedded in the URL", () => {
    expect(() => assertSafeBaseUrl("http://user:hunter2@example.com")).toThrow(expect.not.objectContaining({ message: expect.stringContaining("hunter2") }));
  });

  it("is enforced by createClient", () => {
    expect(() => createClient({ baseUrl: "http://example.com", apiKey: "k" })).toThrow(/must use https/);
  });
});

describe("createClient", () => {
  it("rejects an empty or multi-line API key without echoing it", () => {
    expect(() => createClient({ baseUrl: "https://x", apiKey: "" })).toThrow(expect.objectContaining({ code: "invalid_api_key" }));
    let message = "";
    try {
      createClient({ baseUrl: "https://x", apiKey: "pplx-abc\nX-Evil: 1" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/API key/);
    expect(message).not.toContain("pplx-abc");
  });

  it("rejects a non-positive timeout", () => {
    expect(() => createClient({ baseUrl: "https://x", apiKey: "k", timeoutMs: 0 })).toThrow(expect.objectContaining({ code: "invalid_option" }));
  });
});

describe("path", () => {
  it("encodes every interpolated value", () => {
    const id = "grp/../x?y=1#z";
    expect(path`/v1/groups/${id}/members/${"a b"}`).toBe("/v1/groups/grp%2F..%2Fx%3Fy%3D1%23z/members/a%20b");
    expect(path`/v1/items/${42}`).toBe("/v1/items/42");
  });

  it.each([[""], ["."], [".."], [undefined], [null], [{ id: "x" }]])("rejects %p as a path parameter", (value) => {
    expect(() => path`/v1/groups/${value}`).toThrow(expect.objectContaining({ code: "invalid_path_param" }));
  });
});
