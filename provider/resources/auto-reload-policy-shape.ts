import { z } from "zod";
import { AUTO_RELOAD_LIMITS, GroupId, USD_MICROS } from "../../api";
import type { ResourceMetadata } from "../diff";

/** Inputs of `AutoReloadPolicy`: one per group, so another group is another policy. */
export const autoReloadPolicyMetadata: ResourceMetadata = {
  type: "AutoReloadPolicy",
  inputs: ["groupId", "enabled", "thresholdUsd", "amountUsd", "monthlyLimitUsd", "takeOver"],
  replaceOnChanges: ["groupId"],
  secretOutputs: [],
  // Two policies of the same group would fight over one setting: disable the old before setting the new.
  deleteBeforeReplace: true,
};

/** Converts the wire's integer micro-USD to US dollars. */
export function toUsd(micros: number): number {
  return micros / USD_MICROS;
}

/**
 * A dollar amount in whole cents within one of the API's {@link AUTO_RELOAD_LIMITS} (micro-USD); the
 * messages state the rule in dollars, as the program writes it.
 */
function dollars(range: { readonly min: number; readonly max: number }) {
  const [min, max] = [toUsd(range.min), toUsd(range.max)];
  return z
    .number()
    .refine((v) => v >= min, `must be at least $${min}`)
    .refine((v) => v <= max, `must be at most $${max.toLocaleString("en-US")}`)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, "must be whole cents (at most two decimals)");
}

/**
 * The validated inputs of an `AutoReloadPolicy`, in US dollars, with the management API's limits:
 * threshold $1–$10,000; amount $5 (the minimum purchase)–$10,000; monthly limit at least the amount.
 */
export const AutoReloadPolicyInputs = z
  .object({
    groupId: GroupId,
    enabled: z.boolean().default(true),
    thresholdUsd: dollars(AUTO_RELOAD_LIMITS.threshold),
    amountUsd: dollars(AUTO_RELOAD_LIMITS.amount),
    monthlyLimitUsd: dollars(AUTO_RELOAD_LIMITS.monthlyLimit).optional(),
    takeOver: z.boolean().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.monthlyLimitUsd !== undefined && v.monthlyLimitUsd < v.amountUsd) {
      ctx.addIssue({ code: "custom", path: ["monthlyLimitUsd"], message: "must be at least amountUsd, or one reload would exceed it" });
    }
  });
/** See {@link AutoReloadPolicyInputs}. */
export type AutoReloadPolicyInputs = z.infer<typeof AutoReloadPolicyInputs>;

/** What an `AutoReloadPolicy` keeps in state. */
export interface AutoReloadPolicyState extends AutoReloadPolicyInputs {
  /** Why the backend switched auto reload off by itself (e.g. `payment_failures`), or null. */
  disabledReason: string | null;
}
