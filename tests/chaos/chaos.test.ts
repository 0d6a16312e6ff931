import { ApiKey, AutoReloadPolicy, Group, Member } from "pulumi-perplexity";
import { DEFAULT_DEADLINE_MS } from "../../client";
import { startTestBackend, type TestBackend } from "../helpers/backend";
import { newStack, type TestStack } from "../e2e/helpers/stack";
import { reconcile, stateIds, type Declared } from "./helpers/inventory";

const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
const declared: Declared = {
  members: Array.from({ length: 40 }, (_, i) => `member${i}@example.com`),
  keys: Array.from({ length: 20 }, (_, i) => `key-${i}`),
};
/** One request in five fails: every status the API may answer under load, and connections cut before or after the work. */
const chaos = { seed: 20261127, rules: [{ route: "/v1/**", rate: 0.2, faults: [500, 502, 503, 429, "drop", "drop_after"], retryAfterSeconds: 1 }] };

describe("under injected faults", () => {
  let backend: TestBackend;
  let test: TestStack | undefined;
  beforeEach(async () => { backend = await startTestBackend(); });
  afterEach(async () => {
    await backend.control("DELETE", "faults");
    await test?.cleanup();
    await backend.close();
  });

  it("a stack of 1 group, 40 members, 20 keys and 1 policy converges in one up with nothing duplicated or leaked", async () => {
    // The group is adopted: auto reload needs a payment method, which only the console can add.
    const made = await backend.client.groups.create({ name: "Chaos", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } });
    await backend.client.billing.setPaymentMethod(made.id, { token: "pm_card_visa" });
    test = await newStack(backend, async () => {
      const group = new Group("chaos", { name: "Chaos", address, existingGroupId: made.id });
      declared.members.forEach((email, i) => new Member(`m${i}`, { groupId: group.id, email, role: i === 0 ? "admin" : "member" }));
      declared.keys.forEach((name) => new ApiKey(name, { groupId: group.id }));
      new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50 });
    });
    await backend.control("PUT", "faults", chaos);

    const started = Date.now();
    const up = await test.stack.up();
    const convergeMs = Date.now() - started;
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ create: 64 }); // with the stack and the stack-instance resource
    // A refreshing preview reads every object back, still under faults, and must find nothing to change.
    await test.stack.preview({ refresh: true, expectNoChanges: true });
    const report = await backend.control("DELETE", "faults");

    expect(await reconcile(backend, test.stack, made.id, declared)).toEqual({ duplicates: 0, orphans: 0, missing: 0 });
    expect(await stateIds(test.stack, "ApiKey")).toHaveLength(20);
    expect(await backend.client.billing.getAutoReload(made.id)).toMatchObject({ enabled: true, threshold_usd_micros: 10_000_000 });
    const injected = report.injected as Record<string, number>;
    expect(Object.values(injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    console.log(`chaos: 1 up converged in ${convergeMs} ms; ${String(report.matched)} requests, faults injected ${JSON.stringify(injected)}; duplicates 0, orphans 0`);
  });

  it("a run against an API that always answers 503 fails within a bounded time, saying what failed and why", async () => {
    test = await newStack(backend, async () => {
      const group = new Group("doomed", { address });
      new Member("a", { groupId: group.id, email: "a@example.com", role: "admin" });
    });
    await backend.control("PUT", "faults", { seed: 1, rules: [{ rate: 1, faults: [503] }] });
    const started = Date.now();
    const error = await test.stack.up().then(() => undefined, (e: unknown) => e as Error);
    const failedMs = Date.now() - started;
    expect(error?.message).toMatch(/creating group "doomed": POST \/v1\/groups: 503 service_unavailable: The service is unavailable \(injected fault\)\. \(after 6 attempts\)/);
    // Six attempts with backoff capped at 8 s fit well inside the client's overall deadline.
    expect(failedMs).toBeLessThan(DEFAULT_DEADLINE_MS);
    await backend.control("DELETE", "faults");
    expect((await backend.client.groups.list()).data).toEqual([]);
    console.log(`chaos: with every request failing (503) the up failed after ${failedMs} ms`);
  });
});
