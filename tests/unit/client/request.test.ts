import { inspect } from "node:util";
import {
  ApiConnectionError,
  ApiTimeoutError,
  createClient,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
  Traffic,
  type ClientOptions,
  type PerplexityClient,
} from "../../../client";
import { apiError, delayed, groupBody, json, resetConnection, startScriptedServer, text, type ScriptedServer } from "./scripted-server";

const SECRET = "pplx-test-secret-0123456789";
const GROUP_ID = "grp_0123456789abcdefghijklmn";
const createBody = { name: "Secret Body Corp", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } };
const unavailable = apiError(503, "service_unavailable", "api_error", "Try again later.");

let server: ScriptedServer;
let sleeps: number[];

beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(() => server.close());
beforeEach(() => {
  sleeps = [];
});

function client(options: Partial<ClientOptions> = {}): PerplexityClient {
  const sleep = async (ms: number) => void sleeps.push(ms);
  return createClient({ baseUrl: server.url, apiKey: SECRET, traffic: new Traffic(), ...options, retry: { random: () => 0.5, sleep, ...options.retry } });
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to fail");
}

describe("request retries", () => {
  it("retries a 429 and waits at least the Retry-After the server asked for", async () => {
    server.script(apiError(429, "rate_limited", "rate_limit_error", "Slow down.", { headers: { "retry-after": "3" } }), json(200, groupBody()));
    await expect(client().groups.retrieve(GROUP_ID)).resolves.toMatchObject({ id: GROUP_ID });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
  });

  it("honours retry-after-ms over Retry-After", async () => {
    server.script(apiError(429, "rate_limited", "rate_limit_error", "Slow down.", { headers: { "retry-after-ms": "1500", "retry-after": "9" } }), json(200, groupBody()));
    await client().groups.retrieve(GROUP_ID);
    expect(sleeps).toEqual([1500]);
  });

  it.each([500, 502, 503, 504])("retries a %i and then succeeds", async (status) => {
    server.script(apiError(status, "internal_error", "api_error", "Boom."), json(200, groupBody()));
    await expect(client().groups.retrieve(GROUP_ID)).resolves.toMatchObject({ id: GROUP_ID });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([250]);
  });

  it("backs off exponentially with full jitter between retries", async () => {
    server.script(unavailable, unavailable, unavailable, json(200, groupBody()));
    await client().groups.retrieve(GROUP_ID);
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it("retries when the server resets the connection", async () => {
    server.script(resetConnection, json(200, groupBody()));
    await expect(client().groups.retrieve(GROUP_ID)).resolves.toMatchObject({ id: GROUP_ID });
    expect(server.requests).toHaveLength(2);
  });

  it("retries an attempt that exceeds the per-attempt timeout", async () => {
    server.script(delayed(5000, json(200, groupBody())), json(200, groupBody()));
    // 2 s per attempt: the second attempt must answer within it even on a loaded machine (100 ms did not).
    await expect(client({ timeoutMs: 2000 }).groups.retrieve(GROUP_ID)).resolves.toMatchObject({ id: GROUP_ID });
    expect(server.requests).toHaveLength(2);
  });

  it("gives up with an ApiTimeoutError when every attempt times out", async () => {
    server.script(delayed(5000, json(200, groupBody())));
    const err = await caught(client({ timeoutMs: 50, retry: { maxRetries: 1 } }).groups.retrieve(GROUP_ID));
    expect(ApiTimeoutError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: "timeout", timeoutMs: 50 });
    expect(err.message).toBe(`GET /v1/groups/${GROUP_ID}: no response within 50 ms (after 2 attempts)`);
    expect(inspect(err).split("(after 2 attempts)")).toHaveLength(2);
  });

  it.each([
    [400, "invalid_request", "invalid_request_error"],
    [401, "unauthenticated", "authentication_error"],
    [403, "forbidden", "permission_error"],
    [404, "group_not_found", "not_found_error"],
    [409, "group_not_empty", "conflict_error"],
    [422, "idempotency_key_reused", "idempotency_error"],
  ])("does not retry a %i", async (status, code, type) => {
    server.script(apiError(status, code, type, "No."), json(200, groupBody()));
    await expect(client().groups.retrieve(GROUP_ID)).rejects.toMatchObject({ status, code });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("retries a 409 while the same idempotency key is still in flight", async () => {
    server.script(apiError(409, "idempotency_key_in_use", "conflict_error", "In progress.", { headers: { "retry-after": "1" } }), json(200, groupBody()));
    await client().groups.create(createBody);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it("retries reads more often than writes", async () => {
    server.script(unavailable);
    await expect(client().groups.retrieve(GROUP_ID)).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(9);
    server.script(unavailable);
    await expect(client().groups.create(createBody)).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(6);
  });

  it("retries nothing when maxRetries is 0", async () => {
    server.script(unavailable);
    await expect(client({ retry: { maxRetries: 0 } }).groups.retrieve(GROUP_ID)).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it("reports each retry to onRetry without secrets", async () => {
    const events: unknown[] = [];
    server.script(unavailable, json(200, groupBody()));
    await client({ onRetry: (e) => events.push(e) }).groups.create(createBody);
    expect(events).toEqual([expect.objectContaining({ method: "POST", path: "/v1/groups", attempt: 1, delayMs: 250 })]);
    expect(inspect(events, { depth: 5 })).not.toContain(SECRET);
    expect(inspect(events, { depth: 5 })).not.toContain("Secret Body Corp");
  });
});

describe("idempotency keys", () => {
  it("retries a 503 and then succeeds with the same idempotency key", async () => {
    server.script(unavailable, unavailable, json(200, groupBody()));
    await client().groups.create(createBody);
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(new Set(server.requests.map((r) => r.body)).size).toBe(1);
  });

  it("uses a different key for the next logical POST", async () => {
    server.script(json(200, groupBody()));
    const c = client();
    await c.groups.create(createBody);
    await c.groups.create(createBody);
    expect(server.requests[0]?.headers["idempotency-key"]).not.toBe(server.requests[1]?.headers["idempotency-key"]);
  });

  it("sends the caller's key verbatim on every attempt", async () => {
    server.script(unavailable, json(200, groupBody()));
    await client().groups.create(createBody, { idempotencyKey: "create-acme-1" });
    expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["create-acme-1", "create-acme-1"]);
  });

  it("sends no key on reads", async () => {
    server.script(json(200, groupBody()));
    await client().groups.retrieve(GROUP_ID);
    expect(server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
  });
});

describe("deadline", () => {
  it("stops retrying when the Retry-After would pass the deadline and says so", async () => {
    server.script(apiError(429, "rate_limited", "rate_limit_error", "Slow down.", { headers: { "retry-after": "5" } }));
    const err = await caught(client({ deadlineMs: 2000 }).groups.retrieve(GROUP_ID));
    expect(RateLimitError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ retryAfterMs: 5000 });
    expect(err.message).toMatch(/gave up after 1 attempt: the 2000 ms deadline leaves no time for another/);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("cuts a slow attempt short at the deadline", async () => {
    server.script(delayed(5000, json(200, groupBody())));
    const err = await caught(client({ deadlineMs: 150 }).groups.retrieve(GROUP_ID));
    expect(ApiTimeoutError.isInstance(err)).toBe(true);
    expect(err.message).toMatch(/deadline/);
    expect(server.requests).toHaveLength(1);
  });
});

describe("responses", () => {
  it("tolerates a non-JSON 502 body and retries it", async () => {
    server.script(text(502, "<html><body>Bad gateway</body></html>"));
    const err = await caught(client({ retry: { maxRetries: 1 } }).groups.retrieve(GROUP_ID));
    expect(InternalServerError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ status: 502, code: "http_502", type: "api_error" });
    expect(err.message).not.toContain("<html>");
    expect(server.requests).toHaveLength(2);
  });

  it("rejects a 2xx body that breaks the contract with the offending paths but not the values", async () => {
    server.script(json(200, { ...groupBody(), id: "not-a-group-id", tier: "platinum" }));
    const err = await caught(client().groups.retrieve(GROUP_ID));
    expect(InvalidResponseError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: "invalid_response", status: 200 });
    expect((err as InvalidResponseError).issues.map((i) => i.path)).toEqual(["id", "tier"]);
    expect(err.message).not.toMatch(/not-a-group-id|platinum/);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a 2xx body that is not JSON", async () => {
    server.script(text(200, "OK", "text/plain"));
    await expect(client().groups.retrieve(GROUP_ID)).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("reports a refused connection as an ApiConnectionError", async () => {
    const closed = await startScriptedServer();
    await closed.close();
    const err = await caught(createClient({ baseUrl: closed.url, apiKey: SECRET, retry: { maxRetries: 0 } }).groups.retrieve(GROUP_ID));
    expect(ApiConnectionError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: "connection_error", systemCode: "ECONNREFUSED" });
  });
});

describe("headers", () => {
  it("sends the bearer token, a versioned User-Agent and a JSON body", async () => {
    server.script(json(200, groupBody()));
    await client({ userAgent: "ci/1.0" }).groups.create(createBody);
    const [req] = server.requests;
    expect(req?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(req?.headers["user-agent"]).toMatch(/^pulumi-perplexity\/\d+\.\d+\.\d+\S* ci\/1\.0$/);
    expect(req?.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(req?.body ?? "")).toEqual(createBody);
  });
});
