import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Caller } from "../../api";
import { BackendError, MESSAGES } from "../errors";
import type { MemberStore } from "../store/members";
import { principalOf } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link meRoutes}. */
export interface MeRoutesOptions {
  readonly members: MemberStore;
  /** The backend clock. */
  readonly now: () => Date;
}

/**
 * `GET /v1/me`: who the caller is (management key or member, and the member's current role and group), which
 * the console needs to offer edit controls only to Admins. The routes themselves still enforce the roles.
 */
export const meRoutes: FastifyPluginAsyncZod<MeRoutesOptions> = async (app, { members, now }) => {
  app.get("/v1/me", {
    schema: { operationId: "retrieveCaller", summary: "Who the credential authenticates as", tags: ["access"],
      response: { 200: json("The caller.", Caller), ...errorResponses(401, 403) } },
  }, async (request) => {
    const principal = principalOf(request);
    if (principal.kind === "admin") return { object: "caller" as const, kind: "management_key" as const, role: "admin" as const, group_id: null, member: null };
    if (principal.kind === "api_key") throw new BackendError("forbidden", MESSAGES.apiKeyNotForManagement);
    const member = members.find(principal.id, now());
    // A removed member's credentials are revoked; an invitation not (or no longer) active authorizes nothing.
    if (member === undefined || member.status !== "active") throw new BackendError("unauthenticated", MESSAGES.invalidAuth);
    return { object: "caller" as const, kind: "member" as const, role: member.role, group_id: member.group_id, member };
  });
};
