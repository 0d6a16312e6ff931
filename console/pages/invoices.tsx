import { useState } from "preact/hooks";
import { InvoiceList } from "../../api";
import { api, withQuery } from "../http";
import { invoiceDate, money } from "../format";
import { Alert, Page, useLoad } from "../ui";
import type { PageProps } from ".";

/** Invoices shown per page. */
const PAGE_SIZE = 6;

/** Invoice history: newest first, paged with the API's Previous/Next cursors; each invoice lists its line items. */
export function InvoicesPage({ groupId }: PageProps) {
  const [cursor, setCursor] = useState<{ after?: string; before?: string }>({});
  const list = useLoad(() => api(InvoiceList, "GET", withQuery(`/v1/groups/${groupId}/invoices`, { limit: PAGE_SIZE, ...cursor })), [groupId, cursor.after, cursor.before]);
  const page = list.data;
  return (
    <Page title="Invoice history">
      <Alert error={list.error} />
      <table class="invoices">
        <caption>Invoices, newest first</caption>
        <thead><tr><th scope="col">Date</th><th scope="col">Billing cycle</th><th scope="col">Status</th><th scope="col">Cost</th><th scope="col">Line items</th></tr></thead>
        <tbody>{page?.data.map((inv) => (
          <tr key={inv.id}>
            <td>{invoiceDate(inv)}</td><td>{inv.cycle}</td><td>{inv.status}</td><td data-value={inv.cost_usd_micros}>{money(inv.cost_usd_micros)}</td>
            <td><ul class="plain">{inv.line_items.map((l) => <li>{l.description}: {l.requests.toLocaleString("en-US")} requests, {money(l.cost_usd_micros)}</li>)}</ul></td>
          </tr>
        ))}</tbody>
      </table>
      {page?.data.length === 0 && <p>No invoices yet: a cycle with usage gets one.</p>}
      <nav aria-label="Invoice pages" class="pager">
        <button type="button" disabled={!page?.previous_cursor} onClick={() => page?.previous_cursor && setCursor({ before: page.previous_cursor })}>Previous</button>
        <button type="button" disabled={!page?.next_cursor} onClick={() => page?.next_cursor && setCursor({ after: page.next_cursor })}>Next</button>
      </nav>
    </Page>
  );
}
