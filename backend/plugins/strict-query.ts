import type { FastifyInstance } from "fastify";
import { z } from "zod";

/** The query of a route that takes none: any parameter is unknown. */
const NoQuery = z.object({}).strict();

/**
 * Gives every route without a query schema one that accepts no parameters, so `?anything` is a 400 naming
 * it, as unknown body fields are (the contract's query schemas are strict too). Must be installed before
 * the routes are registered.
 */
export function installStrictQuery(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    if (route.schema?.querystring === undefined) route.schema = { ...route.schema, querystring: NoQuery };
  });
}
