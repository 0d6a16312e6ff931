import * as pulumi from "@pulumi/pulumi";
import type { ResourceMetadata } from "../provider/diff";

/** The Pulumi module every resource is registered under: type tokens read `pulumi-nodejs:dynamic/perplexity:<Type>`. */
export const MODULE = "perplexity";

/** Merges the user's options with what the resource declares, e.g. which outputs are secret. */
export function withMetadata(meta: ResourceMetadata, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return meta.secretOutputs.length === 0 ? opts ?? {} : pulumi.mergeOptions(opts, { additionalSecretOutputs: [...meta.secretOutputs] });
}
