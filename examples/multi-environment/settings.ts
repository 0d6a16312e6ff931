import * as pulumi from "@pulumi/pulumi";

/** What differs between environments, read from the stack's config (Pulumi.<stack>.yaml). */
export interface EnvironmentSettings {
  /** The environment's existing group (`grp_…`); it must already have a payment method for auto reload. */
  readonly groupId: string;
  /** Appended to the group's name, e.g. `(dev)`. */
  readonly nameSuffix: string;
  /** How many API keys the environment's applications get, 0–10. */
  readonly keyCount: number;
  /** Auto reload: top up when the balance drops below this many dollars. */
  readonly reloadThresholdUsd: number;
  /** Auto reload: dollars added per top-up. */
  readonly reloadAmountUsd: number;
  /** Auto reload: at most this many dollars a month; no cap when unset. */
  readonly reloadMonthlyLimitUsd: number | undefined;
}

/**
 * Reads the current stack's settings.
 * @throws Error naming the missing or invalid key (Pulumi's own config errors).
 */
export function environmentSettings(config = new pulumi.Config()): EnvironmentSettings {
  const keyCount = config.requireNumber("keyCount", { min: 0, max: 10 });
  if (!Number.isInteger(keyCount)) throw new Error(`keyCount must be a whole number, not ${keyCount}.`);
  return {
    groupId: config.require("groupId"),
    nameSuffix: config.require("nameSuffix"),
    keyCount,
    reloadThresholdUsd: config.requireNumber("reloadThresholdUsd"),
    reloadAmountUsd: config.requireNumber("reloadAmountUsd"),
    reloadMonthlyLimitUsd: config.getNumber("reloadMonthlyLimitUsd"),
  };
}
