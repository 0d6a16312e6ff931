import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import { BackendError, MESSAGES } from "../errors";
import { type Access, authorizeGroup, authorizeOrganisation, type RoleOf } from "../plugins/authorize";
import type { Principal } from "../store/credentials";

/**
 * A route `onRequest` hook allowing the caller `access` to the group in the `group_id` path parameter
 * (see `authorizeGroup`). It runs before validation and idempotency, so a caller without access learns
 * nothing from a 400 about the body, and a 403 is never stored as an idempotent response.
 */
export function groupAccess(access: Access, roleOf: RoleOf): RouteHook {
  return (request, _reply, done) => {
    const groupId = (request.params as { group_id?: unknown }).group_id;
    authorizeGroup(request.principal, typeof groupId === "string" ? groupId : "", access, roleOf);
    done();
  };
}

/**
 * A route hook in Fastify's callback style: synchronous, so it costs no promise and no microtask per
 * request; what it throws goes to the error handler.
 */
export type RouteHook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/** A route `onRequest` hook allowing only the management key (routes across groups, usage ingestion). */
export const organisationAccess: RouteHook = (request, _reply, done) => {
  authorizeOrganisation(request.principal);
  done();
};

/** The authenticated caller, for audit events; 401 if the route was (wrongly) reached without one. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new BackendError("unauthenticated", MESSAGES.missingAuth);
  return request.principal;
}
