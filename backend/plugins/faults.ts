import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { BackendError } from "../errors";

/**
 * What an injected fault does: answer with that status (429 carries `Retry-After`), `drop` the connection
 * before the request reaches its handler, or `drop_after` it ran (the change is made, the answer is lost:
 * the case that mints duplicates when a client retries a create without an idempotency key).
 */
export const FaultKind = z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(429), z.literal("drop"), z.literal("drop_after")]);
/** One of {@link FaultKind}. */
export type FaultKind = z.infer<typeof FaultKind>;

/** One rule; the first rule whose `route` and `method` match a request decides its fate. */
export const FaultRule = z.strictObject({
  /** Path pattern, e.g. `/v1/groups/*\/members`: `*` is one segment, `**` any rest. Optional; default every path. */
  route: z.string().startsWith("/").optional(),
  /** HTTP method, upper case. Optional; default every method. */
  method: z.string().regex(/^[A-Z]+$/).optional(),
  /** Share of matching requests that fail, 0–1. */
  rate: z.number().min(0).max(1),
  /** The faults to pick from, uniformly; default `[503]`. */
  faults: z.array(FaultKind).min(1).default([503]),
  /** Added delay before every matching request is handled, in milliseconds; default 0. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** `Retry-After` of injected 429s, in seconds; default 1. */
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
});
/** A parsed {@link FaultRule}. */
export type FaultRule = z.infer<typeof FaultRule>;

/** The fault plan a test sets with `PUT /_backend/faults`. */
export const FaultPlan = z.strictObject({
  /** Seeds the generator: the n-th matching request meets the same fate in every run with this seed. */
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  rules: z.array(FaultRule).max(50),
});
/** A parsed {@link FaultPlan}. */
export type FaultPlan = z.infer<typeof FaultPlan>;

/** The fault injector's state: the plan, its seeded generator, and what it injected so far. */
export interface Faults {
  plan: FaultPlan | undefined;
  /** Matching requests seen and faults injected by kind (`"500"`, `"drop"`, …), since the plan was set. */
  counts: { matched: number; injected: Map<string, number> };
  random: () => number;
  patterns: RegExp[];
}

/** A fault injector with no plan: every request passes untouched. */
export function createFaults(): Faults {
  return { plan: undefined, counts: { matched: 0, injected: new Map() }, random: seededRandom(0), patterns: [] };
}

/** Replaces the plan (or clears it with `undefined`), restarting the generator and the counts. */
export function setFaultPlan(faults: Faults, plan: FaultPlan | undefined): void {
  faults.plan = plan;
  faults.random = seededRandom(plan?.seed ?? 0);
  faults.patterns = (plan?.rules ?? []).map((r) => patternOf(r.route ?? "/**"));
  faults.counts = { matched: 0, injected: new Map() };
}

/**
 * Injects the plan's faults into every request except the `/_backend/` controls (test mode only). Runs
 * after authentication and before the handler; `drop_after` cuts the connection once the response,
 * idempotency record included, is ready. Must be installed after the idempotency plugin.
 */
export function installFaults(app: FastifyInstance, faults: Faults): void {
  const doomed = new WeakSet<FastifyRequest>();
  app.addHook("onRequest", async (request, reply) => {
    const rule = matchingRule(faults, request);
    if (!rule) return;
    faults.counts.matched += 1;
    if (rule.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs));
    if (faults.random() >= rule.rate) return;
    const kind = rule.faults[Math.floor(faults.random() * rule.faults.length)] as FaultKind;
    faults.counts.injected.set(String(kind), (faults.counts.injected.get(String(kind)) ?? 0) + 1);
    if (kind === "drop_after") return void doomed.add(request);
    if (kind === "drop") {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (kind === 429) throw new BackendError("rate_limited", "Too many requests (injected fault).", undefined, { "retry-after": String(rule.retryAfterSeconds) });
    if (kind === 503) throw new BackendError("service_unavailable", "The service is unavailable (injected fault).");
    // 500 and 502 share the generic code: a proxy's 502 carries no code of the API.
    throw Object.assign(new BackendError("internal_error", "An internal error occurred (injected fault)."), { statusCode: kind });
  });
  app.addHook("onSend", async (request, _reply, payload) => {
    if (doomed.has(request)) request.raw.socket.destroy();
    return payload;
  });
}

function matchingRule(faults: Faults, request: FastifyRequest): FaultRule | undefined {
  const plan = faults.plan;
  const path = request.url.split("?")[0] ?? "";
  if (!plan || path.startsWith("/_backend/")) return undefined;
  return plan.rules.find((rule, i) => (!rule.method || rule.method === request.method) && faults.patterns[i]?.test(path));
}

function patternOf(route: string): RegExp {
  const escaped = route.split("/").map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${escaped.join("/")}/?$`);
}

/**
 * A small seeded generator (mulberry32) of numbers in [0, 1): Math.random cannot be seeded, and a failing
 * chaos run must replay. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
