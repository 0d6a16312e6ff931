import * as pulumi from "@pulumi/pulumi";
import type { ResourceMetadata } from "../provider/diff";

/** The Pulumi module every resource is registered under: type tokens read `pulumi-nodejs:dynamic/perplexity:<Type>`. */
export const MODULE = "perplexity";

/** Merges the user's options with what the resource declares, e.g. which outputs are secret. */
export function withMetadata(meta: ResourceMetadata, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return meta.secretOutputs.length === 0 ? opts ?? {} : pulumi.mergeOptions(opts, { additionalSecretOutputs: [...meta.secretOutputs] });
}

/**
 * An Input's value as a plain promise, or undefined when it is unknown (at preview). Reads the two members
 * every Output has had since 2019 and the SDK itself relies on across side-by-side versions (`isKnown`,
 * `promise()`), which its typings leave out; a promise carries no resource dependencies, so reading one
 * (e.g. a URN with its parent) does not add the Output's resources to anyone's dependencies.
 */
export async function settled<T>(value: pulumi.Input<T> | undefined): Promise<T | undefined> {
  if (!pulumi.Output.isInstance(value)) return value;
  const output = value as unknown as { isKnown: Promise<boolean>; promise(): Promise<T> };
  return (await output.isKnown) ? output.promise() : undefined;
}
