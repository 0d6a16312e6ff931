import { z } from "zod";
import { Timestamp } from "./common";

/**
 * Who holds an object: the stack instance and the resource in it. Infrastructure-as-code tools send it
 * when they create or adopt an object, so a second declaration elsewhere is refused instead of silently
 * sharing the object, and a tool's delete only removes what its resource still holds.
 */
export const OwnerName = z
  .object({
    stack: z.string().min(1).max(300).describe("The stack instance, e.g. `acme/platform/prod#3f2a9c1e` (organisation/project/stack#instance)."),
    resource: z.string().min(1).max(1000).describe("The resource in that stack, e.g. its Pulumi URN."),
  })
  .strict();
/** See {@link OwnerName}. */
export type OwnerName = z.infer<typeof OwnerName>;

/**
 * An owner claim as a request sends it: the owner plus a `lease`, a random value that names this one
 * claim. A later claim by another resource gets another lease, so a delete that names the old lease is
 * refused (409 `owner_mismatch`) instead of removing what the new holder now has.
 */
export const OwnerClaim = OwnerName.extend({
  lease: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "must be 16-128 letters, digits, _ or -").describe("Names this claim; keep it to make conditional deletes."),
})
  .strict()
  .meta({ id: "OwnerClaim" });
/** See {@link OwnerClaim}. */
export type OwnerClaim = z.infer<typeof OwnerClaim>;

/** The owner of an object as responses show it (the lease stays with its holder). */
export const Owner = OwnerName.extend({ claimed_at: Timestamp })
  .meta({ id: "Owner", description: "Which resource of which stack holds this object; null when none does." });
/** See {@link Owner}. */
export type Owner = z.infer<typeof Owner>;

/** The `owner` member every claimable object (group, member, API key, auto-reload policy) carries. */
// Defaults to null so responses of a backend that predates claims still parse.
export const ownerField = Owner.nullable().default(null).describe("Which resource of which stack holds this object (null: none claimed it).");

/**
 * Fields a create (or adopting) request may carry: the claim to record, and `take_over` to claim an
 * object another stack holds (default false: 409 `owned_elsewhere` naming the holder).
 */
export const claimFields = {
  owner: OwnerClaim.optional().describe("Optional. Record this owner claim on the object."),
  take_over: z.boolean().optional().describe("Optional; default false. Claim the object even when another stack holds it."),
};

/** Body of `PUT /v1/groups/{group_id}/claims/{object_id}`: claim an existing object. */
export const ClaimRequest = z
  .object({ owner: OwnerClaim, take_over: claimFields.take_over })
  .strict()
  .meta({ id: "ClaimRequest" });
/** See {@link ClaimRequest}. */
export type ClaimRequest = z.infer<typeof ClaimRequest>;

/**
 * Query of conditional deletes (groups, members, API keys, auto reload, claims): with `owner_lease` the
 * object is only deleted when nobody claimed it or the claim has this lease; `none` deletes only an
 * unclaimed object. Without it the delete is unconditional (the console's way).
 */
export const OwnerLeaseQuery = z.object({
  owner_lease: z.string().min(1).max(128).optional().describe("Optional. Only delete when unclaimed or claimed with this lease (`none`: only when unclaimed)."),
}).strict();

/** Path parameters of the claims route: the group and one of its objects (`grp_…`, `mem_…`, `key_…` or `auto_reload`). */
export const ClaimParams = z.object({ group_id: z.string().min(1).max(64), object_id: z.string().min(1).max(64) });

/** What can be claimed. */
export const ClaimedObjectType = z.enum(["group", "member", "api_key", "auto_reload"]);
/** See {@link ClaimedObjectType}. */
export type ClaimedObjectType = z.infer<typeof ClaimedObjectType>;

/** A claim on one object, as the claims route returns it. */
export const Claim = z
  .object({
    object: z.literal("claim"),
    group_id: z.string(),
    object_type: ClaimedObjectType,
    object_id: z.string(),
    owner: ownerField,
  })
  .meta({ id: "Claim" });
/** See {@link Claim}. */
export type Claim = z.infer<typeof Claim>;
