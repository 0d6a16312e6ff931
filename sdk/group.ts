import * as pulumi from "@pulumi/pulumi";
import { groupMetadata } from "../provider/resources/group-shape";
import { registerGroup } from "./deleted-with";
import { identified } from "./identity";
import { withMetadata } from "./options";
import { PerplexityResource } from "./shim";
import type { TaxIdType } from "../api/fields";

/** A billing address, shown on invoices. */
export interface AddressArgs {
  /** Street address. 1–200 characters. */
  line1: pulumi.Input<string>;
  /** Optional. Apartment, suite or floor. 1–200 characters. */
  line2?: pulumi.Input<string>;
  /** City. 1–200 characters. */
  city: pulumi.Input<string>;
  /** Optional. State, province or region. */
  state?: pulumi.Input<string>;
  /** Postal code: 1–20 letters, digits, spaces or dashes. */
  postalCode: pulumi.Input<string>;
  /** ISO 3166-1 alpha-2 country code in upper case, e.g. `US`. */
  country: pulumi.Input<string>;
}

/** The arguments of a {@link Group}. */
export interface GroupArgs {
  /**
   * Optional. The group's display name, 1–100 characters. Defaults to the resource's name when the group is
   * created; renaming the resource later (with or without `aliases`) keeps the group's name. Updates in place.
   */
  name?: pulumi.Input<string>;
  /** The billing address shown on invoices. Updates in place. */
  address: pulumi.Input<AddressArgs>;
  /** Optional. Tax id shown on invoices, e.g. `{type: "eu_vat", value: "DE123456789"}`. Updates in place; removing it clears it. */
  taxId?: pulumi.Input<{ type: pulumi.Input<TaxIdType>; value: pulumi.Input<string> }>;
  /**
   * Optional. Adopt this existing group (e.g. `grp_…`) instead of creating one; its settings are then managed.
   * On destroy an adopted group is released, not deleted, unless `forceDestroy` is true. Changing it replaces.
   */
  existingGroupId?: pulumi.Input<string>;
  /**
   * Optional. Delete the group on destroy even if it still has credit, active keys or members someone else
   * added. Default false: destroying a group this stack created removes the members the stack added (its
   * only active admin included) and refuses, listing them, while anything else is left. Updates in place.
   */
  forceDestroy?: pulumi.Input<boolean>;
  /**
   * Optional. Take over the object from the stack that holds it now (its owner claim names the stack and
   * resource). Default false: declaring an object another stack holds fails and names that stack. Updates in place.
   */
  takeOver?: pulumi.Input<boolean>;
}

/**
 * An API group: the organisation's workspace in the Perplexity API Portal, with the name, address and
 * tax details shown on its invoices.
 *
 * @example
 * const group = new perplexity.Group("platform", {
 *   address: { line1: "1 Main St", city: "San Francisco", postalCode: "94105", country: "US" },
 * });
 */
export class Group extends PerplexityResource {
  /** The group's display name. */
  declare readonly name: pulumi.Output<string>;
  /** The billing address. */
  declare readonly address: pulumi.Output<{ line1: string; line2?: string; city: string; state?: string; postalCode: string; country: string }>;
  /** The tax id, if any. */
  declare readonly taxId: pulumi.Output<{ type: TaxIdType; value: string } | undefined>;
  /** When the group was created (RFC 3339, UTC). */
  declare readonly createdAt: pulumi.Output<string>;
  /** Usage tier from lifetime credit purchases, `tier_0` to `tier_5`. */
  declare readonly tier: pulumi.Output<string>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    // `name` left out defaults to the resource's name at create (the provider's check), and is kept after.
    const props = { name: undefined, taxId: undefined, createdAt: undefined, tier: undefined, ...args };
    super("group", groupMetadata.type, name, identified(groupMetadata, name, props, opts, args.existingGroupId === undefined ? undefined : {
      group: args.existingGroupId, what: () => "one adopted group (the same existingGroupId)",
      fix: "Declare the group once and pass its id to whatever else needs it.",
    }), withMetadata(groupMetadata, opts));
    registerGroup(this, args);
  }
}

