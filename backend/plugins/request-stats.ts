import type { FastifyInstance } from "fastify";

/** Request counters for test mode, so tests can assert what the backend received (or that it received nothing). */
export interface RequestStats {
  /** Requests counted since start or the last reset. */
  total: number;
  /** Counts per `"METHOD /route/:pattern"`; requests matching no route count under `"METHOD (unmatched)"`. */
  byRoute: Map<string, number>;
}

/** A fresh, empty {@link RequestStats}. */
export function createRequestStats(): RequestStats {
  return { total: 0, byRoute: new Map() };
}

/** Counts every request on arrival (before auth, so rejected ones count too) except the `/_backend/` controls. */
export function installRequestStats(app: FastifyInstance, stats: RequestStats): void {
  app.addHook("onRequest", async (request) => {
    if (request.url.startsWith("/_backend/")) return;
    const route = request.is404 ? "(unmatched)" : (request.routeOptions.url ?? "(unmatched)");
    const key = `${request.method} ${route}`;
    stats.total += 1;
    stats.byRoute.set(key, (stats.byRoute.get(key) ?? 0) + 1);
  });
}

/** Clears the counters in place. */
export function resetRequestStats(stats: RequestStats): void {
  stats.total = 0;
  stats.byRoute.clear();
}
