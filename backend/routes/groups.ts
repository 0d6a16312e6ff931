import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  CreateGroupRequest, DeletedGroup, DeleteGroupQuery, Group, GroupList, GroupParams, ListGroupsQuery, UpdateGroupRequest,
} from "../../api";
import { assertFound, MESSAGES } from "../errors";
import type { RoleOf } from "../plugins/authorize";
import type { GroupStore } from "../store/groups";
import { groupAccess, organisationAccess, principalOf } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link groupRoutes}. */
export interface GroupRoutesOptions {
  readonly groups: GroupStore;
  /** The current role of an active member, for authorization. */
  readonly roleOf: RoleOf;
  /** The backend clock. */
  readonly now: () => Date;
}

const tags = ["groups"];

/**
 * `/v1/groups[/{group_id}]`: create, list, retrieve, update and delete API groups. Creating and listing
 * need the management key; reading a group needs any role in it; changing or deleting it needs Admin.
 */
export const groupRoutes: FastifyPluginAsyncZod<GroupRoutesOptions> = async (app, { groups, roleOf, now }) => {
  const found = (id: string) => assertFound(groups.get(id), "group_not_found", MESSAGES.groupNotFound(id));

  app.post("/v1/groups", {
    onRequest: organisationAccess,
    schema: { operationId: "createGroup", summary: "Create a group", tags, body: CreateGroupRequest,
      response: { 201: json("The new group.", Group), ...errorResponses(400, 401, 403, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(groups.create(request.body, now(), principalOf(request))));

  app.get("/v1/groups", {
    onRequest: organisationAccess,
    schema: { operationId: "listGroups", summary: "List groups", tags, querystring: ListGroupsQuery,
      response: { 200: json("One page of groups, oldest first.", GroupList), ...errorResponses(400, 401, 403) } },
  }, async (request) => groups.list(request.query));

  app.get("/v1/groups/:group_id", {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "retrieveGroup", summary: "Retrieve a group", tags, params: GroupParams,
      response: { 200: json("The group.", Group), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => found(request.params.group_id));

  app.patch("/v1/groups/:group_id", {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "updateGroup", summary: "Update a group's settings", tags, params: GroupParams, body: UpdateGroupRequest,
      response: { 200: json("The group with its new settings.", Group), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const { group_id: id } = request.params;
    return assertFound(groups.update(id, request.body, now(), principalOf(request)), "group_not_found", MESSAGES.groupNotFound(id));
  });

  app.delete("/v1/groups/:group_id", {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "deleteGroup", summary: "Delete a group", tags, params: GroupParams, querystring: DeleteGroupQuery,
      description: "Without `force=true`, refuses with 409 `group_not_empty` (listing them) while the group has credit, active API keys, " +
        "or members other than what `cascade` takes with it (`own`: the members the group's creator added, the API keys the stack " +
        "holding the group holds, and credit that only auto reloads of a policy the creator set put there).",
      response: { 200: json("The group was deleted.", DeletedGroup), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const { group_id: id } = request.params;
    groups.remove(id, { force: request.query.force === "true", cascade: request.query.cascade }, now(), principalOf(request), request.query.owner_lease);
    return { object: "group" as const, id, deleted: true as const };
  });
};
