import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { TestClock } from "../clock";

/** Dependencies of {@link billingTestControlRoutes}. */
export interface BillingTestControlOptions {
  /** The backend clock, which these controls move. */
  readonly clock: TestClock;
}

const hidden = { hide: true };
const Now = z.object({ now: z.iso.datetime() });
/** Body of `POST /_backend/clock/advance`: how far to move the clock forward (at most 400 days). */
const Advance = z.object({ seconds: z.number().int().min(0).max(400 * 24 * 3600) }).strict();

/**
 * Test-only billing controls: the test clock, which moves the backend's time forward so a billing cycle
 * closes (or an event ages) inside a test. Registered only in test mode; the management key only. Hidden
 * from the OpenAPI document. Payment failures need no control: a `pm_card_declined` card on file makes
 * auto reload fail for real.
 */
export const billingTestControlRoutes: FastifyPluginAsyncZod<BillingTestControlOptions> = async (app, { clock }) => {
  app.get("/_backend/clock", { schema: { ...hidden, response: { 200: Now } } }, async () => ({ now: clock.now().toISOString() }));

  app.post("/_backend/clock/advance", { schema: { ...hidden, body: Advance, response: { 200: Now } } },
    async (request) => ({ now: clock.advance(request.body.seconds * 1000).toISOString() }));
};
