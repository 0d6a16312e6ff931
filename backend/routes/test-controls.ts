import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Db, wipeData } from "../db/database";
import { type RequestStats, resetRequestStats } from "../plugins/request-stats";

/** Dependencies of {@link testControlRoutes}. */
export interface TestControlOptions {
  readonly db: Db;
  readonly stats: RequestStats;
  /** Optional. Also run by the reset (e.g. rewinding the test clock); default nothing. */
  readonly onReset?: () => void;
}

const Ok = z.object({ ok: z.literal(true) });
const Stats = z.object({ requests: z.object({ total: z.number().int(), by_route: z.record(z.string(), z.number().int()) }) });
const hidden = { hide: true };

/**
 * Test-only controls under `/_backend/`, registered only in test mode and authenticated with the admin
 * token. Hidden from the OpenAPI document: they are not part of the management API.
 */
export const testControlRoutes: FastifyPluginAsyncZod<TestControlOptions> = async (app, { db, stats, onReset }) => {
  // Deletes all data but keeps the admin credential, so the test that called it stays authenticated;
  // the test clock goes back to the base clock.
  app.post("/_backend/reset", { schema: { ...hidden, response: { 200: Ok } } }, async () => {
    wipeData(db);
    onReset?.();
    return { ok: true as const };
  });

  app.get("/_backend/stats", { schema: { ...hidden, response: { 200: Stats } } }, async () => ({
    requests: { total: stats.total, by_route: Object.fromEntries(stats.byRoute) },
  }));

  app.post("/_backend/stats/reset", { schema: { ...hidden, response: { 200: Ok } } }, async () => {
    resetRequestStats(stats);
    return { ok: true as const };
  });
};
