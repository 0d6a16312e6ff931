import type * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "./context";
import type { z } from "zod";
import { checkInputs, withDefaultName } from "./check";
import { diffInputs, type ResourceMetadata } from "./diff";

type Props = Record<string, unknown>;

/**
 * The lifecycle every resource implements. `check` and `diff` never touch the API (they run at preview,
 * possibly before credentials are configured); the other methods receive the shared {@link ProviderContext}.
 */
export interface ResourceLifecycle {
  /** Declared facts about the resource's inputs and outputs. */
  readonly metadata: ResourceMetadata;
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(ctx: ProviderContext, inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(ctx: ProviderContext, id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(ctx: ProviderContext, id: string, props: Props): Promise<void>;
}

/**
 * The part of a lifecycle that follows from declarations alone: `check` validates with the resource's
 * schema, `diff` compares the inputs its metadata lists. Resources spread it and add the API calls.
 */
export function declared<S extends z.ZodObject>(metadata: ResourceMetadata, schema: S): Pick<ResourceLifecycle, "metadata" | "check" | "diff"> {
  return {
    metadata,
    check: async (olds, news) => checkInputs(schema, withDefaultName(metadata, olds, news)),
    diff: async (_id, olds, news) => diffInputs(metadata, olds, news),
  };
}
