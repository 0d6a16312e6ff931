import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  ApiKey, ApiKeyList, ApiKeyParams, OwnerLeaseQuery, CreateApiKeyRequest, CreatedApiKey, GroupParams, ListApiKeysQuery, UpdateApiKeyRequest,
} from "../../api";
import type { RoleOf } from "../plugins/authorize";
import type { ApiKeyStore } from "../store/api-keys";
import { groupAccess, principalOf } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link apiKeyRoutes}. */
export interface ApiKeyRoutesOptions {
  readonly apiKeys: ApiKeyStore;
  /** The current role of an active member, for authorization. */
  readonly roleOf: RoleOf;
  /** The backend clock. */
  readonly now: () => Date;
}

const tags = ["api_keys"];

/**
 * `/v1/groups/{group_id}/api_keys[/{key_id}]`: create (the only response with the token), list,
 * retrieve, rename and revoke a group's API keys. Reading needs any role in the group; changes need Admin.
 */
export const apiKeyRoutes: FastifyPluginAsyncZod<ApiKeyRoutesOptions> = async (app, { apiKeys, roleOf, now }) => {
  app.post("/v1/groups/:group_id/api_keys", {
    onRequest: groupAccess("admin", roleOf),
    // Fastify validates a missing body as null, hence nullish: an empty POST makes a key with the default name.
    schema: { operationId: "createApiKey", summary: "Create an API key", tags, params: GroupParams, body: CreateApiKeyRequest.nullish().describe("Optional."),
      response: { 201: json("The new key with its token, shown only this once.", CreatedApiKey), ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (request, reply) => {
    const created = apiKeys.create(request.params.group_id, request.body?.name, principalOf(request), now(), request.body?.owner);
    return reply.code(201).send(created);
  });

  app.get("/v1/groups/:group_id/api_keys", {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "listApiKeys", summary: "List a group's API keys", tags, params: GroupParams, querystring: ListApiKeysQuery,
      response: { 200: json("One page of keys, oldest first; never a token.", ApiKeyList), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => apiKeys.list(request.params.group_id, request.query));

  app.get("/v1/groups/:group_id/api_keys/:key_id", {
    onRequest: groupAccess("read", roleOf),
    schema: { operationId: "retrieveApiKey", summary: "Retrieve an API key", tags, params: ApiKeyParams,
      response: { 200: json("The key, also when revoked; never its token.", ApiKey), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => apiKeys.get(request.params.group_id, request.params.key_id));

  app.patch("/v1/groups/:group_id/api_keys/:key_id", {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "updateApiKey", summary: "Rename an API key", tags, params: ApiKeyParams, body: UpdateApiKeyRequest,
      response: { 200: json("The renamed key.", ApiKey), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const { group_id: groupId, key_id: keyId } = request.params;
    return apiKeys.rename(groupId, keyId, request.body.name, principalOf(request), now());
  });

  app.delete("/v1/groups/:group_id/api_keys/:key_id", {
    onRequest: groupAccess("admin", roleOf),
    schema: { operationId: "revokeApiKey", summary: "Revoke an API key", tags, params: ApiKeyParams, querystring: OwnerLeaseQuery,
      response: { 200: json("The revoked key; revoking a revoked key returns it unchanged.", ApiKey), ...errorResponses(400, 401, 403, 404, 409) } },
  }, async (request) => {
    const { group_id: groupId, key_id: keyId } = request.params;
    return apiKeys.revoke(groupId, keyId, principalOf(request), now(), request.query.owner_lease);
  });
};
