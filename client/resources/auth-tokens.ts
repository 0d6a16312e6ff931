import { z } from "zod";
import { GenerateAuthTokenResponse, type GenerateAuthTokenRequest, type RevokeAuthTokenRequest } from "../../api";
import { request, type CreateOptions, type RequestContext } from "../request";

// Perplexity documents no body for a successful revoke: accept none, or any JSON it may add.
const Revoked = z.unknown();

/**
 * Perplexity's two documented key endpoints, `POST /generate_auth_token` and `POST /revoke_auth_token`.
 * Reached as `client.authTokens` on a client whose `apiKey` is an existing API key of the group: they
 * act on that key's group.
 */
export class AuthTokens {
  // Private so printing or serializing the resource shows nothing of the client's internals.
  readonly #ctx: RequestContext;

  /** Used by `createClient`; not meant to be called directly. */
  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a key in the caller's group, named `token_name` (default "API key"). The response is the
   * only time the token is shown. Retries reuse one idempotency key, so a retry never mints a second key.
   * @example
   * const { auth_token } = await keyClient.authTokens.generate({ token_name: "Production API Key" });
   */
  generate(body: GenerateAuthTokenRequest = {}, opts: CreateOptions = {}): Promise<GenerateAuthTokenResponse> {
    return request(this.#ctx, { method: "POST", path: "/generate_auth_token", body, response: GenerateAuthTokenResponse, ...opts });
  }

  /**
   * Revokes the key with token `auth_token` in the caller's group; revoking a revoked key succeeds.
   * @throws NotFoundError (code `api_key_not_found`) when no key of the group has that token.
   */
  async revoke(body: RevokeAuthTokenRequest): Promise<void> {
    await request(this.#ctx, { method: "POST", path: "/revoke_auth_token", body, response: Revoked });
  }
}
