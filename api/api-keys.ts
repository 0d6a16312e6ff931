import { z } from "zod";
import { claimFields, ownerField } from "./claims";
import { page, PageQuery, Timestamp } from "./common";
import { DisplayName } from "./fields";
import { GroupId } from "./groups";

/** API key ids look like `key_` followed by 24 lower-case letters or digits. */
export const ApiKeyId = z.string().regex(/^key_[a-z0-9]{24}$/, "must be an API key id like key_0123456789abcdefghijklmn");

/** Every API key token is `pplx-` followed by this many letters or digits. */
export const API_KEY_TOKEN_LENGTH = 48;

/** An API key's secret: `pplx-` followed by 48 letters or digits. Shown once, when the key is created. */
export const ApiKeyToken = z.string().regex(/^pplx-[A-Za-z0-9]{48}$/, "must be an API key like pplx- followed by 48 letters or digits");

/** Name a key gets when the request gives none. */
export const DEFAULT_API_KEY_NAME = "API key";

/**
 * The hint that identifies a key without revealing it: `pplx-…` and the token's last 4 characters,
 * e.g. `pplx-…3f9a` (the same 4 characters Perplexity prints on invoice lines).
 */
export function tokenHint(token: string): string {
  return `pplx-…${token.slice(-4)}`;
}

/** Whether a key still authenticates: `active`, or `revoked` for good (a revoked key cannot be restored). */
export const ApiKeyStatus = z.enum(["active", "revoked"]);
/** See {@link ApiKeyStatus}. */
export type ApiKeyStatus = z.infer<typeof ApiKeyStatus>;

/** A group's API key as every read returns it: never the secret, only its {@link tokenHint}. */
export const ApiKey = z
  .object({
    object: z.literal("api_key"),
    id: ApiKeyId,
    group_id: GroupId,
    name: DisplayName,
    token_hint: z.string().regex(/^pplx-…[A-Za-z0-9]{4}$/).describe("`pplx-…` and the token's last 4 characters."),
    status: ApiKeyStatus,
    created_at: Timestamp,
    revoked_at: Timestamp.nullable().describe("When the key was revoked; null while it is active."),
    owner: ownerField,
  })
  .meta({ id: "ApiKey" });
/** See {@link ApiKey}. */
export type ApiKey = z.infer<typeof ApiKey>;

/** The response of key creation: the key plus its `token`, which no other response ever contains. */
export const CreatedApiKey = ApiKey.extend({
  token: ApiKeyToken.describe("The secret, shown only in this response: store it now."),
}).meta({ id: "CreatedApiKey" });
/** See {@link CreatedApiKey}. */
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** Body of `POST /v1/groups/{group_id}/api_keys`; `name` defaults to {@link DEFAULT_API_KEY_NAME}. */
export const CreateApiKeyRequest = z
  .object({ name: DisplayName.optional().describe(`Optional; default "${DEFAULT_API_KEY_NAME}".`), owner: claimFields.owner })
  .strict()
  .meta({ id: "CreateApiKeyRequest" });
/** See {@link CreateApiKeyRequest}. */
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

/** Body of `PATCH /v1/groups/{group_id}/api_keys/{key_id}`: the new name. */
export const UpdateApiKeyRequest = z.object({ name: DisplayName }).strict().meta({ id: "UpdateApiKeyRequest" });
/** See {@link UpdateApiKeyRequest}. */
export type UpdateApiKeyRequest = z.infer<typeof UpdateApiKeyRequest>;

/** Path parameters of the routes under `/v1/groups/{group_id}/api_keys/{key_id}`. */
export const ApiKeyParams = z.object({ group_id: z.string().min(1).max(64), key_id: z.string().min(1).max(64) });

/** Query of `GET /v1/groups/{group_id}/api_keys`: a page, filtered by `status` (default `active`). */
export const ListApiKeysQuery = PageQuery.extend({ status: z.enum(["active", "revoked", "all"]).default("active") });
/** See {@link ListApiKeysQuery}. */
export type ListApiKeysQuery = z.infer<typeof ListApiKeysQuery>;

/** One page of API keys, oldest first. */
export const ApiKeyList = page(ApiKey).meta({ id: "ApiKeyList" });
/** See {@link ApiKeyList}. */
export type ApiKeyList = z.infer<typeof ApiKeyList>;

/**
 * Body of Perplexity's documented `POST /generate_auth_token` (optional): `token_name` names the new key,
 * default {@link DEFAULT_API_KEY_NAME}.
 */
export const GenerateAuthTokenRequest = z
  .object({ token_name: DisplayName.optional().describe("Optional name for the authentication token.") })
  .strict()
  .meta({ id: "GenerateAuthTokenRequest" });
/** See {@link GenerateAuthTokenRequest}. */
export type GenerateAuthTokenRequest = z.infer<typeof GenerateAuthTokenRequest>;

/** Response of `POST /generate_auth_token`, exactly as Perplexity documents it; the only time the token is shown. */
export const GenerateAuthTokenResponse = z
  .object({
    auth_token: ApiKeyToken,
    created_at_epoch_seconds: z.number().int().describe("Creation time, in whole seconds since the Unix epoch."),
    token_name: z.string(),
  })
  .meta({ id: "GenerateAuthTokenResponse" });
/** See {@link GenerateAuthTokenResponse}. */
export type GenerateAuthTokenResponse = z.infer<typeof GenerateAuthTokenResponse>;

/** Body of Perplexity's documented `POST /revoke_auth_token`: the token of the key to revoke. */
export const RevokeAuthTokenRequest = z
  .object({ auth_token: z.string().min(1, "must not be empty").max(256, "must be at most 256 characters").describe("The authentication token to revoke.") })
  .strict()
  .meta({ id: "RevokeAuthTokenRequest" });
/** See {@link RevokeAuthTokenRequest}. */
export type RevokeAuthTokenRequest = z.infer<typeof RevokeAuthTokenRequest>;
