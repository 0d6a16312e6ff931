import * as pulumi from "@pulumi/pulumi";
import { resources } from "../../provider";
import { canonical, UNKNOWN, withoutProvider } from "../../provider/state";
import type { ResourceLifecycle } from "../../provider/lifecycle";
import { STACK_INSTANCE_TYPE } from "../identity";
import { MODULE } from "../options";
import { checkFailureMessage } from "./check-failure";
import { fakeContext } from "./fake-api";

/** Options of {@link perplexityMocks}. */
export interface PerplexityMocksOptions {
  /** The clock that stamps `createdAt`, `invitedAt` and the like. Default: the current time. */
  readonly now?: () => Date;
}

// Every dynamic resource registers as `pulumi-nodejs:dynamic/<module>:<type>`; ours name the module and
// their metadata's type, so the token alone tells the four kinds apart (no need to read `__provider`).
const byType = new Map<string, ResourceLifecycle>(
  Object.values(resources).map((impl) => [`pulumi-nodejs:dynamic/${MODULE}:${impl.metadata.type}`, impl]),
);

/** True for the type token of a pulumi-perplexity resource, e.g. `pulumi-nodejs:dynamic/perplexity:Member`. */
export function isPerplexityType(type: string): boolean {
  return byType.has(type);
}

/**
 * Mocks for `pulumi.runtime.setMocks` that answer for pulumi-perplexity's four resources as the provider
 * would, and hand every other resource and call to `others`.
 *
 * For each of our resources they run the provider's own `check`: with invalid input, `outputValue` of the
 * resource's outputs and `runProgram` reject with the very message `pulumi preview` prints
 * (`… property email value {…} has a problem: …`). (Not by failing the registration: the runtime would
 * turn that into unhandled rejections, which kill a test runner's worker.) Valid
 * input then goes through the provider's own `create`, answered by an in-memory stand-in of the API, so
 * the outputs are what `pulumi up` stores: ids like `grp_…`, `mem_…`, `key_…`; `status: "invited"`;
 * `tier: "tier_0"`; `createdAt`; `tokenHint` and a `token` that is a secret output. Ids and tokens are
 * derived from the resource's type, name and the inputs that replace it, so they are stable across runs
 * and change exactly when `pulumi up` would replace the object (e.g. a new `rotationTrigger`). In preview
 * mode (`setMocks(…, preview = true)`) only `check` runs and the outputs are the checked inputs, as in a
 * real preview. Cross-object rules of the API (a payment method before auto reload, the last admin) are
 * not simulated.
 *
 * @param others The mocks for everything else (other providers, invokes). Default: a resource's outputs
 *   are its inputs and its id is `<name>_id`; a call returns its arguments.
 */
export function perplexityMocks(others: Partial<pulumi.runtime.Mocks> = {}, options: PerplexityMocksOptions = {}): pulumi.runtime.Mocks {
  const now = options.now ?? (() => new Date());
  return {
    call: (args) => (others.call ? others.call(args) : args.inputs),
    newResource: async (args) => {
      // The stack that `runProgram` wraps the program in is the engine's, not a provider's resource.
      if (args.type === "pulumi:pulumi:Stack") return { id: undefined, state: {} };
      // The package's hidden per-stack resource (sdk/identity.ts): answered here, so users' mocks never see it.
      if (args.type === STACK_INSTANCE_TYPE) return { id: "mock-stack-instance", state: { instanceId: "mock-stack-instance" } };
      const impl = byType.get(args.type);
      if (!impl) return others.newResource ? others.newResource(args) : { id: `${args.name}_id`, state: args.inputs };
      return newPerplexityResource(impl, args, now());
    },
  };
}

/** Check failures by resource (`<type>::<name>`), in the order the resources were registered. */
const failures = new Map<string, string[]>();

/** Returns every check failure recorded since the last call, one message each, and forgets them. */
export function takeCheckFailures(): string[] {
  const all = [...failures.values()].flat();
  failures.clear();
  return all;
}

/** The check failures of the resources with these URNs. */
export function checkFailuresOf(urns: readonly string[]): string[] {
  return [...failures.entries()].filter(([key]) => urns.some((urn) => urn.endsWith(key))).flatMap(([, messages]) => messages);
}

async function newPerplexityResource(impl: ResourceLifecycle, args: pulumi.runtime.MockResourceArgs, now: Date): Promise<pulumi.runtime.MockResourceResult> {
  const inputs = withEngineUnknowns(args.inputs) as Record<string, unknown>;
  const checked = await impl.check({}, inputs);
  const key = `${args.type}::${args.name}`;
  failures.delete(key);
  if (checked.failures?.length) {
    // Not thrown: the runtime would turn every output of the resource into an unhandled rejection, which
    // kills a test runner's worker. `outputValue` and `runProgram` reject with these messages instead.
    failures.set(key, checked.failures.map((f) => checkFailureMessage(args.type, args.name, inputs, f)));
    return { id: undefined, state: withoutProvider(inputs) };
  }
  const declared = withoutProvider(checked.inputs as Record<string, unknown>);
  if (pulumi.runtime.isDryRun()) return { id: undefined, state: declared };
  const replacing = impl.metadata.replaceOnChanges.map((k) => declared[k]);
  const created = await impl.create(fakeContext(canonical([args.type, args.name, replacing]), now), checked.inputs as Record<string, unknown>);
  const state: Record<string, unknown> = { ...created.outs };
  // The engine encrypts these because the SDK classes ask for it (additionalSecretOutputs); mocks have no
  // engine, so the value itself is returned as a secret.
  for (const key of impl.metadata.secretOutputs) if (state[key] !== undefined) state[key] = pulumi.secret(state[key]);
  return { id: created.id, state };
}

/** Mocked previews deserialize unknown values to `pulumi.unknown`; the provider expects the engine's marker. */
function withEngineUnknowns(value: unknown): unknown {
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(withEngineUnknowns);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withEngineUnknowns(v)]));
  return value;
}

