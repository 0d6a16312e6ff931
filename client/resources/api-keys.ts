import { ApiKey, ApiKeyList, CreatedApiKey, type CreateApiKeyRequest, type UpdateApiKeyRequest } from "../../api";
import { paginate, type PagingQuery } from "../pagination";
import { path } from "../path";
import { request, type CreateOptions, type RequestContext } from "../request";

/** Query of {@link ApiKeys.list}. */
export interface ApiKeyListQuery extends PagingQuery {
  /** Which keys: `active` (the API's default), `revoked` or `all`. Optional. */
  readonly status?: "active" | "revoked" | "all" | undefined;
}

/**
 * A group's API keys: `/v1/groups/{group_id}/api_keys[/{key_id}]`. Reached as `client.apiKeys`; needs the
 * management key or an Admin's credential to change keys (any role in the group to read them).
 */
export class ApiKeys {
  // Private so printing or serializing the resource shows nothing of the client's internals.
  readonly #ctx: RequestContext;

  /** Used by `createClient`; not meant to be called directly. */
  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a key (`POST /v1/groups/{group_id}/api_keys`); `name` defaults to "API key". The result is
   * the only one that carries the `token`: store it now. Retries reuse one idempotency key, so a retried
   * create never makes two keys.
   * @example
   * const { id, token } = await client.apiKeys.create(groupId, { name: "CI" });
   */
  create(groupId: string, body: CreateApiKeyRequest = {}, opts: CreateOptions = {}): Promise<CreatedApiKey> {
    return request(this.#ctx, { method: "POST", path: path`/v1/groups/${groupId}/api_keys`, body, response: CreatedApiKey, ...opts });
  }

  /**
   * Fetches one key (`GET /v1/groups/{group_id}/api_keys/{key_id}`), also when revoked; never its token.
   * @throws NotFoundError (code `api_key_not_found` or `group_not_found`) when it does not exist.
   */
  retrieve(groupId: string, keyId: string): Promise<ApiKey> {
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/api_keys/${keyId}`, response: ApiKey });
  }

  /**
   * Lists one page of keys (`GET /v1/groups/{group_id}/api_keys`), oldest first, active ones unless
   * `status` says otherwise; pass `next_cursor` as `after` for the next page.
   */
  list(groupId: string, query: ApiKeyListQuery = {}): Promise<ApiKeyList> {
    const q = { limit: query.limit, after: query.after, status: query.status };
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/api_keys`, query: q, response: ApiKeyList });
  }

  /**
   * Iterates over every page of keys, following `next_cursor` until the last page.
   * @example
   * for await (const page of client.apiKeys.listAll(groupId, { status: "all" })) console.log(page.data.length);
   */
  listAll(groupId: string, query: Omit<ApiKeyListQuery, "after"> = {}): AsyncGenerator<ApiKeyList, void, undefined> {
    return paginate((after) => this.list(groupId, { ...query, after }));
  }

  /** Renames a key (`PATCH /v1/groups/{group_id}/api_keys/{key_id}`); returns it with the new name. */
  update(groupId: string, keyId: string, body: UpdateApiKeyRequest): Promise<ApiKey> {
    return request(this.#ctx, { method: "PATCH", path: path`/v1/groups/${groupId}/api_keys/${keyId}`, body, response: ApiKey });
  }

  /**
   * Revokes a key for good (`DELETE /v1/groups/{group_id}/api_keys/{key_id}`); revoking a revoked key
   * succeeds and returns it unchanged.
   */
  revoke(groupId: string, keyId: string, opts: { ownerLease?: string | undefined } = {}): Promise<ApiKey> {
    const query = { owner_lease: opts.ownerLease };
    return request(this.#ctx, { method: "DELETE", path: path`/v1/groups/${groupId}/api_keys/${keyId}`, query, response: ApiKey });
  }
}
