import { z } from "zod";
import { claimFields, ownerField, OwnerLeaseQuery } from "./claims";
import { page, PageQuery, Timestamp } from "./common";
import { AddressLine, CountryCode, DisplayName, PostalCode, TaxId } from "./fields";

/** A group's billing address as it appears on invoices (wire form, snake_case). */
export const Address = z
  .object({
    line1: AddressLine,
    line2: AddressLine.optional(),
    city: AddressLine,
    state: AddressLine.optional(),
    postal_code: PostalCode,
    country: CountryCode,
  })
  .strict()
  .meta({ id: "Address" });
/** See {@link Address}. */
export type Address = z.infer<typeof Address>;

/** Usage tiers, from lifetime credit purchases; new groups start at `tier_0`. */
export const Tier = z.enum(["tier_0", "tier_1", "tier_2", "tier_3", "tier_4", "tier_5"]);
/** See {@link Tier}. */
export type Tier = z.infer<typeof Tier>;

/** Group ids look like `grp_` followed by 24 lower-case letters or digits. */
export const GroupId = z.string().regex(/^grp_[a-z0-9]{24}$/, "must be a group id like grp_0123456789abcdefghijklmn");

/** An API group: the organisation's workspace with the details shown on its invoices. */
export const Group = z
  .object({
    object: z.literal("group"),
    id: GroupId,
    name: DisplayName,
    address: Address,
    tax_id: TaxId.nullable(),
    tier: Tier,
    created_at: Timestamp,
    updated_at: Timestamp,
    owner: ownerField,
  })
  .meta({ id: "Group" });
/** See {@link Group}. */
export type Group = z.infer<typeof Group>;

/** Body of `POST /v1/groups`. `tax_id` defaults to none. */
export const CreateGroupRequest = z
  .object({ name: DisplayName, address: Address, tax_id: TaxId.nullable().optional(), owner: claimFields.owner })
  .strict()
  .meta({ id: "CreateGroupRequest" });
/** See {@link CreateGroupRequest}. */
export type CreateGroupRequest = z.infer<typeof CreateGroupRequest>;

/**
 * Body of `PATCH /v1/groups/{group_id}`: every field optional; a field left out keeps its value;
 * `tax_id: null` removes the tax id. The address is replaced as a whole.
 */
export const UpdateGroupRequest = z
  .object({ name: DisplayName.optional(), address: Address.optional(), tax_id: TaxId.nullable().optional() })
  .strict()
  .meta({ id: "UpdateGroupRequest" });
/** See {@link UpdateGroupRequest}. */
export type UpdateGroupRequest = z.infer<typeof UpdateGroupRequest>;

/** Path parameters of the routes under `/v1/groups/{group_id}`. */
export const GroupParams = z.object({ group_id: z.string().min(1).max(64) });

/**
 * Which members a `DELETE /v1/groups/{group_id}` without `force` takes with the group:
 * - `none` (default): none; any member or invitation keeps the group (409 `group_not_empty`);
 * - `own`: the members and invitations that the group's creator added (what a Pulumi stack that created the
 *   group declared, the only active admin included), so that deleting a whole stack needs no program edits;
 *   a member claimed by another stack instance than the group's holder is never taken (see `OwnerClaim`).
 *   So does credit that only auto reloads put there, under a policy only the creator set (enabling a
 *   declared policy on a new group reloads at once). Members someone else added, active API keys and any
 *   other credit (a purchase) still keep the group, and the 409 lists them.
 */
export const DeleteGroupCascade = z.enum(["none", "own"]);
/** See {@link DeleteGroupCascade}. */
export type DeleteGroupCascade = z.infer<typeof DeleteGroupCascade>;

/**
 * Query of `DELETE /v1/groups/{group_id}`. Without `force=true` a group that still has credit, active keys
 * or members (other than what `cascade` takes with it) is not deleted: 409 `group_not_empty`, whose message
 * lists them (amounts, ids, emails; never a secret). `force=true` deletes the group with everything in it.
 * `owner_lease` makes the delete conditional on the group's owner claim (409 `owner_mismatch`).
 */
export const DeleteGroupQuery = OwnerLeaseQuery.extend({
  force: z.enum(["true", "false"]).default("false"),
  cascade: DeleteGroupCascade.default("none").describe("What goes with the group without force: `none` or `own` (the members the group's creator added, unless another stack claims them, and the API keys the group's holder holds)."),
});

/** Query of `GET /v1/groups`. */
export const ListGroupsQuery = PageQuery;

/** One page of groups. */
export const GroupList = page(Group).meta({ id: "GroupList" });
/** See {@link GroupList}. */
export type GroupList = z.infer<typeof GroupList>;

/** Response of `DELETE /v1/groups/{group_id}`. */
export const DeletedGroup = z.object({ object: z.literal("group"), id: GroupId, deleted: z.literal(true) });
/** See {@link DeletedGroup}. */
export type DeletedGroup = z.infer<typeof DeletedGroup>;
