import * as pulumi from "@pulumi/pulumi";
import "./grpc-pool";
import { MODULE } from "./options";

/** A resource kind the serialized provider names; `dispatch` in `pulumi-perplexity/provider` knows each. */
export type ShimKind = "group" | "member" | "apiKey" | "autoReloadPolicy" | "stackInstance";

/**
 * The serialized provider of one resource kind: the module text the dynamic-provider host stores in every
 * resource's state (`__provider`, in inputs and outputs) and evaluates, without a file name, to call
 * `exports.handler()` (`getProvider` in `@pulumi/pulumi/cmd/dynamic-provider`). Written by hand rather than
 * by `pulumi.runtime.serializeFunction`: its wrappers made the same thing 920 bytes, stored twice per
 * resource, and the engine rewrites the whole checkpoint after every step, so each stored byte costs time
 * O(N²) in the stack's size. This is 180–191 bytes and holds no credential and no library code.
 *
 * The handler loads the implementation by package name, resolved from the program's directory (the host's
 * `process.cwd()`; a bare `require` there could not use the package's self-reference), so resources made by
 * an older version are read and deleted by the installed one. It fails, and nothing is cached, when the
 * package is missing or too old to know the kind: the host never sees a provider without `delete` (which it
 * would take as "deleted" and orphan the object). The stack config arrives with `configure`, which the host
 * always awaits before any other call; the implementation reads it only when a call needs it.
 */
export function shimText(kind: ShimKind): string {
  return `exports.handler=()=>{let c;return{...require("module").createRequire(process.cwd()+"/")("pulumi-perplexity/provider")` +
    `.dispatch(${JSON.stringify(kind)},{get:k=>c.get(k)}),configure(r){c=r.config}}}`;
}

/**
 * The base of every resource class: a custom resource of type `pulumi-nodejs:dynamic/perplexity:<type>`
 * with `__provider` set to {@link shimText}, exactly what `pulumi.dynamic.Resource` registers except that
 * the serialized provider is the short hand-written text instead of a serialized object.
 */
export abstract class PerplexityResource extends pulumi.CustomResource {
  /**
   * @param kind The resource kind the provider dispatches on, e.g. `member`.
   * @param type The type name, e.g. `Member`.
   */
  protected constructor(kind: ShimKind, type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    // Why the stack trace limit: registering a resource makes four promises per property, and the SDK gives
    // each a formatted stack trace (`new Error().stack`) that only PULUMI_DEBUG_PROMISE_LEAKS ever prints:
    // that formatting was 40 % of the program's CPU for 1,000 resources. The resource's own source position
    // is unaffected (the SDK lifts the limit while it takes it); an error thrown here gets its stack back.
    const limit = Error.stackTraceLimit;
    if (process.env["PULUMI_DEBUG_PROMISE_LEAKS"] === undefined) Error.stackTraceLimit = 0;
    try {
      super(`pulumi-nodejs:dynamic/${MODULE}:${type}`, name, { ...props, __provider: shimText(kind) }, opts);
    } catch (err) {
      Error.stackTraceLimit = limit;
      if (err instanceof Error) Error.captureStackTrace(err, PerplexityResource);
      throw err;
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}
