import type * as pulumi from "@pulumi/pulumi";
import type { Member as WireMember } from "../../api";
import type { ProviderContext } from "../context";
import { declared } from "../lifecycle";
import { attempt, ResourceInitFailedError, unlessGone } from "../errors";
import { createHeld, heldLease, leaseOut, unlessHeldElsewhere } from "../ownership";
import { plain, sameValue, storedState, withoutProvider } from "../state";
import { memberMetadata, MemberInputs, memberState, type MemberState } from "./member-shape";

type Props = Record<string, unknown>;

const GONE = ["member_not_found", "group_not_found"];
/**
 * Lifecycle of the `Member` resource: one resource from invitation to membership. Creating invites the
 * email, or adopts the existing membership or invitation for it (re-sending an expired one) and claims it
 * for this resource, so the delete of a resource it was renamed or moved from leaves it alone; a pending
 * invitation counts as converged and is re-sent only when `resendTrigger` changes.
 */
export const member = {
  ...declared(memberMetadata, MemberInputs),

  async create(ctx: ProviderContext, inputs: Props): Promise<pulumi.dynamic.CreateResult<MemberState>> {
    const args = MemberInputs.parse(withoutProvider(inputs));
    const { made, lease } = await attempt(`inviting ${args.email} to group ${args.groupId}`, createHeld<WireMember>(ctx, inputs,
      { groupId: () => args.groupId, label: () => `member ${args.email}`, takeOver: args.takeOver },
      (owner, opts) => {
        const claim = owner ? { owner, ...(args.takeOver ? { take_over: true } : {}) } : {};
        return ctx.client.members.invite(args.groupId, { email: args.email, role: args.role, ...claim }, opts);
      },
      async (m) => (await unlessGone(`reading member ${m.id}`, ctx.client.members.retrieve(args.groupId, m.id), GONE)) !== null));
    // An adopted invitation that lapsed would never let the person join: a new Member sends it again.
    const invited = made.status === "expired" ? await resend(ctx, args, made.id) : made;
    const held = leaseOut(lease);
    if (invited.role === args.role) return { id: invited.id, outs: { ...plain(memberState(args, invited)), ...held } };
    // An adopted membership with another role: the invitation exists now, so a failure must keep its id.
    try {
      const updated = await setRole(ctx, args.groupId, invited.id, args.role);
      return { id: invited.id, outs: { ...plain(memberState(args, updated)), ...held } };
    } catch (e) {
      const properties = { ...plain(memberState(args, invited)), role: invited.role, ...held, __provider: inputs.__provider };
      throw new ResourceInitFailedError(invited.id, properties, `adopting ${args.email}: ${(e as Error).message}`);
    }
  },

  async read(ctx: ProviderContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult<Partial<MemberState>>> {
    const old = storedState<MemberState>(props);
    const live = await unlessGone(`reading member ${id}`, ctx.reads.members.retrieve(old.groupId, id), GONE);
    if (!live) return { id: "" };
    const inputs = plain({ groupId: old.groupId, email: live.email, role: live.role, resendTrigger: old.resendTrigger, takeOver: old.takeOver });
    return { id, props: plain(memberState(inputs, live)), inputs };
  },

  async update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<MemberState>> {
    const old = storedState<MemberState>(olds);
    const args = MemberInputs.parse(withoutProvider(news));
    let live: WireMember | undefined;
    if (old.role !== args.role) live = await setRole(ctx, args.groupId, id, args.role);
    // Re-sending is the one way to renew an expired invitation; an accepted one has nothing to re-send.
    if (!sameValue(old.resendTrigger, args.resendTrigger) && (live?.status ?? old.status) !== "active") {
      live = await resend(ctx, args, id);
    }
    if (!live) return { outs: plain({ ...old, ...args }) };
    return { outs: plain(memberState(args, live)) };
  },

  async delete(ctx: ProviderContext, id: string, props: Props): Promise<void> {
    const old = storedState<MemberState>(props);
    const removing = `removing ${old.email} from group ${old.groupId}`;
    const call = ctx.client.members.remove(old.groupId, id, { ownerLease: heldLease(props) });
    await unlessGone(removing, unlessHeldElsewhere(removing, call), GONE);
  },
};

function resend(ctx: ProviderContext, args: MemberInputs, id: string): Promise<WireMember> {
  return attempt(`re-sending the invitation of ${args.email}`, ctx.client.members.resend(args.groupId, id));
}

function setRole(ctx: ProviderContext, groupId: string, id: string, role: MemberState["role"]): Promise<WireMember> {
  return attempt(`changing the role of member ${id} to ${role}`, ctx.client.members.update(groupId, id, { role }));
}
