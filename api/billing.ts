import { z } from "zod";
import { page, PageQuery, Timestamp } from "./common";
import { claimFields, ownerField } from "./claims";
import { GroupId, Tier } from "./groups";

/**
 * Money on the wire is an exact integer number of micro-USD (fields end in `_usd_micros`), never a float:
 * 1 USD = 1_000_000.
 */
export const USD_MICROS = 1_000_000;
/** One cent in micro-USD; every configurable amount is a whole number of cents. */
export const CENT_USD_MICROS = 10_000;

/**
 * Allowed ranges of the auto-reload settings, in micro-USD, inclusive. The $5 minimum reload is the
 * smallest credit purchase; the monthly limit must also be at least the reload amount.
 */
export const AUTO_RELOAD_LIMITS = {
  threshold: { min: 1 * USD_MICROS, max: 10_000 * USD_MICROS },
  amount: { min: 5 * USD_MICROS, max: 10_000 * USD_MICROS },
  monthlyLimit: { min: 5 * USD_MICROS, max: 100_000 * USD_MICROS },
} as const;

/** Auto-reload settings of a group that never configured it: off, reload $25 when under $2, no monthly limit. */
export const AUTO_RELOAD_DEFAULTS = {
  enabled: false,
  threshold_usd_micros: 2 * USD_MICROS,
  amount_usd_micros: 25 * USD_MICROS,
  monthly_limit_usd_micros: null,
} as const;

/** Formats micro-USD as dollars with cents and thousands separators, e.g. 10_000_000_000 → `$10,000.00`. */
export function formatUsdMicros(micros: number): string {
  const cents = Math.floor(micros / CENT_USD_MICROS);
  // Not toLocaleString: its first call loads ICU's locale data, 5-6 ms of every provider process's start-up.
  return `$${String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, ",")}.${String(cents % 100).padStart(2, "0")}`;
}

/**
 * Converts a dollar amount (as Pulumi programs write it, e.g. `12.5`) to integer micro-USD, rounding away
 * the binary floating-point noise of decimal fractions (`0.1 + 0.2`).
 */
export function usdToMicros(usd: number): number {
  return Math.round(usd * USD_MICROS);
}

/** Builds the schema of a whole-cent micro-USD amount within `range`; messages name the range in dollars. */
function centAmount(range: { readonly min: number; readonly max: number }) {
  const between = `must be between ${formatUsdMicros(range.min)} and ${formatUsdMicros(range.max)} (${range.min}-${range.max} micro-USD)`;
  return z
    .number()
    .int("must be an integer number of micro-USD (1 USD = 1000000)")
    .min(range.min, between)
    .max(range.max, between)
    .multipleOf(CENT_USD_MICROS, `must be a whole number of cents (a multiple of ${CENT_USD_MICROS} micro-USD)`);
}

/** Balance under which auto reload buys credit: $1–$10,000 in whole cents, in micro-USD. */
export const ThresholdUsdMicros = centAmount(AUTO_RELOAD_LIMITS.threshold);
/** Credit bought per reload: $5 (the minimum purchase)–$10,000 in whole cents, in micro-USD. */
export const ReloadAmountUsdMicros = centAmount(AUTO_RELOAD_LIMITS.amount);
/** Most auto reload may buy per calendar month: $5–$100,000 in whole cents, in micro-USD; at least the reload amount. */
export const MonthlyLimitUsdMicros = centAmount(AUTO_RELOAD_LIMITS.monthlyLimit);

/** Why the monthly limit does not fit the reload amount, or `undefined` when it does (no limit always fits). */
export function monthlyLimitIssue(amountUsdMicros: number, monthlyLimitUsdMicros: number | null | undefined): string | undefined {
  if (monthlyLimitUsdMicros === null || monthlyLimitUsdMicros === undefined || monthlyLimitUsdMicros >= amountUsdMicros) return undefined;
  return `must be at least the reload amount (${formatUsdMicros(amountUsdMicros)}), or null for no limit`;
}

