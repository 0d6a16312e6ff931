import { z } from "zod";
import { AddressLine, CountryCode, DisplayName, GroupId, PostalCode, TaxId } from "../../api";
import type { Group as WireGroup, Address as WireAddress } from "../../api";
import type { ResourceMetadata } from "../diff";

/** Inputs of `Group` and how each one changes: `existingGroupId` replaces, everything else updates in place. */
export const groupMetadata: ResourceMetadata = {
  type: "Group",
  inputs: ["name", "address", "taxId", "existingGroupId", "forceDestroy", "takeOver"],
  defaultsToResourceName: "name",
  replaceOnChanges: ["existingGroupId"],
  secretOutputs: [],
};

/** A billing address in Pulumi's camelCase; the same rules as the wire `Address`. */
export const AddressInputs = z
  .object({
    line1: AddressLine,
    line2: AddressLine.optional(),
    city: AddressLine,
    state: AddressLine.optional(),
    postalCode: PostalCode,
    country: CountryCode,
  })
  .strict();
/** See {@link AddressInputs}. */
export type AddressInputs = z.infer<typeof AddressInputs>;

/** The validated inputs of a `Group`; `check` fills `forceDestroy: false` when it is left out. */
export const GroupInputs = z
  .object({
    name: DisplayName,
    address: AddressInputs,
    taxId: TaxId.optional(),
    existingGroupId: GroupId.optional(),
    forceDestroy: z.boolean().default(false),
    takeOver: z.boolean().optional(),
  })
  .strict();
/** See {@link GroupInputs}. */
export type GroupInputs = z.infer<typeof GroupInputs>;

/** What a `Group` keeps in state: every input echoed, plus what the API assigned. */
export interface GroupState extends GroupInputs {
  /** When the group was created (RFC 3339). */
  createdAt: string;
  /** Usage tier from lifetime credit purchases, e.g. `tier_0`. */
  tier: string;
  /** True when the group was adopted with `existingGroupId`; destroy then releases it instead of deleting it. */
  adopted: boolean;
}

/** Converts a camelCase address to the wire's snake_case. */
export function toWireAddress(a: AddressInputs): WireAddress {
  const { postalCode, ...rest } = a;
  return { ...rest, postal_code: postalCode };
}

/** The settings part of the inputs, as they appear in the API. */
export function settingsFromGroup(g: WireGroup): Pick<GroupInputs, "name" | "address" | "taxId"> {
  const { postal_code, ...rest } = g.address;
  const address: AddressInputs = { ...rest, postalCode: postal_code };
  return g.tax_id ? { name: g.name, address, taxId: g.tax_id } : { name: g.name, address };
}
