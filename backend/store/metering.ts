import type { Db } from "../db/database";
import type { AuditStore } from "./audit";
import { createAutoReloadStore, type AutoReloadStore } from "./auto-reload";
import { createBillingStore, type BillingStore } from "./billing";
import { createCreditStore, type CreditStore } from "./credits";
import { createInvoiceStore, type InvoiceStore } from "./invoices";
import { createLedger, type Ledger } from "./ledger";
import { createReloadTrigger, type ReloadTrigger } from "./reloads";
import { createUsageReports, type UsageReports } from "./usage-reports";
import { createUsageStore, type UsageStore } from "./usage";

/** Every store of billing and metering, wired to one ledger and one reload trigger. */
export interface Metering {
  readonly ledger: Ledger;
  readonly reloads: ReloadTrigger;
  readonly autoReload: AutoReloadStore;
  readonly billing: BillingStore;
  readonly credits: CreditStore;
  readonly usage: UsageStore;
  readonly reports: UsageReports;
  readonly invoices: InvoiceStore;
}

/** Creates the {@link Metering} stores over `db`. */
export function createMetering(db: Db, audit: AuditStore): Metering {
  const ledger = createLedger(db, audit);
  // The trigger switches auto reload off through the store (audited like any change); the store fires
  // reloads through the trigger; the closure breaks the cycle.
  const reloads = createReloadTrigger(db, ledger, audit, (groupId, now) => void autoReload.disable(groupId, "payment_failures", "system", now));
  const autoReload = createAutoReloadStore(db, audit, reloads);
  const billing = createBillingStore(db, audit, autoReload);
  return { ledger, reloads, autoReload, billing, credits: createCreditStore(db, billing, ledger, reloads, audit),
    usage: createUsageStore(db, ledger, reloads), reports: createUsageReports(db), invoices: createInvoiceStore(db) };
}
