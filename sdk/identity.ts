import * as pulumi from "@pulumi/pulumi";
import type { ResourceMetadata } from "../provider/diff";
import { STACK_INSTANCE_NAME } from "../provider/resources/stack-instance";
import { formatIdentity, NO_STACK_INSTANCE } from "../provider/state";
import { comesFromDeclaredGroup } from "./deleted-with";
import { holdOnce, type Holding } from "./duplicates";
import { MODULE, settled } from "./options";
import { PerplexityResource } from "./shim";

/** The name of the hidden resource holding the stack instance's id (one per stack). */
export { STACK_INSTANCE_NAME };
/** Its type token; not an object in the account, so reports such as `drift` leave it out. */
export const STACK_INSTANCE_TYPE = `pulumi-nodejs:dynamic/${MODULE}:StackInstance`;

// One hidden resource per program run. Keyed by the run's root stack resource: the Automation API runs
// several stacks' inline programs in one process, each with its own root.
const instances = new WeakMap<object, pulumi.Output<string>>();
const NO_ROOT = {};

/** The hidden resource: its only output is the random id its create draws. */
class StackInstance extends PerplexityResource {
  declare readonly instanceId: pulumi.Output<string>;

  constructor() {
    super("stackInstance", "StackInstance", STACK_INSTANCE_NAME, { instanceId: undefined });
  }
}

/**
 * The id of this stack instance: drawn once, at the stack's first `up`, by a hidden `StackInstance`
 * resource, and kept in the stack's own state from then on. Organisation, project and stack names do not
 * tell stacks apart (two state backends may each hold `acme/app/dev`); this id does.
 */
export function stackInstanceId(): pulumi.Output<string> {
  const root = pulumi.runtime.getStackResource() ?? NO_ROOT;
  let id = instances.get(root);
  if (!id) {
    id = new StackInstance().instanceId;
    instances.set(root, id);
  }
  return id;
}

/** What a resource holds, for the duplicate check (see `holdOnce`); the resource's name is added. */
export type Holds = Omit<Holding, "resource">;

/**
 * Adds the resource's identity to its inputs as `__identity` (see `formatIdentity`): the stack instance
 * (`<organisation>/<project>/<stack>#<instance id>`) and the resource's URN, whose type chain names every
 * parent. The provider derives each create's idempotency key from it (a create re-run after a crashed or
 * cancelled `pulumi up` gets back the object the lost run made) and the owner claim it records on the
 * object. Also adds `__defaultName`, the resource's name, from which `check` defaults a left-out `name`
 * at create (only for kinds that default one, when the program gave no string). Not secret; the
 * engine's display hides `__` properties.
 *
 * The identity depends on the hidden StackInstance and on nothing else (the URN is read as a plain promise,
 * so a parent adds no dependency), directly or, for a resource whose `groupId` comes from a Group of this
 * program, through that Group: the StackInstance must outlive every resource of the stack. A destroy
 * whose group delete is refused has already dropped the group's members and keys from state (`deletedWith`);
 * the StackInstance is deleted after them only if the group's delete succeeded, so the next `up` creates them
 * again under the same instance id, and their creates get back the objects they still own. While the id is
 * unknown (the preview of a stack's first `up`) the identity is unknown too; nothing reads it before a create.
 * With `holds`, a second resource of the program holding the same object fails (see `holdOnce`).
 */
export function identified<P extends object>(meta: ResourceMetadata, name: string, props: P, opts: pulumi.CustomResourceOptions | undefined, holds?: Holds) {
  // A duplicate known now throws here, before the resource registers; one known later fails its identity.
  const unique = holds ? holdOnce(meta.type, { ...holds, resource: `${meta.type} "${name}"` }) : Promise.resolve();
  const stack = `${organization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const urn = pulumi.createUrn(name, `pulumi-nodejs:dynamic/${MODULE}:${meta.type}`, opts?.parent);
  const format = async (instance: string | undefined) => {
    // No id outside a preview: a targeted `up` left out the StackInstance of a stack that has none yet (the
    // engine skips its create). Say so, and the provider's create stops with the fix, before any API call.
    if (instance === undefined) return pulumi.runtime.isDryRun() ? undefined : NO_STACK_INSTANCE;
    await unique;
    const resource = await settled(urn);
    return resource === undefined ? undefined : formatIdentity({ stack: `${stack}#${instance}`, resource });
  };
  // A resource whose group is a Group of this program reaches the StackInstance through that Group (whose own
  // identity depends on it), so the order holds without a dependency of its own: the instance id is then read
  // as a promise (unknown stays unknown), one dependency and about 220 bytes of state less per resource.
  const identity = comesFromDeclaredGroup((props as { groupId?: unknown }).groupId)
    ? pulumi.output(settled(stackInstanceId()).then((instance) => (instance === undefined && pulumi.runtime.isDryRun() ? unique.then(() => pulumi.unknown) : format(instance))))
    : pulumi.all([stackInstanceId(), unique]).apply(([instance]) => format(instance));
  // Every input costs state bytes: send the name only where check may need it.
  const defaulted = meta.defaultsToResourceName;
  const needsName = defaulted !== undefined && typeof (props as Record<string, unknown>)[defaulted] !== "string";
  return { ...props, __identity: identity, ...(needsName ? { __defaultName: name } : {}) };
}

/**
 * The organisation of the running stack. The engine always sets one (`organization` on a self-managed
 * backend), but `pulumi.runtime.setMocks` without its fifth argument leaves it unset and the SDK then
 * throws: users' unit tests must not break on that, and the stack instance id tells stacks apart anyway.
 */
function organization(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "organization";
  }
}
