import * as pulumi from "@pulumi/pulumi";
import { groupMetadata } from "../provider/resources/group-shape";
import { identified, MODULE, withMetadata } from "./options";
import { shims } from "./shim";
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
  /** Optional. The group's display name, 1–100 characters. Defaults to the resource's name. Updates in place. */
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
  /** Optional. Delete the group on destroy even if it still has credit, keys or members. Default false. Updates in place. */
  forceDestroy?: pulumi.Input<boolean>;
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
export class Group extends pulumi.dynamic.Resource {
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
    const props = { taxId: undefined, createdAt: undefined, tier: undefined, ...args, name: args.name ?? name };
    super(shims.group, name, identified(groupMetadata, name, props), withMetadata(groupMetadata, opts), MODULE, groupMetadata.type);
  }
}

