import type { FastifyInstance } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Optional. `true` for the console's files, which set their own caching and security headers; default `false`. */
    consoleFile?: boolean;
  }
}

/**
 * The headers every API response carries, errors and unknown routes included: `Cache-Control: no-store`,
 * since responses hold account data and a created key's one-time token that no cache (a proxy, the
 * browser's back button) may keep; `X-Content-Type-Options: nosniff`, so a JSON body is never run as
 * anything else. The console's files keep their own (`no-cache`, a content security policy).
 */
export function installApiHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply) => {
    if (request.routeOptions.config?.consoleFile === true) return;
    reply.header("cache-control", "no-store");
    reply.header("x-content-type-options", "nosniff");
  });
}
