import * as pulumi from "@pulumi/pulumi";
import { memberMetadata } from "../provider/resources/member-shape";
import { deletedWithGroup } from "./deleted-with";
import { identified } from "./identity";
import { withMetadata } from "./options";
import { PerplexityResource } from "./shim";

/** The arguments of a {@link Member}. */
export interface MemberArgs {
  /** The group's id (e.g. `group.id`). Changing it replaces the member. */
  groupId: pulumi.Input<string>;
  /** The person's email address; compared case-insensitively. Changing it replaces the member. */
  email: pulumi.Input<string>;
  /** `admin` (invite and remove members, manage billing, view usage) or `member` (view usage and limits only). Updates in place. */
  role: pulumi.Input<"admin" | "member">;
  /**
   * Optional. Change this value (e.g. a date) to re-send an invitation that is pending or expired. A pending
   * invitation is never re-sent on its own. Updates in place.
   */
  resendTrigger?: pulumi.Input<string | number>;
  /**
   * Optional. Take over the object from the stack that holds it now (its owner claim names the stack and
   * resource). Default false: declaring an object another stack holds fails and names that stack. Updates in place.
   */
  takeOver?: pulumi.Input<boolean>;
}

/**
 * A person in an API group, from invitation to membership. Creating it invites the email, or adopts an
 * existing membership or pending invitation for the same email. `status` is `invited` until the person
 * accepts, `expired` when the invitation lapsed (set `resendTrigger` to send it again), then `active`.
 * Removing it alone never removes the group's only active admin (the API refuses); destroying the stack
 * that created its group removes it with the group.
 *
 * @example
 * new perplexity.Member("alice", { groupId: group.id, email: "alice@example.com", role: "admin" });
 */
export class Member extends PerplexityResource {
  /** The group's id. */
  declare readonly groupId: pulumi.Output<string>;
  /** The email address, lower-cased. */
  declare readonly email: pulumi.Output<string>;
  /** The role. */
  declare readonly role: pulumi.Output<"admin" | "member">;
  /** `invited`, `expired` or `active`. */
  declare readonly status: pulumi.Output<"invited" | "expired" | "active">;
  /** When the latest invitation was sent (RFC 3339, UTC). */
  declare readonly invitedAt: pulumi.Output<string>;
  /** When the invitation was accepted, or null while pending. */
  declare readonly joinedAt: pulumi.Output<string | null>;

  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { status: undefined, invitedAt: undefined, joinedAt: undefined, ...args };
    const options = withMetadata(memberMetadata, deletedWithGroup(args.groupId, opts));
    super("member", memberMetadata.type, name, identified(memberMetadata, name, props, opts, {
      group: args.groupId, object: args.email, normalize: (email) => email.trim().toLowerCase(),
      what: (first, second) => `one membership: ${first} and ${second} are one person in one group (emails compare case-insensitively)`,
      fix: "Declare each person once per group (keep the entry with the role you want) and remove the other.",
    }), options);
  }
}
