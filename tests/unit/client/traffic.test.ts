import { createClient, RETRY_BUDGET_TOKENS, RetryBudget, Traffic, ApiTimeoutError, InternalServerError, type PerplexityClient } from "../../../client";
import { apiError, groupBody, json, startScriptedServer, type ScriptedServer } from "./scripted-server";

const GROUP_ID = "grp_0123456789abcdefghijklmn";
const unavailable = apiError(503, "service_unavailable", "api_error", "Try again later.");
const target = { method: "GET", path: "/v1/groups" };

let server: ScriptedServer;
beforeAll(async () => { server = await startScriptedServer(); });
afterAll(() => server.close());

/** A client of the scripted server on `traffic`, recording its sleeps instead of sleeping. */
function clientOn(traffic: Traffic, sleeps: number[] = []): PerplexityClient {
  return createClient({ baseUrl: server.url, apiKey: "pplx-k", traffic, retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) } });
}

describe("the retry budget", () => {
  it("charges 5 tokens a retry and 10 after a timeout, and runs dry after 100 retries", () => {
    const budget = new RetryBudget();
    expect(budget.spend(new ApiTimeoutError(target, 1))).toBe(10);
    budget.succeeded(10);
    expect(budget.tokens).toBe(RETRY_BUDGET_TOKENS);
    let retries = 0;
    while (budget.spend(new Error("503")) !== undefined) retries++;
    expect(retries).toBe(100);
  });

  it("earns a token back for each first-try success, up to the full budget", () => {
    const budget = new RetryBudget();
    budget.spend(new Error("503"));
    budget.succeeded(0);
    expect(budget.tokens).toBe(RETRY_BUDGET_TOKENS - 4);
  });

  it("makes a call fail at its first error once the process has spent it, and says why", async () => {
    const traffic = new Traffic();
    while (traffic.budget.spend(new Error("503")) !== undefined);
    server.script(unavailable);
    const error = await clientOn(traffic).groups.retrieve(GROUP_ID).catch((e: unknown) => e);
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/not retried after 1 attempt: this process's retry budget is spent/);
    expect(server.requests).toHaveLength(1);
  });
});

describe("the shared 429 cooldown", () => {
  it("makes every other call of the process wait out a 429 before its first attempt", async () => {
    const traffic = new Traffic();
    const first: number[] = [];
    const second: number[] = [];
    server.script(apiError(429, "rate_limited", "rate_limit_error", "Slow down.", { headers: { "retry-after": "2" } }), json(200, groupBody()));
    await clientOn(traffic, first).groups.retrieve(GROUP_ID);
    server.script(json(200, groupBody()));
    await clientOn(traffic, second).groups.retrieve(GROUP_ID);
    expect(first).toEqual([2000]);
    // The sleeps are recorded, not slept, so the cooldown set by the first call is still running.
    expect(second).toHaveLength(1);
    expect(second[0]).toBeGreaterThan(1900);
  });

  it("fails a call at once when the cooldown outlasts its deadline", async () => {
    const traffic = new Traffic();
    traffic.coolDown(Date.now() + 60_000);
    server.script(json(200, groupBody()));
    const client = createClient({ baseUrl: server.url, apiKey: "pplx-k", traffic, deadlineMs: 5000 });
    await expect(client.groups.retrieve(GROUP_ID)).rejects.toMatchObject({ code: "cooldown_past_deadline" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("the concurrency cap", () => {
  it("keeps at most maxConcurrency requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    server.script((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        json(200, groupBody())(req, res);
      }, 30);
    });
    const client = createClient({ baseUrl: server.url, apiKey: "pplx-k", traffic: new Traffic(), maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => client.groups.retrieve(GROUP_ID)));
    expect(server.requests).toHaveLength(12);
    expect(peak).toBe(3);
  });

  it("rejects a cap that is not a whole number of at least 1", () => {
    expect(() => new Traffic(0)).toThrow(/at least 1/);
    expect(() => { new Traffic().maxConcurrency = 1.5; }).toThrow(/at least 1/);
  });
});

describe("replayed creates", () => {
  it("are reported, so a caller can tell a replay from a new object", async () => {
    const replays: string[] = [];
    server.script(json(201, groupBody(), { "idempotent-replayed": "true" }), json(201, groupBody()));
    const client = clientOn(new Traffic());
    const body = { name: "Acme", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } };
    await client.groups.create(body, { idempotencyKey: "k", onReplayed: () => replays.push("first") });
    await client.groups.create(body, { idempotencyKey: "k2", onReplayed: () => replays.push("second") });
    expect(replays).toEqual(["first"]);
  });
});


