import type * as pulumi from "@pulumi/pulumi";
import type { Member as WireMember } from "../../api";
import type { ProviderContext } from "../context";
import { declared } from "../lifecycle";
import { attempt, ResourceInitFailedError, unlessGone } from "../errors";
import { createOnce } from "../idempotency";
import { plain, sameValue, SCHEMA_VERSION, storedState, withoutProvider } from "../state";
import { memberMetadata, MemberInputs, memberState, type MemberState } from "./member-shape";

type Props = Record<string, unknown>;

const GONE = ["member_not_found", "group_not_found"];
/**
 * Lifecycle of the `Member` resource: one resource from invitation to membership. Creating invites the
 * email, or adopts the existing membership or pending invitation for it; a pending invitation counts as
 * converged and is re-sent only when `resendTrigger` changes.
 */
export const member = {
  ...declared(memberMetadata, MemberInputs),

  async create(ctx: ProviderContext, inputs: Props): Promise<pulumi.dynamic.CreateResult<MemberState>> {
    const args = MemberInputs.parse(withoutProvider(inputs));
    const invited = await attempt(`inviting ${args.email} to group ${args.groupId}`, createOnce(inputs,
      (opts) => ctx.client.members.invite(args.groupId, { email: args.email, role: args.role }, opts),
      async (made) => (await unlessGone(`reading member ${made.id}`, ctx.client.members.retrieve(args.groupId, made.id), GONE)) !== null));
    if (invited.role === args.role) return { id: invited.id, outs: plain(memberState(args, invited, SCHEMA_VERSION)) };
    // An adopted membership with another role: the invitation exists now, so a failure must keep its id.
    try {
      const updated = await setRole(ctx, args.groupId, invited.id, args.role);
      return { id: invited.id, outs: plain(memberState(args, updated, SCHEMA_VERSION)) };
    } catch (e) {
      const properties = { ...plain(memberState(args, invited, SCHEMA_VERSION)), role: invited.role, __provider: inputs.__provider };
      throw new ResourceInitFailedError(invited.id, properties, `adopting ${args.email}: ${(e as Error).message}`);
    }
  },

  async read(ctx: ProviderContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult<Partial<MemberState>>> {
    const old = storedState<MemberState>(props);
    const live = await unlessGone(`reading member ${id}`, ctx.reads.members.retrieve(old.groupId, id), GONE);
    if (!live) return { id: "" };
    const inputs = plain({ groupId: old.groupId, email: live.email, role: live.role, resendTrigger: old.resendTrigger });
    return { id, props: plain(memberState(inputs, live, SCHEMA_VERSION)), inputs };
  },

  async update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<MemberState>> {
    const old = storedState<MemberState>(olds);
    const args = MemberInputs.parse(withoutProvider(news));
    let live: WireMember | undefined;
    if (old.role !== args.role) live = await setRole(ctx, args.groupId, id, args.role);
    // Re-sending is the one way to renew an expired invitation; an accepted one has nothing to re-send.
    if (!sameValue(old.resendTrigger, args.resendTrigger) && (live?.status ?? old.status) !== "active") {
      live = await attempt(`re-sending the invitation of ${args.email}`, ctx.client.members.resend(args.groupId, id));
    }
    if (!live) return { outs: plain({ ...old, ...args, schemaVersion: SCHEMA_VERSION }) };
    return { outs: plain(memberState(args, live, SCHEMA_VERSION)) };
  },

  async delete(ctx: ProviderContext, id: string, props: Props): Promise<void> {
    const old = storedState<MemberState>(props);
    await unlessGone(`removing ${old.email} from group ${old.groupId}`, ctx.client.members.remove(old.groupId, id), GONE);
  },
};

function setRole(ctx: ProviderContext, groupId: string, id: string, role: MemberState["role"]): Promise<WireMember> {
  return attempt(`changing the role of member ${id} to ${role}`, ctx.client.members.update(groupId, id, { role }));
}
