import type * as pulumi from "@pulumi/pulumi";
import { containsUnknown, sameValue } from "./state";

/**
 * What a resource declares about its inputs, read by the shared {@link diffInputs}: which inputs exist,
 * which of them force a replacement, and whether the old object must go before the new one is made.
 */
export interface ResourceMetadata {
  /** The Pulumi type name, e.g. `Group`; with the module it forms the type token `pulumi-nodejs:dynamic/perplexity:Group`. */
  readonly type: string;
  /** Every input property, in display order. */
  readonly inputs: readonly string[];
  /** Inputs whose change replaces the resource; every other input updates in place. */
  readonly replaceOnChanges: readonly string[];
  /** Outputs to encrypt in state (`additionalSecretOutputs`). */
  readonly secretOutputs: readonly string[];
  /**
   * The input that defaults to the resource's name when the program leaves it out, e.g. `name`. `check`
   * fills it once, at create; later runs keep the value in state, so renaming the resource (with or
   * without `aliases`) never renames the live object. Optional; default none.
   */
  readonly defaultsToResourceName?: string;
  /** True when two objects cannot coexist, so a replacement deletes before it creates. Default false. */
  readonly deleteBeforeReplace?: boolean;
}

/**
 * The explicit diff of a resource: compares the old outputs (which echo every input) with the new inputs.
 * A property that is unknown at preview counts as changed, so the preview shows it.
 */
export function diffInputs(
  meta: ResourceMetadata,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
  const changed = meta.inputs.filter((k) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]));
  const replaces = changed.filter((k) => meta.replaceOnChanges.includes(k));
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && meta.deleteBeforeReplace === true,
  };
}
