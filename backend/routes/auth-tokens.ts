import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { GenerateAuthTokenRequest, GenerateAuthTokenResponse, RevokeAuthTokenRequest } from "../../api";
import { BackendError, MESSAGES } from "../errors";
import type { ApiKeyStore } from "../store/api-keys";
import type { Ledger } from "../store/ledger";
import type { Principal } from "../store/credentials";
import type { RouteHook } from "./access";
import { errorResponses, json } from "./responses";

/** Dependencies of {@link authTokenRoutes}. */
export interface AuthTokenRoutesOptions {
  readonly apiKeys: ApiKeyStore;
  /** The group's balance, for {@link unblockedApiKeyAccess}. */
  readonly ledger: Pick<Ledger, "balance">;
  /** The backend clock. */
  readonly now: () => Date;
}

type ApiKeyPrincipal = Extract<Principal, { kind: "api_key" }>;

const tags = ["auth_tokens"];

/**
 * Perplexity's two documented key endpoints, at the top level as in the real API: `POST
 * /generate_auth_token` and `POST /revoke_auth_token`. Both are authenticated with an existing active
 * API key and act on that key's group, so a key can mint and revoke the keys of its own group only. A
 * key blocked for lack of credit cannot mint (401 `insufficient_credits`, as for a completion): blocked
 * means the key does nothing until credit is added, and a new key of the same group would be as blocked. It
 * can still revoke, so cleaning up never needs money.
 */
export const authTokenRoutes: FastifyPluginAsyncZod<AuthTokenRoutesOptions> = async (app, { apiKeys, ledger, now }) => {
  app.post("/generate_auth_token", {
    onRequest: unblockedApiKeyAccess(ledger),
    // Documented with an optional body, which Fastify validates as null when missing: a bare POST makes a
    // key with the default name.
    schema: { operationId: "generate_auth_token", summary: "Generate Auth Token", tags, body: GenerateAuthTokenRequest.nullish().describe("Optional."),
      response: { 200: json("The new key's token, shown only this once.", GenerateAuthTokenResponse), ...errorResponses(400, 401, 403, 409, 422) } },
  }, async (request) => {
    const caller = apiKeyOf(request);
    const created = apiKeys.create(caller.groupId, request.body?.token_name, caller, now());
    return { auth_token: created.token, created_at_epoch_seconds: Math.floor(Date.parse(created.created_at) / 1000), token_name: created.name };
  });

  app.post("/revoke_auth_token", {
    onRequest: groupApiKeyAccess,
    schema: { operationId: "revoke_auth_token", summary: "Revoke Auth Token", tags, body: RevokeAuthTokenRequest,
      // Documented without a body; `null` keeps the response valid JSON for clients that parse every body.
      response: { 200: z.null().describe("Successfully revoked authentication token; the body is `null`."),
        ...errorResponses(400, 401, 403, 404, 409, 422) } },
  }, async (request, reply) => {
    const caller = apiKeyOf(request);
    apiKeys.revokeByToken(caller.groupId, request.body.auth_token, caller, now());
    return reply.code(200).send(null);
  });
};

/**
 * Route `onRequest` hook: only a group's API key may call these endpoints. It runs before validation and
 * idempotency, so the management key or a member learns nothing from a 400 and no 403 is stored.
 */
export const groupApiKeyAccess: RouteHook = (request, _reply, done) => {
  apiKeyOf(request);
  done();
};

/** Tells clients not to retry a billing condition: it is not a transient one. */
const NO_RETRY = { "x-should-retry": "false" };

/**
 * Route `onRequest` hook for what a blocked key may not do (a completion, minting a key): a group's API key
 * whose group has credit. 401 `insufficient_credits` while the balance is ≤ 0 (blocked, not revoked).
 */
export function unblockedApiKeyAccess(ledger: Pick<Ledger, "balance">): RouteHook {
  return (request, _reply, done) => {
    if (ledger.balance(apiKeyOf(request).groupId) <= 0) throw new BackendError("insufficient_credits", MESSAGES.insufficientCredits, undefined, NO_RETRY);
    done();
  };
}

/** The API-key principal of `request`: 401 without one, 403 `forbidden` for any other credential. */
export function apiKeyOf(request: FastifyRequest): ApiKeyPrincipal {
  const principal = request.principal;
  if (principal === undefined) throw new BackendError("unauthenticated", MESSAGES.missingAuth);
  if (principal.kind !== "api_key") throw new BackendError("forbidden", MESSAGES.needsGroupApiKey);
  return principal;
}
