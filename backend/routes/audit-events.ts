import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AuditEventList, GroupParams, ListAuditEventsQuery } from "../../api";
import { assertFound, MESSAGES } from "../errors";
import type { RoleOf } from "../plugins/authorize";
import type { AuditStore } from "../store/audit";
import type { GroupStore } from "../store/groups";
import { groupAccess } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link auditEventRoutes}. */
export interface AuditEventRoutesOptions {
  readonly audit: AuditStore;
  /** To answer 404 for a group that does not exist (events of deleted groups are kept but not listed). */
  readonly groups: GroupStore;
  /** The current role of an active member, for authorization. */
  readonly roleOf: RoleOf;
}

/** `GET /v1/groups/{group_id}/audit_events`: the group's change history, oldest first; any role may read it. */
export const auditEventRoutes: FastifyPluginAsyncZod<AuditEventRoutesOptions> = async (app, { audit, groups, roleOf }) => {
  app.get("/v1/groups/:group_id/audit_events", {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "listAuditEvents", summary: "List a group's audit events", tags: ["audit events"],
      params: GroupParams, querystring: ListAuditEventsQuery,
      response: { 200: json("One page of audit events, oldest first.", AuditEventList), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const { group_id: id } = request.params;
    assertFound(groups.get(id), "group_not_found", MESSAGES.groupNotFound(id));
    return audit.list(id, request.query);
  });
};
