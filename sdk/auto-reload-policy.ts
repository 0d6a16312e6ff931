import * as pulumi from "@pulumi/pulumi";
import { autoReloadPolicyMetadata } from "../provider/resources/auto-reload-policy-shape";
import { deletedWithGroup } from "./deleted-with";
import { identified } from "./identity";
import { withMetadata } from "./options";
import { PerplexityResource } from "./shim";

/** The arguments of an {@link AutoReloadPolicy}. Amounts are US dollars in whole cents. */
export interface AutoReloadPolicyArgs {
  /** The group's id (e.g. `group.id`). One policy per group; changing it replaces the policy. */
  groupId: pulumi.Input<string>;
  /** Optional. Whether auto reload is on. Default true. Updates in place. */
  enabled?: pulumi.Input<boolean>;
  /** Reload when the balance drops below this many dollars, $1–$10,000. Updates in place. */
  thresholdUsd: pulumi.Input<number>;
  /** Dollars to add per reload, $5–$10,000. Updates in place. */
  amountUsd: pulumi.Input<number>;
  /** Optional. At most this many dollars of reloads per calendar month (UTC), at least `amountUsd`. Default no limit. Updates in place. */
  monthlyLimitUsd?: pulumi.Input<number>;
  /**
   * Optional. Take over the object from the stack that holds it now (its owner claim names the stack and
   * resource). Default false: declaring an object another stack holds fails and names that stack. Updates in place.
   */
  takeOver?: pulumi.Input<boolean>;
}

/**
 * A group's auto-reload (credit top-up) policy. It needs a payment method on the group. Enabling it while
 * the balance is already below the threshold reloads at once. Destroying it turns auto reload off. If the
 * backend turns it off after repeated payment failures, refresh shows the drift and `up` turns it back on.
 *
 * @example
 * new perplexity.AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50, monthlyLimitUsd: 500 });
 */
export class AutoReloadPolicy extends PerplexityResource {
  /** The group's id. */
  declare readonly groupId: pulumi.Output<string>;
  /** Whether auto reload is on. */
  declare readonly enabled: pulumi.Output<boolean>;
  /** The threshold in dollars. */
  declare readonly thresholdUsd: pulumi.Output<number>;
  /** The reload amount in dollars. */
  declare readonly amountUsd: pulumi.Output<number>;
  /** The monthly limit in dollars, if any. */
  declare readonly monthlyLimitUsd: pulumi.Output<number | undefined>;
  /** Why the backend switched auto reload off by itself (e.g. `payment_failures`), or null. */
  declare readonly disabledReason: pulumi.Output<string | null>;

  constructor(name: string, args: AutoReloadPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { enabled: undefined, monthlyLimitUsd: undefined, disabledReason: undefined, ...args };
    super("autoReloadPolicy", autoReloadPolicyMetadata.type, name, identified(autoReloadPolicyMetadata, name, props, opts, {
      group: args.groupId, what: () => "the auto-reload policy of one group (a group has one)",
      fix: "Declare one AutoReloadPolicy per group and remove the other.",
    }), withMetadata(autoReloadPolicyMetadata, deletedWithGroup(args.groupId, opts)));
  }
}
