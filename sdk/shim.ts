import type * as pulumi from "@pulumi/pulumi";

/** The serialized provider of one resource kind: its kind, plus methods the host's `configure` call installs. */
type Shim = pulumi.dynamic.ResourceProvider & { readonly kind: string; [method: string]: unknown };
type Method = "check" | "diff" | "create" | "read" | "update" | "delete";

/**
 * Installs the six lifecycle methods on the shim, each loading the implementation by package name on its
 * first call and delegating to it. The dynamic-provider host calls `configure` on a freshly deserialized
 * provider before anything else (`getProvider` in `@pulumi/pulumi/cmd/dynamic-provider`, since 3.139), so
 * the methods need not be serialized one by one: each serialized function costs some 250 bytes of
 * wrapper, stored twice per resource. The install is synchronous and cannot throw, so a concurrent call
 * never sees a half-configured shim, and a missing package fails each call instead of configure.
 *
 * The package is resolved from the program's directory (`process.cwd()` of the provider process): the host
 * evaluates this code without a file name, so a bare `require` could not use the package's self-reference.
 * No comment may go inside the body: the serializer copies the function's text into state.
 */
async function configure(this: Shim, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  let impl: Record<Method, (...args: unknown[]) => unknown> | undefined;
  for (const method of ["check", "diff", "create", "read", "update", "delete"] as const) {
    this[method] = (...args: unknown[]) => (impl ??= require("module").createRequire(`${process.cwd()}/`)("pulumi-perplexity/provider").dispatch(this.kind, req.config))[method](...args);
  }
}

/**
 * What every lifecycle method is until `configure` replaces it. Declaring the methods keeps a host that
 * skipped `configure` from treating them as absent, which for `delete` would mean "succeeded" and orphan
 * the object; this fails the call instead.
 */
async function unconfigured(): Promise<never> {
  throw new Error("pulumi-perplexity needs a dynamic-provider host that calls configure first (@pulumi/pulumi >= 3.139).");
}

function shim(kind: string): Shim {
  return { kind, configure, check: unconfigured, diff: unconfigured, create: unconfigured, read: unconfigured, update: unconfigured, delete: unconfigured };
}

/**
 * The object Pulumi serializes into every resource's state (`__provider`, in inputs and outputs), one per
 * resource kind: Pulumi caches serialization per object, so each is serialized once per run. It holds only
 * the kind and two small functions (about 1.1 KB); every call loads the implementation by package name
 * in the provider process, so resources created by an older version are read and deleted by the
 * installed one, and no credential or library code lands in state.
 */
export const shims = {
  group: shim("group"),
  member: shim("member"),
  apiKey: shim("apiKey"),
  autoReloadPolicy: shim("autoReloadPolicy"),
} as const;