/** Stripe-style test tokens of the emulated card vault: two cards that work and one that is always declined. */
export const PaymentMethodToken = z.enum(["pm_card_visa", "pm_card_mastercard", "pm_card_declined"]);
/** See {@link PaymentMethodToken}. */
export type PaymentMethodToken = z.infer<typeof PaymentMethodToken>;

/** The card on file. Adding it charges nothing; auto reload and credit purchases charge it later. */
export const PaymentMethod = z
  .object({
    object: z.literal("payment_method"),
    brand: z.enum(["visa", "mastercard"]),
    last4: z.string().regex(/^\d{4}$/),
    exp_month: z.number().int().min(1).max(12),
    exp_year: z.number().int(),
    created_at: Timestamp,
  })
  .meta({ id: "PaymentMethod" });
/** See {@link PaymentMethod}. */
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/**
 * Body of `PUT /v1/groups/{group_id}/billing/payment_method`: a test token; `pm_card_declined` is stored,
 * but every charge against it is declined.
 */
export const SetPaymentMethodRequest = z.object({ token: PaymentMethodToken }).strict().meta({ id: "SetPaymentMethodRequest" });
/** See {@link SetPaymentMethodRequest}. */
export type SetPaymentMethodRequest = z.infer<typeof SetPaymentMethodRequest>;

/**
 * A group's auto-reload policy: when `enabled` and the balance drops below `threshold_usd_micros`, buy
 * `amount_usd_micros` of credit, at most `monthly_limit_usd_micros` per calendar month (null: no limit).
 * `disabled_reason` is `payment_failures` when the backend switched it off after repeated declined
 * charges and nobody has changed the settings since.
 */
export const AutoReload = z
  .object({
    object: z.literal("auto_reload"),
    group_id: GroupId,
    enabled: z.boolean(),
    threshold_usd_micros: z.number().int(),
    amount_usd_micros: z.number().int(),
    monthly_limit_usd_micros: z.number().int().nullable(),
    disabled_reason: z.enum(["payment_failures"]).nullable(),
    updated_at: Timestamp,
    owner: ownerField,
  })
  .meta({ id: "AutoReload" });
/** See {@link AutoReload}. */
export type AutoReload = z.infer<typeof AutoReload>;

/**
 * Body of `PUT /v1/groups/{group_id}/billing/auto_reload`: the whole policy (a left-out monthly limit
 * means none). Enabling it needs a payment method on file (422 `payment_method_required`).
 */
export const UpdateAutoReloadRequest = z
  .object({
    enabled: z.boolean(),
    threshold_usd_micros: ThresholdUsdMicros,
    amount_usd_micros: ReloadAmountUsdMicros,
    monthly_limit_usd_micros: MonthlyLimitUsdMicros.nullable().optional().describe("Optional; default null (no monthly limit)."),
    ...claimFields,
  })
  .strict()
  .superRefine((body, ctx) => {
    // zod runs this even when a field already failed; compare only amounts that are themselves valid.
    if (!ReloadAmountUsdMicros.safeParse(body.amount_usd_micros).success) return;
    const issue = monthlyLimitIssue(body.amount_usd_micros, body.monthly_limit_usd_micros);
    if (issue !== undefined) ctx.addIssue({ code: "custom", path: ["monthly_limit_usd_micros"], message: issue });
  })
  .meta({ id: "UpdateAutoReloadRequest" });
/** See {@link UpdateAutoReloadRequest}. */
export type UpdateAutoReloadRequest = z.infer<typeof UpdateAutoReloadRequest>;

/** A group's billing overview: credit balance, lifetime purchases (which set the tier), card and auto reload. */
export const Billing = z
  .object({
    object: z.literal("billing"),
    group_id: GroupId,
    balance_usd_micros: z.number().int().describe("Remaining prepaid credit, in micro-USD."),
    lifetime_purchased_usd_micros: z.number().int().describe("Every credit purchase ever made, in micro-USD; sets the tier."),
    tier: Tier,
    payment_method: PaymentMethod.nullable(),
    auto_reload: AutoReload,
  })
  .meta({ id: "Billing" });
