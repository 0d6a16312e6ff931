import {
  DeletedMember, Member, MemberList, type InviteMemberRequest, type MemberRole, type MemberStatus, type UpdateMemberRequest,
} from "../../api";
import { paginate, type PagingQuery } from "../pagination";
import { path } from "../path";
import { request, type CreateOptions, type RequestContext } from "../request";

/** Query of {@link Members.list}. */
export interface MemberListQuery extends PagingQuery {
  /** Only members with this role. Optional; default every role. */
  readonly role?: MemberRole | undefined;
  /** Only members in this status (`invited`, `active` or `expired`). Optional; default every status. */
  readonly status?: MemberStatus | undefined;
}

/** Members and invitations of a group: `/v1/groups/{group_id}/members[/{member_id}]`. Reached as `client.members`. */
export class Members {
  // Private so printing or serializing the resource shows nothing of the client's internals.
  readonly #ctx: RequestContext;

  /** Used by `createClient`; not meant to be called directly. */
  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  /**
   * Invites an email to the group with a role (`POST /v1/groups/{group_id}/members`); the invitation is
   * valid for 7 days. When the group already has a member or invitation for that email (compared
   * case-insensitively, in any status) that member is returned unchanged, so inviting adopts. Retries
   * reuse one idempotency key; pass your own to deduplicate across processes too.
   * @throws NotFoundError (code `group_not_found`) when the group does not exist.
   * @example
   * const member = await client.members.invite(groupId, { email: "ann@example.com", role: "admin" });
   */
  invite(groupId: string, body: InviteMemberRequest, opts: CreateOptions = {}): Promise<Member> {
    return request(this.#ctx, { method: "POST", path: path`/v1/groups/${groupId}/members`, body, response: Member, ...opts });
  }

  /**
   * Fetches one member (`GET /v1/groups/{group_id}/members/{member_id}`); `status` is `expired` once a
   * pending invitation has lapsed.
   * @throws NotFoundError (code `member_not_found` or `group_not_found`) when either does not exist.
   * @example
   * const member = await client.members.retrieve(groupId, "mem_0123456789abcdefghijklmn");
   */
  retrieve(groupId: string, memberId: string): Promise<Member> {
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/members/${memberId}`, response: Member });
  }

  /**
   * Lists one page of the group's members (`GET /v1/groups/{group_id}/members`), oldest invitation first,
   * optionally filtered by role and status; pass `next_cursor` as `after` for the next.
   * @example
   * const admins = await client.members.list(groupId, { role: "admin", status: "active" });
   */
  list(groupId: string, query: MemberListQuery = {}): Promise<MemberList> {
    const { limit, after, role, status } = query;
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/members`, query: { limit, after, role, status }, response: MemberList });
  }

  /**
   * Iterates over every page of the group's members, following `next_cursor` until the last page.
   * @example
   * for await (const page of client.members.listAll(groupId, { status: "invited" })) for (const m of page.data) console.log(m.email);
   */
  listAll(groupId: string, query: Omit<MemberListQuery, "after"> = {}): AsyncGenerator<MemberList, void, undefined> {
    return paginate((after) => this.list(groupId, { ...query, after }));
  }

  /**
   * Changes a member's role (`PATCH /v1/groups/{group_id}/members/{member_id}`). Returns the member.
   * @throws ConflictError (code `last_admin`) when it would demote the group's only active admin.
   * @example
   * await client.members.update(groupId, memberId, { role: "member" });
   */
  update(groupId: string, memberId: string, body: UpdateMemberRequest): Promise<Member> {
    return request(this.#ctx, { method: "PATCH", path: path`/v1/groups/${groupId}/members/${memberId}`, body, response: Member });
  }

  /**
   * Removes a member or withdraws an invitation (`DELETE /v1/groups/{group_id}/members/{member_id}`);
   * the member's credentials stop working at once.
   * @throws ConflictError (code `last_admin`) when it would remove the group's only active admin, or (code
   *   `owner_mismatch`) when `ownerLease` (optional) is given and another resource now holds the member.
   * @example
   * await client.members.remove(groupId, memberId);
   */
  remove(groupId: string, memberId: string, opts: { ownerLease?: string | undefined } = {}): Promise<DeletedMember> {
    const query = { owner_lease: opts.ownerLease };
    return request(this.#ctx, { method: "DELETE", path: path`/v1/groups/${groupId}/members/${memberId}`, query, response: DeletedMember });
  }

  /**
   * Sends a pending or expired invitation again (`POST /v1/groups/{group_id}/members/{member_id}/resend`):
   * status `invited`, valid for 7 days from now.
   * @throws ConflictError (code `member_already_active`) when the invitation was already accepted.
   * @example
   * const member = await client.members.resend(groupId, memberId);
   */
  resend(groupId: string, memberId: string, opts: { idempotencyKey?: string | undefined } = {}): Promise<Member> {
    return request(this.#ctx, {
      method: "POST", path: path`/v1/groups/${groupId}/members/${memberId}/resend`, response: Member, idempotencyKey: opts.idempotencyKey,
    });
  }
}
