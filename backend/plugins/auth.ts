import type { FastifyInstance, FastifyRequest } from "fastify";
import { BackendError, MESSAGES } from "../errors";
import type { CredentialStore, Principal } from "../store/credentials";

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated caller; set by the auth hook on every non-public route. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Optional. `true` for routes that need no `Authorization` (health, OpenAPI document); default `false`. */
    public?: boolean;
  }
}

/**
 * Requires `Authorization: Bearer <token>` on every route not marked `config: {public: true}`; a missing,
 * malformed, unknown or revoked token is 401 `unauthenticated`. Unknown routes are left to the 404 handler
 * so a typo in a URL reads as a typo. The token is never logged or echoed.
 */
export function installAuth(app: FastifyInstance, credentials: CredentialStore): void {
  // Synchronous: an async hook costs a promise and a microtask on every request. A throw goes to the error handler.
  app.addHook("onRequest", (request, _reply, done) => {
    if (!request.is404 && request.routeOptions.config.public !== true) request.principal = authenticate(request, credentials);
    done();
  });
}

/** The principal behind the request's bearer token; throws 401 `unauthenticated` otherwise. */
export function authenticate(request: FastifyRequest, credentials: CredentialStore): Principal {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === "") throw new BackendError("unauthenticated", MESSAGES.missingAuth);
  const match = /^Bearer +(\S+) *$/i.exec(header);
  const principal = match?.[1] === undefined ? undefined : credentials.authenticate(match[1]);
  if (principal === undefined) throw new BackendError("unauthenticated", MESSAGES.invalidAuth);
  return principal;
}
