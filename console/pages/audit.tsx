import { AuditEventList, type AuditEvent } from "../../api";
import { api, withQuery } from "../http";
import { instant } from "../format";
import { Alert, Page, Pager, useLoad, usePages } from "../ui";
import type { PageProps } from ".";

/** `management_key admin`, `member mem_…`: the same words `pulumi-perplexity drift` attributes changes with. */
function actorOf(e: AuditEvent): string {
  return `${e.actor.type} ${e.actor.id}`;
}

/** The event's details as `field: value` pairs. */
function changes(details: Record<string, unknown>): string {
  return Object.entries(details).map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`).join("; ");
}

/** Audit log: who changed what and when, oldest first (the API's order), a page of 50 at a time. */
export function AuditPage({ groupId }: PageProps) {
  const pages = usePages();
  const list = useLoad(() => api(AuditEventList, "GET", withQuery(`/v1/groups/${groupId}/audit_events`, { limit: 50, after: pages.after })), [groupId, pages.after]);
  const page = list.data;
  return (
    <Page title="Audit log">
      <Alert error={list.error} />
      <table class="audit">
        <caption>Changes to this group, oldest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">On</th><th scope="col">Details</th></tr></thead>
        <tbody>{page?.data.map((e) => (
          <tr key={e.id}><td>{instant(e.created_at)}</td><td>{actorOf(e)}</td><td>{e.action}</td><td>{e.target.type} {e.target.id}</td><td>{changes(e.details)}</td></tr>
        ))}</tbody>
      </table>
      <Pager label="Audit log pages" pages={pages} shown={page} />
    </Page>
  );
}
