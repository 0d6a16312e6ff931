import { z } from "zod";
import { GroupId } from "./groups";
import { Member, MemberRole } from "./members";

/**
 * Response of `GET /v1/me`: who the bearer token authenticates as, so a client (the console) can tell what
 * to offer before it tries. `kind` is `management_key` (every group, as Admin) or `member` (one group,
 * with that member's current `role`; `group_id` and `member` set). API keys are refused with 403.
 */
export const Caller = z
  .object({
    object: z.literal("caller"),
    kind: z.enum(["management_key", "member"]),
    role: MemberRole.describe("`admin` may change settings; `member` may only read."),
    group_id: GroupId.nullable().describe("The member's group; null for the management key, which sees every group."),
    member: Member.nullable().describe("The member behind a member credential; null for the management key."),
  })
  .meta({ id: "Caller" });
/** See {@link Caller}. */
export type Caller = z.infer<typeof Caller>;
