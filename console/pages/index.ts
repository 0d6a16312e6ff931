import type { FunctionComponent } from "preact";
import { ApiKeysPage } from "./api-keys";
import { AuditPage } from "./audit";
import { BillingPage } from "./billing";
import { InvoicesPage } from "./invoices";
import { MembersPage } from "./members";
import { SettingsPage } from "./settings";
import { UsagePage } from "./usage";

/** What every page gets: the group it shows, and whether the caller may change it (Admins only). */
export interface PageProps {
  readonly groupId: string;
  readonly canEdit: boolean;
}

/** The console's pages, in navigation order; `name` is the URL fragment's last part. */
export const PAGES = [
  { name: "settings", title: "Settings", component: SettingsPage },
  { name: "members", title: "Members", component: MembersPage },
  { name: "api-keys", title: "API keys", component: ApiKeysPage },
  { name: "billing", title: "Billing", component: BillingPage },
  { name: "usage", title: "Usage", component: UsagePage },
  { name: "invoices", title: "Invoice history", component: InvoicesPage },
  { name: "audit", title: "Audit log", component: AuditPage },
] as const satisfies readonly { name: string; title: string; component: FunctionComponent<PageProps> }[];

/** A page's URL name. */
export type PageName = (typeof PAGES)[number]["name"];
