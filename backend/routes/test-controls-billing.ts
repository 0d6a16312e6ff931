import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AutoReload, GroupParams } from "../../api";
import { BackendError } from "../errors";
import type { AutoReloadStore } from "../store/auto-reload";

/** Dependencies of {@link billingTestControlRoutes}. */
export interface BillingTestControlOptions {
  readonly autoReload: AutoReloadStore;
  /** The backend clock. */
  readonly now: () => Date;
}

const hidden = { hide: true };

/**
 * Test-only billing controls that play the metering backend's part. Registered only in test mode; the
 * management key only. Hidden from the OpenAPI document.
 */
export const billingTestControlRoutes: FastifyPluginAsyncZod<BillingTestControlOptions> = async (app, { autoReload, now }) => {
  app.addHook("onRequest", async (request) => {
    if (request.principal?.kind !== "admin") throw new BackendError("forbidden", "Test controls need the management key.");
  });

  // What metering does after three declined charges in a row: auto reload off, `disabled_reason:
  // "payment_failures"`, audited as the system. Drift tests use it to change a policy behind Pulumi's back.
  app.post("/_backend/groups/:group_id/auto_reload/payment_failures", { schema: { ...hidden, params: GroupParams, response: { 200: AutoReload } } },
    async (request) => autoReload.disable(request.params.group_id, "payment_failures", "system", now()));
};
