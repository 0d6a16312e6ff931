import { z } from "zod";
import { claimFields, ownerField } from "./claims";
import { page, PageQuery, Timestamp } from "./common";
import { GroupId, GroupParams } from "./groups";

/** How long an invitation can be accepted, in milliseconds (7 days); `resend` starts a fresh period. */
export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A member's role, as in the portal: `admin` invites and removes members, manages billing and views
 * usage; `member` only views usage and limits.
 */
export const MemberRole = z.enum(["admin", "member"]);
/** See {@link MemberRole}. */
export type MemberRole = z.infer<typeof MemberRole>;

/**
 * Where a member stands: `invited` (invitation pending), `active` (accepted), or `expired` (an
 * invitation not accepted within {@link INVITATION_LIFETIME_MS}; re-send it to invite again).
 */
export const MemberStatus = z.enum(["invited", "active", "expired"]);
/** See {@link MemberStatus}. */
export type MemberStatus = z.infer<typeof MemberStatus>;

/** Longest local part (before the `@`) of an email address, in characters (RFC 5321 §4.5.3.1.1). */
export const MAX_EMAIL_LOCAL_PART = 64;

/**
 * An email address, at most 254 characters, whose local part (before the `@`) is at most 64 (the limit of
 * RFC 5321 that `format: email` implies). Surrounding whitespace is trimmed and the whole address
 * lower-cased, so `Ann@Example.com` and `ann@example.com` are the same person everywhere.
 */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .refine((s) => s.indexOf("@") <= MAX_EMAIL_LOCAL_PART, `must have at most ${MAX_EMAIL_LOCAL_PART} characters before the @`)
  // A check rather than z.email(), so the address is validated after trimming and lower-casing.
  .check(z.email("must be an email address like name@example.com"))
  .describe(`An email address: at most 254 characters, at most ${MAX_EMAIL_LOCAL_PART} before the @.`);

/** Member ids look like `mem_` followed by 24 lower-case letters or digits. */
export const MemberId = z.string().regex(/^mem_[a-z0-9]{24}$/, "must be a member id like mem_0123456789abcdefghijklmn");

/**
 * A member of a group, from invitation to membership: one object whose `status` moves from `invited`
 * to `active` when the person accepts (or to `expired` when the invitation lapses).
 */
export const Member = z
  .object({
    object: z.literal("member"),
    id: MemberId,
    group_id: GroupId,
    email: Email,
    role: MemberRole,
    status: MemberStatus,
    invited_at: Timestamp.describe("When the invitation was last sent."),
    joined_at: Timestamp.nullable().describe("When the invitation was accepted; null until then."),
    expires_at: Timestamp.nullable().describe("When a pending invitation lapses; null once active."),
    created_at: Timestamp,
    updated_at: Timestamp,
    owner: ownerField,
  })
  .meta({ id: "Member" });
/** See {@link Member}. */
export type Member = z.infer<typeof Member>;

/**
 * Body of `POST /v1/groups/{group_id}/members`. Inviting an email that is already a member or has a
 * pending (or expired) invitation returns that member unchanged with 200 instead of 201 (and records the
 * `owner` claim on it, refused with 409 `owned_elsewhere` while another stack holds it unless `take_over`).
 */
export const InviteMemberRequest = z
  .object({ email: Email, role: MemberRole, ...claimFields })
  .strict()
  .meta({ id: "InviteMemberRequest" });
/** See {@link InviteMemberRequest}. */
export type InviteMemberRequest = z.infer<typeof InviteMemberRequest>;

/** Body of `PATCH /v1/groups/{group_id}/members/{member_id}`: the new role. */
export const UpdateMemberRequest = z
  .object({ role: MemberRole })
  .strict()
  .meta({ id: "UpdateMemberRequest" });
/** See {@link UpdateMemberRequest}. */
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequest>;

/** Path parameters of the routes under `/v1/groups/{group_id}/members/{member_id}`. */
export const MemberParams = GroupParams.extend({ member_id: z.string().min(1).max(64) });

/** Query of `GET /v1/groups/{group_id}/members`: a page, optionally only one `role` and/or `status`. */
export const ListMembersQuery = PageQuery.extend({ role: MemberRole.optional(), status: MemberStatus.optional() });
/** See {@link ListMembersQuery}. */
export type ListMembersQuery = z.infer<typeof ListMembersQuery>;

/** One page of members, oldest invitation first. */
export const MemberList = page(Member).meta({ id: "MemberList" });
/** See {@link MemberList}. */
export type MemberList = z.infer<typeof MemberList>;

/** Response of `DELETE /v1/groups/{group_id}/members/{member_id}`. */
export const DeletedMember = z.object({ object: z.literal("member"), id: MemberId, deleted: z.literal(true) });
/** See {@link DeletedMember}. */
export type DeletedMember = z.infer<typeof DeletedMember>;
