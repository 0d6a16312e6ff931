import { DeletedGroup, Group, GroupList, type CreateGroupRequest, type DeleteGroupCascade, type UpdateGroupRequest } from "../../api";
import { paginate, type PagingQuery } from "../pagination";
import { path } from "../path";
import { request, type CreateOptions, type RequestContext } from "../request";

/** Query of {@link Groups.list}. */
export interface GroupListQuery extends PagingQuery {}

/** API groups: `/v1/groups[/{group_id}]`. Reached as `client.groups`. */
export class Groups {
  // Private so printing or serializing the resource shows nothing of the client's internals.
  readonly #ctx: RequestContext;

  /** Used by `createClient`; not meant to be called directly. */
  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a group (`POST /v1/groups`). Retries reuse one idempotency key, so a retried create never
   * makes two groups; pass your own key to deduplicate across processes too.
   * @example
   * const group = await client.groups.create({ name: "Acme", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } });
   */
  create(body: CreateGroupRequest, opts: CreateOptions = {}): Promise<Group> {
    return request(this.#ctx, { method: "POST", path: "/v1/groups", body, response: Group, ...opts });
  }

  /**
   * Fetches one group (`GET /v1/groups/{group_id}`).
   * @throws NotFoundError (code `group_not_found`) when it does not exist.
   * @example
   * const group = await client.groups.retrieve("grp_0123456789abcdefghijklmn");
   */
  retrieve(id: string): Promise<Group> {
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${id}`, response: Group });
  }

  /**
   * Changes a group's settings (`PATCH /v1/groups/{group_id}`); fields left out keep their value,
   * `tax_id: null` removes the tax id. Returns the updated group.
   * @example
   * await client.groups.update(id, { name: "Acme Inc." });
   */
  update(id: string, body: UpdateGroupRequest): Promise<Group> {
    return request(this.#ctx, { method: "PATCH", path: path`/v1/groups/${id}`, body, response: Group });
  }

  /**
   * Deletes a group (`DELETE /v1/groups/{group_id}`). Without `force` (default false) a group that still
   * has credit, active keys or members is kept and the call fails with 409 `group_not_empty`, listing them;
   * `cascade: "own"` (default `"none"`) lets the members the group's creator added go with it. With
   * `ownerLease` (optional) the delete fails with 409 `owner_mismatch` once another resource holds the group.
   * @example
   * await client.groups.delete(id, { cascade: "own" });
   */
  delete(id: string, opts: { force?: boolean | undefined; cascade?: DeleteGroupCascade | undefined; ownerLease?: string | undefined } = {}): Promise<DeletedGroup> {
    const query = {
      ...(opts.force ? { force: "true" } : {}),
      ...(opts.cascade && opts.cascade !== "none" ? { cascade: opts.cascade } : {}),
      ...(opts.ownerLease ? { owner_lease: opts.ownerLease } : {}),
    };
    return request(this.#ctx, { method: "DELETE", path: path`/v1/groups/${id}`, query, response: DeletedGroup });
  }

  /**
   * Lists one page of groups (`GET /v1/groups`), oldest first; pass `next_cursor` as `after` for the next.
   * @example
   * const page = await client.groups.list({ limit: 50 });
   */
  list(query: GroupListQuery = {}): Promise<GroupList> {
    return request(this.#ctx, { method: "GET", path: "/v1/groups", query: { limit: query.limit, after: query.after }, response: GroupList });
  }

  /**
   * Iterates over every page of groups, following `next_cursor` until the last page.
   * @example
   * for await (const page of client.groups.listAll()) for (const group of page.data) console.log(group.id);
   */
  listAll(query: Omit<GroupListQuery, "after"> = {}): AsyncGenerator<GroupList, void, undefined> {
    return paginate((after) => this.list({ limit: query.limit, after }));
  }
}
