import { z } from "zod";
import { DisplayName, GroupId } from "../../api";
import { Trigger } from "../check";
import type { ResourceMetadata } from "../diff";

/**
 * Inputs of `ApiKey`. A new `rotationTrigger` or group mints a new key before the old one is revoked
 * (create-before-delete), so consumers can switch over with zero downtime; the token is encrypted in state.
 */
export const apiKeyMetadata: ResourceMetadata = {
  type: "ApiKey",
  inputs: ["groupId", "name", "rotationTrigger"],
  defaultsToResourceName: "name",
  replaceOnChanges: ["groupId", "rotationTrigger"],
  secretOutputs: ["token"],
};

/** The validated inputs of an `ApiKey`. Without `groupId` the documented `/generate_auth_token` endpoint is used. */
export const ApiKeyInputs = z
  .object({
    groupId: GroupId.optional(),
    name: DisplayName,
    rotationTrigger: Trigger.optional(),
  })
  .strict();
/** See {@link ApiKeyInputs}. */
export type ApiKeyInputs = z.infer<typeof ApiKeyInputs>;

/** What an `ApiKey` keeps in state. */
export interface ApiKeyState extends ApiKeyInputs {
  /** The secret (`pplx-…`), shown by the API only at creation; kept encrypted in state. */
  token: string;
  /** A recognisable, non-secret form of the token, e.g. `pplx-…3f9a`. */
  tokenHint: string;
  /** When the key was created (RFC 3339). */
  createdAt: string;
}

/** The display form of a token: its prefix and last four characters. */
export function hintOf(token: string): string {
  return `pplx-…${token.slice(-4)}`;
}
