import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  errorFromResponse,
  InternalServerError,
  isApiError,
  NotFoundError,
  PerplexityError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../../../client";

const target = { method: "GET", path: "/v1/groups/grp_x" };
const envelope = (code: string, type: string, message: string, param?: string) => ({ error: { code, type, message, ...(param ? { param } : {}) } });

describe("errorFromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [412, PreconditionFailedError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [599, InternalServerError],
  ])("maps status %i to its class", (status, Class) => {
    const err = errorFromResponse(status, envelope("some_code", "api_error", "Message."), target);
    expect(Class.isInstance(err)).toBe(true);
    expect(err.name).toBe(Class.name);
    expect(err.status).toBe(status);
  });

  it("maps other statuses to the plain ApiError", () => {
    const err = errorFromResponse(405, envelope("method_not_allowed", "invalid_request_error", "No."), target);
    expect(err.name).toBe("ApiError");
    expect(BadRequestError.isInstance(err)).toBe(false);
  });

  it("copies code, type, param, request id and retry-after from the envelope and context", () => {
    const err = errorFromResponse(400, envelope("invalid_request", "invalid_request_error", "must not be empty", "address.city"), {
      method: "POST",
      path: "/v1/groups",
      requestId: "req_123",
      retryAfterMs: 1000,
    });
    expect(err).toMatchObject({
      status: 400,
      code: "invalid_request",
      type: "invalid_request_error",
      param: "address.city",
      requestId: "req_123",
      retryAfterMs: 1000,
      method: "POST",
      path: "/v1/groups",
    });
  });

  it("writes the message as method, path, status, code and the server's message", () => {
    const err = errorFromResponse(404, envelope("group_not_found", "not_found_error", "Group grp_x does not exist."), target);
    expect(err.message).toBe("GET /v1/groups/grp_x: 404 group_not_found: Group grp_x does not exist.");
  });

  it("parses an envelope given as raw JSON text", () => {
    const err = errorFromResponse(404, JSON.stringify(envelope("group_not_found", "not_found_error", "Gone.")), target);
    expect(err.code).toBe("group_not_found");
  });

  it("tolerates an HTML body without echoing it", () => {
    const err = errorFromResponse(502, "<html><h1>502 Bad Gateway</h1><p>Authorization: Bearer leaked</p></html>", target);
    expect(err).toMatchObject({ status: 502, code: "http_502", type: "api_error" });
    expect(err.message).toBe("GET /v1/groups/grp_x: 502 http_502: Bad Gateway (the response body was not an API error envelope).");
  });

  it("tolerates an empty body and a JSON body of another shape", () => {
    expect(errorFromResponse(503, "", target).code).toBe("http_503");
    expect(errorFromResponse(400, { message: "nope" }, target).code).toBe("http_400");
  });

  it("drops the query string from the path", () => {
    const err = errorFromResponse(409, envelope("group_not_empty", "conflict_error", "Not empty."), { method: "DELETE", path: "/v1/groups/grp_x?force=false" });
    expect(err.path).toBe("/v1/groups/grp_x");
  });
});

describe("error identity", () => {
  it("isApiError matches any API error and optionally its code", () => {
    const err = errorFromResponse(404, envelope("group_not_found", "not_found_error", "Gone."), target);
    expect(isApiError(err)).toBe(true);
    expect(isApiError(err, "group_not_found")).toBe(true);
    expect(isApiError(err, "route_not_found")).toBe(false);
    expect(isApiError(new Error("plain"))).toBe(false);
    expect(isApiError(undefined)).toBe(false);
  });

  it("recognises errors thrown by another copy of the module", () => {
    let Other: typeof import("../../../client/errors") | undefined;
    jest.isolateModules(() => {
      Other = require("../../../client/errors") as typeof import("../../../client/errors");
    });
    const foreign = new Other!.NotFoundError({ ...target, status: 404, code: "group_not_found", type: "not_found_error", message: "Gone." });
    expect(foreign instanceof NotFoundError).toBe(false);
    expect(NotFoundError.isInstance(foreign)).toBe(true);
    expect(ApiError.isInstance(foreign)).toBe(true);
    expect(PerplexityError.isInstance(foreign)).toBe(true);
    expect(RateLimitError.isInstance(foreign)).toBe(false);
    expect(isApiError(foreign, "group_not_found")).toBe(true);
  });

  it("serializes to its documented fields only", () => {
    const err = errorFromResponse(429, envelope("rate_limited", "rate_limit_error", "Slow down."), { ...target, retryAfterMs: 2000 });
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      code: "rate_limited",
      status: 429,
      type: "rate_limit_error",
      method: "GET",
      path: "/v1/groups/grp_x",
      retryAfterMs: 2000,
    });
  });
});
