import { startTestBackend, wireAddress, type TestBackend } from "../../helpers/backend";
import { useTestApp } from "./helpers";

/** One raw request, so the test sees exactly what the backend did (no client retries). */
async function send(backend: TestBackend, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<number | "dropped"> {
  try {
    const res = await fetch(`${backend.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${backend.adminToken}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : null,
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return "dropped";
  }
}

describe("fault injection under /_backend/faults", () => {
  let backend: TestBackend;
  beforeEach(async () => { backend = await startTestBackend(); });
  afterEach(async () => backend.close());

  it("fails every matching request with the chosen status and leaves other routes and the controls alone", async () => {
    await backend.control("PUT", "faults", { seed: 1, rules: [{ route: "/v1/groups", method: "GET", rate: 1, faults: [503] }] });
    expect(await send(backend, "GET", "/v1/groups")).toBe(503);
    expect(await send(backend, "GET", "/v1/groups/grp_0123456789abcdefghijklmn")).toBe(404);
    expect(await backend.control("GET", "faults")).toMatchObject({ matched: 1, injected: { "503": 1 } });
  });

  it("sends Retry-After with an injected 429", async () => {
    await backend.control("PUT", "faults", { seed: 1, rules: [{ rate: 1, faults: [429], retryAfterSeconds: 7 }] });
    const res = await fetch(`${backend.url}/v1/groups`, { headers: { authorization: `Bearer ${backend.adminToken}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("replays the same fates for the same seed, so a failing run can be reproduced", async () => {
    const plan = { seed: 42, rules: [{ route: "/v1/**", rate: 0.5, faults: [500, 502, 503, 429, "drop"] }] };
    const run = async () => {
      await backend.control("PUT", "faults", plan);
      const fates: Array<number | "dropped"> = [];
      for (let i = 0; i < 30; i++) fates.push(await send(backend, "GET", "/v1/groups"));
      return fates;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 502, 503, 429, "dropped"]));
  });

  it("drops the connection after the handler ran, and the idempotency key then replays the create", async () => {
    await backend.control("PUT", "faults", { seed: 3, rules: [{ route: "/v1/groups", method: "POST", rate: 1, faults: ["drop_after"] }] });
    const body = { name: "Lost answer", address: wireAddress };
    expect(await send(backend, "POST", "/v1/groups", body, { "idempotency-key": "k-1" })).toBe("dropped");
    await backend.control("DELETE", "faults");
    expect(await send(backend, "POST", "/v1/groups", body, { "idempotency-key": "k-1" })).toBe(201);
    expect((await backend.client.groups.list()).data.map((g) => g.name)).toEqual(["Lost answer"]);
  });

  it("drops the connection before the handler when asked, so nothing is created", async () => {
    await backend.control("PUT", "faults", { seed: 3, rules: [{ route: "/v1/groups", method: "POST", rate: 1, faults: ["drop"] }] });
    expect(await send(backend, "POST", "/v1/groups", { name: "Never", address: wireAddress })).toBe("dropped");
    await backend.control("DELETE", "faults");
    expect((await backend.client.groups.list()).data).toEqual([]);
  });

  it("adds latency to every matching request", async () => {
    await backend.control("PUT", "faults", { seed: 1, rules: [{ rate: 0, latencyMs: 150 }] });
    const started = Date.now();
    expect(await send(backend, "GET", "/v1/groups")).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("rejects an invalid plan naming the field", async () => {
    await expect(backend.control("PUT", "faults", { seed: 1, rules: [{ rate: 2 }] })).rejects.toThrow(/rules\.0\.rate/);
  });
});

describe("fault controls without test mode", () => {
  const production = useTestApp({ testMode: false });

  it("are not registered", async () => {
    const res = await production.request({ method: "GET", url: "/_backend/faults" });
    expect(res.statusCode).toBe(404);
  });
});
