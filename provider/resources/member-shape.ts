import { z } from "zod";
import { Email, GroupId, MemberRole, type Member as WireMember } from "../../api";
import { Trigger } from "../check";
import type { ResourceMetadata } from "../diff";

/** Inputs of `Member`: the role updates in place; another email or group is another membership. */
export const memberMetadata: ResourceMetadata = {
  type: "Member",
  inputs: ["groupId", "email", "role", "resendTrigger", "takeOver"],
  replaceOnChanges: ["groupId", "email"],
  secretOutputs: [],
};

/** The validated inputs of a `Member`. `check` lower-cases the email, so case never causes a diff. */
export const MemberInputs = z
  .object({
    groupId: GroupId,
    email: Email,
    role: MemberRole,
    resendTrigger: Trigger.optional(),
    takeOver: z.boolean().optional(),
  })
  .strict();
/** See {@link MemberInputs}. */
export type MemberInputs = z.infer<typeof MemberInputs>;

/** What a `Member` keeps in state: every input echoed, plus the invitation's progress. */
export interface MemberState extends MemberInputs {
  /** `invited` until accepted, `expired` when the invitation lapsed, `active` once a member. */
  status: WireMember["status"];
  /** When the (latest) invitation was sent (RFC 3339). */
  invitedAt: string;
  /** When the invitation was accepted, or null while pending. */
  joinedAt: string | null;
}

/** The state of a member as the API reports it, keeping the inputs the API does not know. */
export function memberState(args: MemberInputs, live: WireMember): MemberState {
  return {
    ...args,
    email: live.email,
    role: live.role,
    status: live.status,
    invitedAt: live.invited_at,
    joinedAt: live.joined_at,
  };
}
