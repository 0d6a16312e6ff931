import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  DeletedMember, GroupParams, OwnerLeaseQuery, InviteMemberRequest, ListMembersQuery, Member, MemberList, MemberParams, UpdateMemberRequest,
} from "../../api";
import type { RoleOf } from "../plugins/authorize";
import type { MemberStore } from "../store/members";
import { groupAccess, principalOf } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link memberRoutes}. */
export interface MemberRoutesOptions {
  readonly members: MemberStore;
  /** The current role of an active member, for authorization. */
  readonly roleOf: RoleOf;
  /** The backend clock. */
  readonly now: () => Date;
}

const tags = ["members"];

/**
 * `/v1/groups/{group_id}/members[/{member_id}]`: invite (or adopt by email), list, retrieve, change the
 * role of, remove, and re-invite members. Reading needs any role in the group; changing needs Admin.
 */
export const memberRoutes: FastifyPluginAsyncZod<MemberRoutesOptions> = async (app, { members, roleOf, now }) => {
  const read = groupAccess("read", roleOf);
  const admin = groupAccess("admin", roleOf);

  app.post("/v1/groups/:group_id/members", {
    onRequest: admin,
    schema: { operationId: "inviteMember", summary: "Invite a member (or return the existing one for this email)", tags,
      params: GroupParams, body: InviteMemberRequest,
      response: { 201: json("The new invitation, valid for 7 days.", Member),
        200: json("The group already has a member or invitation for this email (case-insensitively); returned unchanged.", Member),
        ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (request, reply) => {
    const { member, created } = members.invite(request.params.group_id, request.body, principalOf(request), now());
    return reply.code(created ? 201 : 200).send(member);
  });

  app.get("/v1/groups/:group_id/members", {
    onRequest: read,
    schema: { operationId: "listMembers", summary: "List members and invitations", tags, params: GroupParams, querystring: ListMembersQuery,
      response: { 200: json("One page of members, oldest invitation first.", MemberList), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => members.list(request.params.group_id, request.query, now()));

  app.get("/v1/groups/:group_id/members/:member_id", {
    onRequest: read,
    schema: { operationId: "retrieveMember", summary: "Retrieve a member", tags, params: MemberParams,
      response: { 200: json("The member.", Member), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => members.retrieve(request.params.group_id, request.params.member_id, now()));

  app.patch("/v1/groups/:group_id/members/:member_id", {
    onRequest: admin,
    schema: { operationId: "updateMember", summary: "Change a member's role", tags, params: MemberParams, body: UpdateMemberRequest,
      response: { 200: json("The member with the new role.", Member), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const { group_id: groupId, member_id: memberId } = request.params;
    return members.updateRole(groupId, memberId, request.body.role, principalOf(request), now());
  });

  app.delete("/v1/groups/:group_id/members/:member_id", {
    onRequest: admin,
    schema: { operationId: "removeMember", summary: "Remove a member or withdraw an invitation", tags, params: MemberParams, querystring: OwnerLeaseQuery,
      response: { 200: json("The member was removed and their credentials revoked.", DeletedMember), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const { group_id: groupId, member_id: id } = request.params;
    members.remove(groupId, id, principalOf(request), now(), request.query.owner_lease);
    return { object: "member" as const, id, deleted: true as const };
  });

  app.post("/v1/groups/:group_id/members/:member_id/resend", {
    onRequest: admin,
    schema: { operationId: "resendInvitation", summary: "Re-send an invitation", tags, params: MemberParams,
      response: { 200: json("The invitation, sent again and valid for 7 days from now.", Member), ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (request) => {
    const { group_id: groupId, member_id: memberId } = request.params;
    return members.resend(groupId, memberId, principalOf(request), now());
  });
};
