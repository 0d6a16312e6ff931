import type * as pulumi from "@pulumi/pulumi";
import type { Group as WireGroup } from "../../api";
import type { ProviderContext } from "../context";
import { declared } from "../lifecycle";
import { attempt, ResourceInitFailedError, unlessGone, type Hints } from "../errors";
import { claimAnew, createHeld, heldLease, leaseOut, unlessHeldElsewhere } from "../ownership";
import { plain, sameValue, storedState, withoutProvider } from "../state";
import { groupMetadata, GroupInputs, settingsFromGroup, toWireAddress, type GroupState } from "./group-shape";

type Props = Record<string, unknown>;

const NOT_EMPTY: Hints = {
  group_not_empty: {
    instead: "Nothing in the account was deleted: the members, API keys and auto-reload policy this stack declares in the group are " +
      "still live (this run skipped their own deletes and left them out of the stack's state; the next `pulumi up` takes them back). " +
      "To delete the group anyway, set forceDestroy: true on the Group, run `pulumi up`, then destroy again.",
  },
};

/**
 * Lifecycle of the `Group` resource: an API group, created or adopted, with its invoice details. Every group
 * it creates or adopts carries this resource's owner claim; destroy deletes (or releases) only a group the
 * resource still holds.
 */
export const group = {
  ...declared(groupMetadata, GroupInputs),

  async create(ctx: ProviderContext, inputs: Props): Promise<pulumi.dynamic.CreateResult<GroupState>> {
    const args = GroupInputs.parse(withoutProvider(inputs));
    if (args.existingGroupId) return adopt(ctx, args, inputs);
    const body = { name: args.name, address: toWireAddress(args.address), tax_id: args.taxId ?? null };
    const { made, lease } = await attempt(`creating group "${args.name}"`, createHeld<WireGroup>(ctx, inputs,
      { groupId: (g) => g.id, label: (g) => `group ${g.id}` },
      (owner, opts) => ctx.client.groups.create(owner ? { ...body, owner } : body, opts),
      async (group) => (await retrieveOrNull(ctx, group.id)) !== null));
    return { id: made.id, outs: { ...stateOf(args, made, false), ...leaseOut(lease) } };
  },

  async read(ctx: ProviderContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult<Partial<GroupState>>> {
    const live = await retrieveOrNull(ctx, id);
    if (!live) return { id: "" };
    const old = upgrade(props);
    const inputs: GroupInputs = plain({ ...settingsFromGroup(live), existingGroupId: old.existingGroupId, forceDestroy: old.forceDestroy, takeOver: old.takeOver });
    return { id, props: stateOf(inputs, live, old.adopted), inputs };
  },

  async update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<GroupState>> {
    const old = upgrade(olds);
    const args = GroupInputs.parse(withoutProvider(news));
    const live = await applySettings(ctx, id, old, args);
    return { outs: live ? stateOf(args, live, old.adopted) : plain({ ...old, ...args }) };
  },

  async delete(ctx: ProviderContext, id: string, props: Props): Promise<void> {
    const old = upgrade(props);
    const ownerLease = heldLease(props);
    // An adopted group belongs to someone else's lifecycle: destroy lets go of it unless told otherwise.
    if (old.adopted && !old.forceDestroy) {
      if (ownerLease === "none") return;
      const releasing = `releasing group ${id}`;
      await unlessGone(releasing, unlessHeldElsewhere(releasing, ctx.client.claims.release(id, id, { ownerLease })), ["group_not_found"]);
      return;
    }
    // A group this stack created takes the members its creator added and the keys and policy the stack holds
    // with it: `pulumi destroy` skips their deletes (the SDK sets `deletedWith`), since the last active admin
    // cannot be removed first, and so that a refusal finds nothing already deleted.
    const mode = old.forceDestroy ? { force: true } : { cascade: "own" as const };
    const deleting = `deleting group ${id}`;
    await unlessGone(deleting, unlessHeldElsewhere(deleting, ctx.client.groups.delete(id, { ...mode, ownerLease })), ["group_not_found"], NOT_EMPTY);
  },
};

async function adopt(ctx: ProviderContext, args: GroupInputs, inputs: Props): Promise<pulumi.dynamic.CreateResult<GroupState>> {
  const id = args.existingGroupId as string;
  const live = await retrieveOrNull(ctx, id);
  if (!live) {
    throw new Error(`existingGroupId ${id} does not exist: check the id, or remove existingGroupId to create a new group.`);
  }
  // Claimed first: a group another stack holds is refused before any of its settings change.
  const lease = await claimAnew(ctx, id, id, inputs, `group ${id}`, args.takeOver);
  try {
    const updated = (await applySettings(ctx, id, { ...settingsFromGroup(live), forceDestroy: false }, args)) ?? live;
    return { id, outs: { ...stateOf(args, updated, true), ...leaseOut(lease) } };
  } catch (e) {
    const reason = `adopting group ${id}: ${(e as Error).message}`;
    throw new ResourceInitFailedError(id, { ...stateOf(args, live, true), ...leaseOut(lease), __provider: inputs.__provider }, reason);
  }
}

/** PATCHes only the settings that differ; returns the updated group, or undefined when nothing was sent. */
async function applySettings(ctx: ProviderContext, id: string, old: Partial<GroupInputs>, args: GroupInputs): Promise<WireGroup | undefined> {
  const body: { name?: string; address?: ReturnType<typeof toWireAddress>; tax_id?: GroupInputs["taxId"] | null } = {};
  if (!sameValue(old.name, args.name)) body.name = args.name;
  if (!sameValue(old.address, args.address)) body.address = toWireAddress(args.address);
  if (!sameValue(old.taxId, args.taxId)) body.tax_id = args.taxId ?? null;
  if (Object.keys(body).length === 0) return undefined;
  return attempt(`updating group ${id}`, ctx.client.groups.update(id, body));
}

function retrieveOrNull(ctx: ProviderContext, id: string): Promise<WireGroup | null> {
  return unlessGone(`reading group ${id}`, ctx.client.groups.retrieve(id), ["group_not_found"]);
}

function stateOf(args: GroupInputs, live: WireGroup, adopted: boolean): GroupState {
  return plain({ ...args, ...settingsFromGroup(live), createdAt: live.created_at, tier: live.tier, adopted });
}

/** Reads every state shape this resource ever wrote (only version 1 exists so far). */
function upgrade(props: Props): GroupState {
  const state = storedState<Partial<GroupState>>(props);
  return { ...(state as GroupState), forceDestroy: state.forceDestroy ?? false, adopted: state.adopted ?? false };
}

