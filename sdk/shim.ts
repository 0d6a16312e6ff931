import type * as pulumi from "@pulumi/pulumi";

/** The serialized provider of one resource kind: its kind, plus methods the host's `configure` call installs. */
type Shim = pulumi.dynamic.ResourceProvider & { readonly kind: string };

/**
 * Replaces the shim's six lifecycle methods with the implementation's, loaded by package name. The
 * dynamic-provider host calls `configure` on a freshly deserialized provider before anything else
 * (`getProvider` in `@pulumi/pulumi/cmd/dynamic-provider`, since 3.139), so the methods need not be
 * serialized one by one: each serialized function costs some 300 bytes of wrapper, stored twice per
 * resource, and the engine's time grows with state size (measured: 200 no-op resources padded to our
 * state size take 1.25 × as long to `up` as unpadded ones). The install is synchronous, so a concurrent
 * call never sees a half-configured shim.
 *
 * Until then `configure` also stands in for the six methods, so that a host which skipped it, or a
 * `configure` that failed (the package missing), never leaves them absent: the host would take an absent
 * `delete` as "succeeded" and orphan the object. Called as one of them it gets no `req.config` (an id, or
 * inputs, none of which has a `config` property) and fails.
 *
 * The package is resolved from the program's directory (`process.cwd()` of the provider process): the host
 * evaluates this code without a file name, so a bare `require` could not use the package's self-reference.
 * No comment may go inside the body: the serializer copies the function's text into state.
 */
async function configure(this: Shim, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  if (!req?.config) throw new Error("pulumi-perplexity: the provider was not configured (see the first error)");
  Object.assign(this, require("module").createRequire(`${process.cwd()}/`)("pulumi-perplexity/provider").dispatch(this.kind, req.config));
}

function shim(kind: string): Shim {
  // The placeholders' signatures differ from the methods'; they only ever throw (see configure).
  const placeholder = configure as unknown as () => Promise<never>;
  return { kind, configure, check: placeholder, diff: placeholder, create: placeholder, read: placeholder, update: placeholder, delete: placeholder };
}

/**
 * The object Pulumi serializes into every resource's state (`__provider`, in inputs and outputs), one per
 * resource kind: Pulumi caches serialization per object, so each is serialized once per run. It holds only
 * the kind and one small function (about 900 bytes as stored); every call loads the implementation by package name
 * in the provider process, so resources created by an older version are read and deleted by the
 * installed one, and no credential or library code lands in state.
 */
export const shims = {
  group: shim("group"),
  member: shim("member"),
  apiKey: shim("apiKey"),
  autoReloadPolicy: shim("autoReloadPolicy"),
  stackInstance: shim("stackInstance"),
} as const;
