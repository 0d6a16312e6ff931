import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Claim, ClaimParams, ClaimRequest, OwnerLeaseQuery, type ClaimedObjectType } from "../../api";
import { BackendError, MESSAGES } from "../errors";
import type { RoleOf } from "../plugins/authorize";
import type { ApiKeyStore } from "../store/api-keys";
import type { ClaimStore, ClaimTarget } from "../store/claims";
import type { GroupStore } from "../store/groups";
import type { MemberStore } from "../store/members";
import { groupAccess, principalOf } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link claimRoutes}. */
export interface ClaimRoutesOptions {
  readonly claims: ClaimStore;
  readonly groups: GroupStore;
  readonly members: MemberStore;
  readonly apiKeys: ApiKeyStore;
  /** The current role of an active member, for authorization. */
  readonly roleOf: RoleOf;
  /** The backend clock. */
  readonly now: () => Date;
  /** Runs `fn` in one database transaction. */
  readonly transaction: <T>(fn: () => T) => T;
}

const tags = ["claims"];

/**
 * `/v1/groups/{group_id}/claims/{object_id}`: claim an existing object for a stack's resource (adopting a
 * group by id, taking over after a replacement) and release a claim (a resource that lets go of an object
 * without deleting it). The object is the group itself (`grp_…`), one of its members (`mem_…`) or API keys
 * (`key_…`), or `auto_reload`. Needs Admin.
 */
export const claimRoutes: FastifyPluginAsyncZod<ClaimRoutesOptions> = async (app, { claims, groups, members, apiKeys, roleOf, now, transaction }) => {
  const targetOf = (groupId: string, objectId: string): ClaimTarget => {
    const group = groups.get(groupId);
    if (group === undefined) throw new BackendError("group_not_found", MESSAGES.groupNotFound(groupId));
    if (objectId === groupId) return { groupId, type: "group", id: groupId, label: `group ${group.name} (${groupId})` };
    if (objectId === "auto_reload") return { groupId, type: "auto_reload", id: `${groupId}/auto_reload`, label: `the auto-reload policy of group ${groupId}` };
    if (objectId.startsWith("key_")) {
      const key = apiKeys.get(groupId, objectId);
      return { groupId, type: "api_key", id: key.id, label: `API key ${key.name} (${key.id})` };
    }
    const member = members.retrieve(groupId, objectId, now());
    return { groupId, type: "member", id: member.id, label: `member ${member.email} (${member.id})` };
  };
  const claimOf = (target: ClaimTarget): Claim => ({ object: "claim", group_id: target.groupId, object_type: target.type as ClaimedObjectType,
    object_id: target.type === "auto_reload" ? "auto_reload" : target.id, owner: claims.ownerOf(target.id) });

  app.put("/v1/groups/:group_id/claims/:object_id", {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "claimObject", summary: "Claim an object for a stack's resource", tags, params: ClaimParams, body: ClaimRequest,
      response: { 200: json("The object's claim, now held by the request's owner.", Claim), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => transaction(() => {
    const target = targetOf(request.params.group_id, request.params.object_id);
    claims.claim(target, request.body.owner, request.body.take_over === true, principalOf(request), now());
    return claimOf(target);
  }));

  app.delete("/v1/groups/:group_id/claims/:object_id", {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "releaseObject", summary: "Release a claim, leaving the object in place", tags, params: ClaimParams, querystring: OwnerLeaseQuery,
      response: { 200: json("The object's claim, now none.", Claim), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => transaction(() => {
    const target = targetOf(request.params.group_id, request.params.object_id);
    claims.assertHeld(target, request.query.owner_lease);
    claims.release(target.id);
    return claimOf(target);
  }));
};
