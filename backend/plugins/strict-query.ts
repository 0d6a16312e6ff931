import type { FastifyInstance } from "fastify";
import { z } from "zod";

/** The query of a route that takes none: any parameter is unknown. */
const NoQuery = z.object({}).strict();

/**
 * Gives every route of the API document (a schema, not hidden) that has no query schema one that accepts no
 * parameters, so `?anything` is a 400 naming it, as unknown body fields are (the contract's query schemas
 * are strict too). Routes outside the document (static files with cache-busting `?v=`, `/openapi.json`,
 * the test controls) are left alone. Must be installed before the routes are registered.
 */
export function installStrictQuery(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    const schema = route.schema as ({ hide?: boolean } & typeof route.schema) | undefined;
    if (schema === undefined || schema.hide === true || schema.querystring !== undefined) return;
    route.schema = { ...schema, querystring: NoQuery };
  });
}
