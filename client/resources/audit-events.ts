import { AuditEventList } from "../../api";
import { paginate, type PagingQuery } from "../pagination";
import { path } from "../path";
import { request, type RequestContext } from "../request";

/** Query of {@link AuditEvents.list}. */
export interface AuditEventListQuery extends PagingQuery {
  /** Only events with this action, e.g. `member.invited`. Optional; default every action. */
  readonly action?: string | undefined;
}

/** A group's change history: `/v1/groups/{group_id}/audit_events`. Reached as `client.auditEvents`. */
export class AuditEvents {
  // Private so printing or serializing the resource shows nothing of the client's internals.
  readonly #ctx: RequestContext;

  /** Used by `createClient`; not meant to be called directly. */
  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
  }

  /**
   * Lists one page of the group's audit events (`GET /v1/groups/{group_id}/audit_events`), oldest first:
   * who changed what, and when. Pass `next_cursor` as `after` for the next page.
   * @throws NotFoundError (code `group_not_found`) when the group does not exist.
   * @example
   * const page = await client.auditEvents.list(groupId, { action: "member.role_changed" });
   */
  list(groupId: string, query: AuditEventListQuery = {}): Promise<AuditEventList> {
    const { limit, after, action } = query;
    return request(this.#ctx, { method: "GET", path: path`/v1/groups/${groupId}/audit_events`, query: { limit, after, action }, response: AuditEventList });
  }

  /**
   * Iterates over every page of the group's audit events, following `next_cursor` until the last page.
   * @example
   * for await (const page of client.auditEvents.listAll(groupId)) for (const e of page.data) console.log(e.action);
   */
  listAll(groupId: string, query: Omit<AuditEventListQuery, "after"> = {}): AsyncGenerator<AuditEventList, void, undefined> {
    return paginate((after) => this.list(groupId, { ...query, after }));
  }
}
