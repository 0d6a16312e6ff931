import * as pulumi from "@pulumi/pulumi";
import type { ResourceMetadata } from "../provider/diff";

/** The Pulumi module every resource is registered under: type tokens read `pulumi-nodejs:dynamic/perplexity:<Type>`. */
export const MODULE = "perplexity";

/** Merges the user's options with what the resource declares, e.g. which outputs are secret. */
export function withMetadata(meta: ResourceMetadata, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return meta.secretOutputs.length === 0 ? opts ?? {} : pulumi.mergeOptions(opts, { additionalSecretOutputs: [...meta.secretOutputs] });
}

/**
 * Adds the resource's identity (`<project>/<stack>/<type>/<name>`) to its inputs as `__identity`. The
 * provider derives each create's idempotency key from it and the inputs, so a create re-run after a crashed
 * or cancelled `pulumi up` gets back the object the lost run made instead of a second one. Not secret;
 * the engine's display hides `__` properties.
 */
export function identified<P extends object>(meta: ResourceMetadata, name: string, props: P): P & { __identity: string } {
  return { ...props, __identity: `${pulumi.getProject()}/${pulumi.getStack()}/${meta.type}/${name}` };
}
