import { useState } from "preact/hooks";
import {
  AutoReload, Billing, CreditPurchase, formatUsdMicros, LedgerEntryList, PaymentMethod, PaymentMethodToken,
  TIER_THRESHOLDS_USD_MICROS, type Billing as BillingT, type Tier,
} from "../../api";
import { api } from "../http";
import { dollarsToMicros, instant, microsToDollars, money } from "../format";
import { Alert, Field, Page, useLoad, useSubmit } from "../ui";
import { UsagePanel } from "./usage";
import type { PageProps } from ".";

const TIERS = Object.keys(TIER_THRESHOLDS_USD_MICROS) as Tier[];

/** "Tier 2; tier 3 at $500.00 of lifetime purchases", or that it is the top tier. */
function tierLine(b: BillingT): string {
  const next = TIERS[TIERS.indexOf(b.tier) + 1];
  const here = `Usage tier ${b.tier.replace("tier_", "")}`;
  return next === undefined ? `${here} (the highest)` : `${here}; tier ${next.replace("tier_", "")} at ${formatUsdMicros(TIER_THRESHOLDS_USD_MICROS[next])} of lifetime purchases`;
}

/** Billing: balance, tier, card, buying credits, auto reload ("Change preferences"), the ledger and a usage chart. */
export function BillingPage({ groupId, canEdit }: PageProps) {
  const base = `/v1/groups/${groupId}/billing`;
  const billing = useLoad(() => api(Billing, "GET", base), [groupId]);
  const ledger = useLoad(() => api(LedgerEntryList, "GET", `${base}/transactions?limit=10`), [groupId]);
  const changed = () => { billing.reload(); ledger.reload(); };
  const b = billing.data;
  return (
    <Page title="Billing">
      <Alert error={billing.error} />
      {b && (
        <dl class="summary">
          <dt>Credit balance</dt><dd data-value={b.balance_usd_micros}>{money(b.balance_usd_micros)}</dd>
          <dt>Usage tier</dt><dd>{tierLine(b)} (lifetime purchases {formatUsdMicros(b.lifetime_purchased_usd_micros)})</dd>
          <dt>Payment method</dt><dd>{b.payment_method ? `${b.payment_method.brand} ending ${b.payment_method.last4}` : "none"}</dd>
          <dt>Auto reload</dt><dd>{b.auto_reload.enabled
            ? `On: below ${formatUsdMicros(b.auto_reload.threshold_usd_micros)} buy ${formatUsdMicros(b.auto_reload.amount_usd_micros)}` +
              (b.auto_reload.monthly_limit_usd_micros === null ? ", no monthly limit" : `, at most ${formatUsdMicros(b.auto_reload.monthly_limit_usd_micros)} a month`)
            : b.auto_reload.disabled_reason === "payment_failures" ? "Off after repeated payment failures" : "Off"}</dd>
        </dl>
      )}
      {b && canEdit && <CardForm base={base} onDone={changed} />}
      {b && canEdit && <BuyCredits base={base} onDone={changed} />}
      {b && canEdit && <AutoReloadForm base={base} billing={b} onDone={changed} />}
      <h2>Usage, last 30 days</h2>
      <UsagePanel groupId={groupId} breakdown={false} initialRange="last_30_days" />
      <h2>Recent credit transactions</h2>
      <Alert error={ledger.error} />
      <table>
        <caption>The 10 newest ledger entries</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Amount</th><th scope="col">Balance after</th></tr></thead>
        <tbody>{ledger.data?.data.map((e) => (
          <tr key={e.id}><td>{instant(e.created_at)}</td><td>{e.kind.replace("_", " ")}</td><td data-value={e.amount_usd_micros}>{money(e.amount_usd_micros)}</td><td data-value={e.balance_after_usd_micros}>{money(e.balance_after_usd_micros)}</td></tr>
        ))}</tbody>
      </table>
    </Page>
  );
}

