/**
 * The provider implementation, loaded by name (`pulumi-perplexity/provider`) inside the dynamic-provider
 * process. The serialized shim in state only says which resource kind it is; everything else lives here,
 * so fixes reach existing resources' `read` and `delete` without an update.
 */
import type * as pulumi from "@pulumi/pulumi";
import { readSettings, type ConfigSource } from "./config";
import { contextFor, type ProviderContext } from "./context";
import { reported } from "./errors";
import { diffInputs, type ResourceMetadata } from "./diff";
import type { ResourceLifecycle } from "./lifecycle";
import { apiKey } from "./resources/api-key";
import { autoReloadPolicy } from "./resources/auto-reload-policy";
import { group } from "./resources/group";
import { member } from "./resources/member";
import { STACK_INSTANCE_NAME, stackInstance } from "./resources/stack-instance";
import { IDENTITY_KEY, LEASE_KEY, NO_STACK_INSTANCE } from "./state";

/** Every resource kind, by the name the shim carries. */
export const resources = { group, member, apiKey, autoReloadPolicy } satisfies Record<string, ResourceLifecycle>;

/** A resource kind the shim can name. */
export type ResourceKind = keyof typeof resources;

/**
 * Returns the dynamic provider for one resource kind, bound to the stack config the engine handed to
 * `configure`. The settings are validated by the first `check`, so a configuration mistake fails `pulumi
 * preview` with one line naming the setting and the fix, before any API call; the context (client and
 * shared reads) is looked up once, on the first call that needs the API. `config` is read only then: the
 * current shim calls this before the host's `configure` hands it the config (shims in older state call it
 * from `configure`). The shim calls this once per kind per provider process.
 * @throws Error when `kind` is unknown, i.e. the installed package is older than the state that names it.
 */
export function dispatch(kind: string, config: ConfigSource | undefined): Required<Omit<pulumi.dynamic.ResourceProvider, "configure">> {
  if (kind === "stackInstance") return stackInstance;
  const impl = (resources as Record<string, ResourceLifecycle | undefined>)[kind];
  if (!impl) {
    throw new Error(`Unknown resource kind "${kind}": the installed pulumi-perplexity is older than the one that wrote this stack; upgrade it.`);
  }
  // Not thrown: the host would print a thrown configure error with its stack trace, then again as the
  // failed call's error. A check failure without a property prints once: `… resource 'x' has a problem: …`,
  // beside the inputs' own failures, so one preview names every mistake.
  let problem: { message: string | undefined } | undefined;
  let context: ProviderContext | undefined;
  const ctx = () => (context ??= contextFor(config));
  // Lists shared by reads may no longer hold after a change, so every change forgets them.
  const changing = async <T>(change: (c: ProviderContext) => Promise<T>): Promise<T> => {
    const c = ctx();
    try {
      return await change(c);
    } finally {
      c.reads.clear();
    }
  };
  return {
    check: (olds, news) => reported(async () => {
      const checked = await impl.check(olds, news);
      problem ??= { message: settingsProblem(config) };
      return problem.message ? { ...checked, failures: [{ property: "", reason: problem.message }, ...(checked.failures ?? [])] } : checked;
    }),
    diff: (id, olds, news) => reported(() => impl.diff(id, olds, news)),
    create: (inputs) => reported(async () => {
      // Creating without the stack instance's id would claim no owner and draw a random idempotency key.
      if (inputs[IDENTITY_KEY] === NO_STACK_INSTANCE) throw new Error(NO_INSTANCE_YET);
      return changing((c) => impl.create(c, inputs));
    }),
    // The claim's lease lives only in state: reads and updates carry it forward untouched.
    read: (id, props) => reported(async () => inputsOnlyOnDrift(impl.metadata, props ?? {}, keepLease(props ?? {}, await impl.read(ctx(), id, props ?? {})))),
    update: (id, olds, news) => reported(async () => keepLease(olds, await changing((c) => impl.update(c, id, olds, news)))),
    delete: (id, props) => reported(() => changing((c) => impl.delete(c, id, props))),
  };
}

/** Why a create without the stack instance's id stops, and the two ways on. */
const NO_INSTANCE_YET = "cannot create this resource yet: its owner identity comes from the stack's hidden StackInstance " +
  `resource (${STACK_INSTANCE_NAME}), which this targeted run did not create (this stack has none yet). Run \`pulumi up\` ` +
  `once without --target, or add --target '**::${STACK_INSTANCE_NAME}' to this command. Nothing was created.`;

/**
 * A read's inputs only when the live object differs from the inputs state holds (outputs echo every input),
 * so a refresh shows drift per property and leaves an unchanged resource as it was. The engine stores a
 * read's inputs in place of the old ones, and ours cannot repeat `__identity` (outputs do not keep it):
 * returning them every time made every refresh rewrite every resource, and Pulumi 3.276 spends time on that
 * which grows with the square of the stack's size (README, Performance: "Seventh pass").
 */
function inputsOnlyOnDrift(meta: ResourceMetadata, olds: Record<string, unknown>, result: pulumi.dynamic.ReadResult): pulumi.dynamic.ReadResult {
  const inputs = result.inputs;
  if (!inputs || diffInputs(meta, olds, inputs).changes) return result;
  const { inputs: _unchanged, ...rest } = result;
  return rest;
}

function keepLease<R extends { props?: Record<string, unknown>; outs?: Record<string, unknown> }>(olds: Record<string, unknown>, result: R): R {
  const lease = olds[LEASE_KEY];
  if (typeof lease !== "string") return result;
  if (result.props) return { ...result, props: { ...result.props, [LEASE_KEY]: lease } };
  if (result.outs) return { ...result, outs: { ...result.outs, [LEASE_KEY]: lease } };
  return result;
}

/** The configuration error `readSettings` would throw, or undefined when the settings are usable. */
function settingsProblem(config: ConfigSource | undefined): string | undefined {
  try {
    readSettings(config);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export { groupMetadata } from "./resources/group-shape";
export type { ResourceMetadata } from "./diff";
export { API_KEY_CONFIG, API_KEY_ENV, BASE_URL_CONFIG, BASE_URL_ENV, MAX_CONCURRENCY_CONFIG, MAX_CONCURRENCY_ENV } from "./config";
