import { Claim, type ClaimRequest } from "../../api";
import { path } from "../path";
import { request, type RequestContext } from "../request";

/**
 * Owner claims on a group's objects: `/v1/groups/{group_id}/claims/{object_id}`, where the object is the
 * group itself (its id), a member (`mem_…`), an API key (`key_…`) or `auto_reload`. Reached as `client.claims`.
 */
export class Claims {
  readonly #ctx: RequestContext;

  /** Used by `createClient`; not meant to be called directly. */
  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  /**
   * Records `body.owner` as the object's holder (`PUT …/claims/{object_id}`). Idempotent for the same lease.
   * @throws ConflictError (code `owned_elsewhere`) while another stack holds it and `take_over` is not set.
   * @example
   * await client.claims.claim(groupId, groupId, { owner: { stack: "acme/app/prod#3f2a", resource: "urn:…", lease } });
   */
  claim(groupId: string, objectId: string, body: ClaimRequest): Promise<Claim> {
    return request(this.#ctx, { method: "PUT", path: path`/v1/groups/${groupId}/claims/${objectId}`, body, response: Claim });
  }

  /**
   * Releases the object's claim and leaves the object in place (`DELETE …/claims/{object_id}`).
   * @throws ConflictError (code `owner_mismatch`) when `ownerLease` (optional) is given and another resource holds it.
   */
  release(groupId: string, objectId: string, opts: { ownerLease?: string | undefined } = {}): Promise<Claim> {
    const query = { owner_lease: opts.ownerLease };
    return request(this.#ctx, { method: "DELETE", path: path`/v1/groups/${groupId}/claims/${objectId}`, query, response: Claim });
  }
}
