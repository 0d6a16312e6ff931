import * as pulumi from "@pulumi/pulumi";
import { apiKeyMetadata } from "../provider/resources/api-key-shape";
import { deletedWithGroup } from "./deleted-with";
import { identified } from "./identity";
import { withMetadata } from "./options";
import { PerplexityResource } from "./shim";

/** The arguments of an {@link ApiKey}. */
export interface ApiKeyArgs {
  /**
   * Optional. The group's id (e.g. `group.id`). Changing it replaces the key. Without it the key is made with
   * Perplexity's documented `/generate_auth_token` endpoint, authenticated by the configured key.
   */
  groupId?: pulumi.Input<string>;
  /**
   * Optional. The key's name, 1–100 characters; defaults to the resource's name when the key is created (a
   * later rename of the resource keeps it). Updates in place (replaces without `groupId`).
   */
  name?: pulumi.Input<string>;
  /**
   * Optional. Change this value to rotate the key: the new key is created before the old one is revoked, so
   * consumers can switch over with zero downtime.
   */
  rotationTrigger?: pulumi.Input<string | number>;
}

/**
 * An API key of a group (`Authorization: Bearer <token>`). The token is shown by the API only once, at
 * creation; it is an encrypted secret in state and refresh keeps it. A key revoked out of band disappears
 * on refresh and `up` creates a new one.
 *
 * @example
 * const key = new perplexity.ApiKey("ci", { groupId: group.id, rotationTrigger: "2026-11" });
 * export const token = key.token; // a secret
 */
export class ApiKey extends PerplexityResource {
  /** The group's id, if the key was made through the management API. */
  declare readonly groupId: pulumi.Output<string | undefined>;
  /** The key's name. */
  declare readonly name: pulumi.Output<string>;
  /** The secret token, `pplx-…`. */
  declare readonly token: pulumi.Output<string>;
  /** A recognisable, non-secret form of the token, e.g. `pplx-…3f9a`. */
  declare readonly tokenHint: pulumi.Output<string>;
  /** When the key was created (RFC 3339, UTC). */
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: ApiKeyArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // `name` left out defaults to the resource's name at create (the provider's check), and is kept after.
    const props = { name: undefined, groupId: undefined, token: undefined, tokenHint: undefined, createdAt: undefined, ...args };
    const options = withMetadata(apiKeyMetadata, args.groupId === undefined ? opts : deletedWithGroup(args.groupId, opts));
    super("apiKey", apiKeyMetadata.type, name, identified(apiKeyMetadata, name, props, opts), options);
  }
}
