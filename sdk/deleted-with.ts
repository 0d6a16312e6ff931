import * as pulumi from "@pulumi/pulumi";

/** Every Group the program declared, registered by the Group constructor. */
const declaredGroups = new WeakSet<pulumi.Resource>();
/** Of those, the Groups that `pulumi destroy` deletes (rather than releases). */
const deletedOnDestroy = new WeakSet<pulumi.Resource>();

/**
 * Records that destroying `group` deletes the group itself: it was created by this stack (no
 * `existingGroupId`), or it is adopted with `forceDestroy: true`. An adopted group is released on destroy
 * and outlives the stack, so its members must be removed one by one; so must they when either value is only
 * known later (an Output), which keeps the behaviour that refuses to remove a group's last admin.
 */
export function registerGroup(group: pulumi.Resource, args: { existingGroupId?: unknown; forceDestroy?: unknown }): void {
  declaredGroups.add(group);
  if (args.existingGroupId === undefined || args.forceDestroy === true) deletedOnDestroy.add(group);
}

/** Whether `groupId` is an Output that comes from a Group this program declared (not a string, not another stack's). */
export function comesFromDeclaredGroup(groupId: unknown): boolean {
  return sourcesOf(groupId).some((r) => declaredGroups.has(r));
}

/** The resources an Output came from; none for a plain value. */
function sourcesOf(value: unknown): pulumi.Resource[] {
  if (!pulumi.Output.isInstance(value)) return [];
  // `resources()` (the resources an Output came from) is not in the SDK's typings; read it defensively.
  return [...((value as unknown as { resources?: () => Set<pulumi.Resource> }).resources?.() ?? [])];
}

/**
 * Adds `deletedWith: <the Group>` to a resource's options when `groupId` comes from a Group that destroy
 * deletes. The engine then skips the resource's own delete whenever that Group is deleted in the same
 * operation (`pulumi destroy`, or both removed from the program), and the Group's delete removes it with the
 * group. This is how a stack that created its group is destroyed with its only active admin, which cannot
 * be removed on its own; a delete of the resource alone (removed from the program, `destroy --target`)
 * still runs and is refused as before. An explicit `deletedWith` of the program wins.
 */
export function deletedWithGroup(groupId: pulumi.Input<string>, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions | undefined {
  if (opts?.deletedWith !== undefined) return opts;
  const [group, ...others] = sourcesOf(groupId).filter((r) => deletedOnDestroy.has(r));
  return group && others.length === 0 ? { ...opts, deletedWith: group } : opts;
}
