import type * as pulumi from "@pulumi/pulumi";
import type { ProviderContext } from "./context";
import type { ResourceMetadata } from "./diff";

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