/** See {@link Billing}. */
export type Billing = z.infer<typeof Billing>;

/**
 * Lifetime credit purchases (manual and auto reload) at which each tier starts, in micro-USD, from
 * Perplexity's usage-tier table: $50, $250, $500, $1,000, $5,000. A tier, once reached, is kept.
 */
export const TIER_THRESHOLDS_USD_MICROS: Readonly<Record<Tier, number>> = {
  tier_0: 0, tier_1: 50 * USD_MICROS, tier_2: 250 * USD_MICROS, tier_3: 500 * USD_MICROS, tier_4: 1_000 * USD_MICROS, tier_5: 5_000 * USD_MICROS,
};

/** The tier lifetime purchases of `lifetimeUsdMicros` earn (the highest threshold reached). */
export function tierFor(lifetimeUsdMicros: number): Tier {
  let tier: Tier = "tier_0";
  for (const [name, min] of Object.entries(TIER_THRESHOLDS_USD_MICROS) as [Tier, number][]) if (lifetimeUsdMicros >= min) tier = name;
  return tier;
}

/** Smallest and largest single credit purchase, in micro-USD: $5–$10,000. */
export const PURCHASE_LIMITS = { min: 5 * USD_MICROS, max: 10_000 * USD_MICROS } as const;

/** Body of `POST /v1/groups/{group_id}/billing/credits`: buy credit with the card on file. */
export const PurchaseCreditsRequest = z
  .object({ amount_usd_micros: centAmount(PURCHASE_LIMITS).describe("$5–$10,000 in whole cents, in micro-USD.") })
  .strict()
  .meta({ id: "PurchaseCreditsRequest" });
/** See {@link PurchaseCreditsRequest}. */
export type PurchaseCreditsRequest = z.infer<typeof PurchaseCreditsRequest>;

/** Kinds of credit-ledger entries: purchases and auto reloads add credit, usage debits spend it. */
export const LedgerEntryKind = z.enum(["purchase", "auto_reload", "usage_debit", "adjustment"]);
/** See {@link LedgerEntryKind}. */
export type LedgerEntryKind = z.infer<typeof LedgerEntryKind>;

/** One entry of a group's append-only credit ledger; the balance is the sum of all entries. */
export const LedgerEntry = z
  .object({
    object: z.literal("credit_transaction"),
    id: z.string(),
    group_id: GroupId,
    kind: LedgerEntryKind,
    amount_usd_micros: z.number().int().describe("Positive adds credit, negative spends it."),
    balance_after_usd_micros: z.number().int(),
    reference: z.string().nullable().describe("The usage event, reload or purchase the entry is for."),
    created_at: Timestamp,
  })
  .meta({ id: "LedgerEntry" });
/** See {@link LedgerEntry}. */
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** Response of a credit purchase: the ledger entry it wrote and the billing overview after it. */
export const CreditPurchase = z
  .object({ object: z.literal("credit_purchase"), transaction: LedgerEntry, billing: Billing })
  .meta({ id: "CreditPurchase" });
/** See {@link CreditPurchase}. */
export type CreditPurchase = z.infer<typeof CreditPurchase>;

/** Query of `GET …/billing/transactions`: a page, newest first, optionally of one kind. */
export const ListLedgerQuery = PageQuery.extend({
  after: z.string().regex(/^txn_[0-9]{1,15}$/, "must be a next_cursor of this list (txn_ and digits)").optional().describe("Optional. `next_cursor` of the previous page."),
  kind: LedgerEntryKind.optional().describe("Optional; default every kind."),
});
/** See {@link ListLedgerQuery}. */
export type ListLedgerQuery = z.infer<typeof ListLedgerQuery>;

/** One page of credit-ledger entries, newest first. */
export const LedgerEntryList = page(LedgerEntry).meta({ id: "LedgerEntryList" });
/** See {@link LedgerEntryList}. */
export type LedgerEntryList = z.infer<typeof LedgerEntryList>;