function CardForm({ base, onDone }: { base: string; onDone: () => void }) {
  const [token, setToken] = useState<string>("pm_card_visa");
  const { submit, errors, done } = useSubmit(["token"], async () => {
    const card = await api(PaymentMethod, "PUT", `${base}/payment_method`, { token });
    return `Card on file: ${card.brand} ending ${card.last4}.`;
  }, onDone);
  return (
    <form onSubmit={submit} aria-label="Payment method" class="inline">
      <div class="field"><label for="card">Test card</label>
        <select id="card" value={token} onChange={(e) => setToken((e.target as HTMLSelectElement).value)}>
          {PaymentMethodToken.options.map((t) => <option value={t}>{t}</option>)}
        </select>
        {errors.field.token !== undefined && <span class="field-error" role="alert">{errors.field.token}</span>}</div>
      <button type="submit">Save card</button>
      <Alert error={errors.form}>{done}</Alert>
    </form>
  );
}

function BuyCredits({ base, onDone }: { base: string; onDone: () => void }) {
  const [amount, setAmount] = useState("50.00");
  const { submit, errors, done } = useSubmit(["amount_usd_micros"], async () => {
    const bought = await api(CreditPurchase, "POST", `${base}/credits`, { amount_usd_micros: dollarsToMicros(amount) });
    return `Bought ${formatUsdMicros(bought.transaction.amount_usd_micros)} of credit.`;
  }, onDone);
  return (
    <form onSubmit={submit} aria-label="Buy credits" class="inline">
      <Field label="Amount to buy (USD)" name="amount_usd_micros" id="buy-amount" value={amount} onInput={setAmount} inputMode="decimal" error={errors.field.amount_usd_micros} />
      <button type="submit">Buy credits</button>
      <Alert error={errors.form}>{done}</Alert>
    </form>
  );
}

function AutoReloadForm({ base, billing, onDone }: { base: string; billing: BillingT; onDone: () => void }) {
  const a = billing.auto_reload;
  const [open, setOpen] = useState(false);
  const [enabled, setEnabled] = useState(a.enabled);
  const [threshold, setThreshold] = useState(microsToDollars(a.threshold_usd_micros));
  const [amount, setAmount] = useState(microsToDollars(a.amount_usd_micros));
  const [limit, setLimit] = useState(a.monthly_limit_usd_micros === null ? "" : microsToDollars(a.monthly_limit_usd_micros));
  const fields = ["enabled", "threshold_usd_micros", "amount_usd_micros", "monthly_limit_usd_micros"];
  const { submit, errors, done } = useSubmit(fields, async () => {
    await api(AutoReload, "PUT", `${base}/auto_reload`, {
      enabled, threshold_usd_micros: dollarsToMicros(threshold), amount_usd_micros: dollarsToMicros(amount),
      monthly_limit_usd_micros: limit.trim() === "" ? null : dollarsToMicros(limit),
    });
    setOpen(false);
    return "Auto reload preferences saved.";
  }, onDone);
  if (!open) return <div class="inline"><button type="button" onClick={() => setOpen(true)}>Change preferences</button><Alert>{done}</Alert></div>;
  return (
    <form onSubmit={submit} aria-label="Auto reload preferences">
      <div class="field check"><input id="ar-enabled" type="checkbox" checked={enabled} onChange={(e) => setEnabled((e.target as HTMLInputElement).checked)} />
        <label for="ar-enabled">Enable auto reload</label></div>
      <Field label="When the balance drops below (USD)" name="threshold_usd_micros" value={threshold} onInput={setThreshold} inputMode="decimal" error={errors.field.threshold_usd_micros} />
      <Field label="Reload amount (USD)" name="amount_usd_micros" value={amount} onInput={setAmount} inputMode="decimal" error={errors.field.amount_usd_micros} />
      <Field label="Monthly limit (USD, empty for none)" name="monthly_limit_usd_micros" value={limit} onInput={setLimit} inputMode="decimal" error={errors.field.monthly_limit_usd_micros} />
      <Alert error={errors.form} />
      <button type="submit">Save preferences</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
    </form>
  );
}
