import * as pulumi from "@pulumi/pulumi";
import { deletedWithGroup, registerGroup } from "../../../sdk/deleted-with";

pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, "proj", "dev");

/** A stand-in for a Group (a dynamic resource cannot be serialized under jest), registered as the Group constructor does. */
function group(name: string, args: { existingGroupId?: unknown; forceDestroy?: unknown } = {}): pulumi.CustomResource {
  const resource = new pulumi.CustomResource("test:index:Group", name, {});
  registerGroup(resource, args);
  return resource;
}

describe("deletedWithGroup", () => {
  it("ties a member to a group the stack created, so destroy removes it with the group", () => {
    const created = group("created");
    expect(deletedWithGroup(created.id, undefined)).toEqual({ deletedWith: created });
    expect(deletedWithGroup(created.id.apply((id) => id), { protect: true })).toEqual({ protect: true, deletedWith: created });
  });

  it("leaves members of an adopted group to their own deletes (the group outlives the stack), unless it has forceDestroy", () => {
    expect(deletedWithGroup(group("adopted", { existingGroupId: "grp_0123456789abcdefghijklmn" }).id, undefined)).toBeUndefined();
    const forced = group("forced", { existingGroupId: "grp_0123456789abcdefghijklmn", forceDestroy: true });
    expect(deletedWithGroup(forced.id, undefined)).toEqual({ deletedWith: forced });
    // Known only later: treated as adopted, which keeps the last-admin refusal.
    expect(deletedWithGroup(group("unknown", { existingGroupId: pulumi.output("grp_0123456789abcdefghijklmn") }).id, undefined)).toBeUndefined();
  });

  it("keeps the program's own deletedWith, a plain group id, and an id that mixes two groups as they are", () => {
    const [a, b] = [group("a"), group("b")];
    expect(deletedWithGroup(a.id, { deletedWith: b })).toEqual({ deletedWith: b });
    expect(deletedWithGroup("grp_0123456789abcdefghijklmn", undefined)).toBeUndefined();
    expect(deletedWithGroup(pulumi.all([a.id, b.id]).apply(([x]) => x), undefined)).toBeUndefined();
  });
});
