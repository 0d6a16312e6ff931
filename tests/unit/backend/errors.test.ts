import type { FastifySchemaValidationError } from "fastify";
import { toBackendError } from "../../../backend/error-handler";
import { BackendError } from "../../../backend/errors";
import { invalidRequestFrom } from "../../../backend/validation";

const issue = (over: Partial<FastifySchemaValidationError>): FastifySchemaValidationError => ({
  keyword: "custom", instancePath: "/name", schemaPath: "#", params: {}, message: "must not be empty", ...over,
});

describe("BackendError", () => {
  it("takes status and type from the API error table", () => {
    const e = new BackendError("group_not_empty", "left");
    expect(e).toMatchObject({ statusCode: 409, type: "conflict_error", code: "group_not_empty" });
    expect(e.toEnvelope()).toEqual({ error: { type: "conflict_error", code: "group_not_empty", message: "left" } });
  });

  it("includes param in the envelope only when given", () => {
    expect(new BackendError("invalid_request", "bad", "name").toEnvelope().error.param).toBe("name");
  });
});

describe("toBackendError", () => {
  it("hides the details of unexpected errors behind a 500 internal_error", () => {
    const e = toBackendError(new Error("SQLITE_CORRUPT at /secret/path"));
    expect(e.statusCode).toBe(500);
    expect(e.message).not.toContain("secret");
  });

  it("maps a JSON parse error to a message that does not quote the body", () => {
    const parseError = Object.assign(new SyntaxError('Unexpected token in "{\\"token\\": \\"pplx-123"'), { statusCode: 400 });
    expect(toBackendError(parseError)).toMatchObject({ code: "invalid_request", message: "The request is malformed." });
  });
});

describe("invalidRequestFrom", () => {
  it("names the dotted path and keeps the contract's wording", () => {
    const e = invalidRequestFrom([issue({ instancePath: "/address/country", message: "must be an ISO code" })], "body");
    expect(e).toMatchObject({ statusCode: 400, param: "address.country", message: "Field `address.country` must be an ISO code." });
  });

  it("names an unknown key inside a nested object", () => {
    const e = invalidRequestFrom([issue({ keyword: "unrecognized_keys", instancePath: "/address", params: { keys: ["zip"] }, message: 'Unrecognized key: "zip"' })], "body");
    expect(e).toMatchObject({ param: "address.zip", message: "Field `address.zip` is not a known field." });
  });

  it("turns zod's generic messages into rules", () => {
    const missing = issue({ keyword: "invalid_type", message: "Invalid input: expected string, received undefined", params: { expected: "string" } });
    expect(invalidRequestFrom([missing], "body").message).toBe("Field `name` is required.");
    const wrongType = issue({ keyword: "invalid_type", message: "Invalid input: expected object, received string", params: { expected: "object" } });
    expect(invalidRequestFrom([wrongType], "body").message).toBe("Field `name` must be an object.");
    const enumIssue = issue({ keyword: "invalid_value", instancePath: "/force", message: "Invalid option", params: { values: ["true", "false"] } });
    expect(invalidRequestFrom([enumIssue], "querystring").message).toBe('Query parameter `force` must be one of "true", "false".');
  });

  it("reports a body that is not an object without a param", () => {
    const e = invalidRequestFrom([issue({ keyword: "invalid_type", instancePath: "/", message: "Invalid input" })], "body");
    expect(e.message).toBe("The request body must be a JSON object.");
    expect(e.param).toBeUndefined();
  });
});
