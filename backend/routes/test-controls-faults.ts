import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { FaultPlan, setFaultPlan, type Faults } from "../plugins/faults";

/** Dependencies of {@link faultControlRoutes}. */
export interface FaultControlOptions {
  readonly faults: Faults;
}

const Report = z.object({
  plan: FaultPlan.nullable(),
  matched: z.number().int(),
  injected: z.record(z.string(), z.number().int()),
});
const hidden = { hide: true };

/**
 * Test-only fault injection under `/_backend/faults` (see `installFaults`): `PUT` sets a seeded plan,
 * `GET` reports it with what was injected so far, `DELETE` clears it. Registered only in test mode.
 */
export const faultControlRoutes: FastifyPluginAsyncZod<FaultControlOptions> = async (app, { faults }) => {
  const report = () => ({ plan: faults.plan ?? null, matched: faults.counts.matched, injected: Object.fromEntries(faults.counts.injected) });

  app.put("/_backend/faults", { schema: { ...hidden, body: FaultPlan, response: { 200: Report } } }, async (request) => {
    setFaultPlan(faults, request.body);
    return report();
  });

  app.get("/_backend/faults", { schema: { ...hidden, response: { 200: Report } } }, async () => report());

  app.delete("/_backend/faults", { schema: { ...hidden, response: { 200: Report } } }, async () => {
    const before = report();
    setFaultPlan(faults, undefined);
    return before;
  });
};
