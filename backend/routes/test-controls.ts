import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { BackendError } from "../errors";
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
 * The hook every test control runs under (`app.ts` registers them all in one scope with it): only the
 * management key may use them. An API key or a member's credential is a valid caller of the API, and a
 * group's key must not wipe the database or switch faults on for everyone.
 * @throws BackendError 403 `forbidden` for any other credential.
 */
export async function managementKeyOnly(request: FastifyRequest): Promise<void> {
  if (request.principal?.kind !== "admin") throw new BackendError("forbidden", "Test controls need the management key.");
}

/**
 * Test-only controls under `/_backend/`, registered only in test mode and authenticated with the admin
 * token (see {@link managementKeyOnly}). Hidden from the OpenAPI document: they are not part of the management API.
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
