import * as pulumi from "@pulumi/pulumi";
import { ApiKey, Group } from "pulumi-perplexity";

/**
 * Key rotation: an API key whose `rotationTrigger` comes from stack config (`rotation`, e.g. `2026-11`).
 * A new value replaces the key create-before-delete: the new key exists and the stack's outputs switch to
 * it before the old key is revoked, so whatever reads `token` never holds a dead key.
 *
 * Stack config: `rotation` (required), `groupName` (optional, default `Key rotation`).
 *
 * @param rotationTrigger Used instead of config `rotation` when given, e.g. by the variant in
 *   random-trigger.ts; `pulumi up` calls the program without arguments.
 */
export = async function keyRotation(rotationTrigger?: pulumi.Input<string>) {
  const config = new pulumi.Config();
  const group = new Group("team", {
    name: config.get("groupName") ?? "Key rotation",
    address: { line1: "1 Market St", city: "San Francisco", state: "CA", postalCode: "94105", country: "US" },
  });
  const key = new ApiKey("app", { groupId: group.id, rotationTrigger: rotationTrigger ?? config.require("rotation") });
  return {
    groupId: group.id,
    keyId: key.id,
    // Already a secret (the resource marks it so): encrypted in state, shown only with --show-secrets.
    token: key.token,
    tokenHint: key.tokenHint,
    createdAt: key.createdAt,
  };
};
