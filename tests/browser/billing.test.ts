import { USAGE_METRICS, type UsageMetric } from "../../api";
import { groupMadeByHand } from "../helpers/backend";
import { openPage, useConsole } from "./helpers/console";
import type { Page } from "playwright-core";

/** The numbers a table's cells carry in `data-value` (exact, unformatted), in document order. */
const values = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((cells) => cells.map((c) => Number(c.getAttribute("data-value"))));

describe("the console's Billing, Usage and Invoice history pages", () => {
  const h = useConsole("billing");
  let groupId: string;
  let token: string;

  const chat = async (maxTokens: number) => {
    const r = await fetch(`${h.backend.url}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "sonar-pro", max_tokens: maxTokens, messages: [{ role: "user", content: "How do tiers work?" }] }) });
    if (r.status !== 200) throw new Error(`chat: ${r.status} ${await r.text()}`);
  };
  const advanceMonth = () => h.backend.control("POST", "clock/advance", { seconds: 31 * 86_400 });

  beforeAll(async () => {
    ({ groupId } = await groupMadeByHand(h.backend, "Billing team"));
    token = (await h.backend.client.apiKeys.create(groupId, { name: "app" })).token;
  });

  it("buys credits, sets auto reload, and after spending through the threshold shows the API's balance, chart series and breakdown", async () => {
    await h.signedIn(async (page) => {
      await openPage(page, "Billing");
      await page.getByLabel("Test card").selectOption("pm_card_visa");
      await page.getByRole("button", { name: "Save card" }).click();
      await page.getByRole("alert").filter({ hasText: "Card on file: visa ending 4242." }).waitFor();
      await page.getByLabel("Amount to buy (USD)").fill("20");
      await page.getByRole("button", { name: "Buy credits" }).click();
      await page.getByRole("alert").filter({ hasText: "Bought $20.00 of credit." }).waitFor();

      await page.getByRole("button", { name: "Change preferences" }).click();
      const prefs = page.getByRole("form", { name: "Auto reload preferences" });
      await prefs.getByLabel("Enable auto reload").check();
      await prefs.getByLabel("When the balance drops below (USD)").fill("15");
      await prefs.getByLabel("Reload amount (USD)").fill("10");
      // A limit under the reload amount: the API's refusal shows under that field.
      await prefs.getByLabel("Monthly limit (USD, empty for none)").fill("5");
      await prefs.getByRole("button", { name: "Save preferences" }).click();
      const limitError = page.locator("#f-monthly-limit-usd-micros-error");
      await limitError.waitFor();
      expect(await limitError.textContent()).toContain("at least the reload amount");
      await prefs.getByLabel("Monthly limit (USD, empty for none)").fill("500");
      await prefs.getByRole("button", { name: "Save preferences" }).click();
      await page.getByRole("alert").filter({ hasText: "Auto reload preferences saved." }).waitFor();
      expect(await h.backend.client.billing.getAutoReload(groupId)).toMatchObject({ enabled: true, threshold_usd_micros: 15_000_000, amount_usd_micros: 10_000_000, monthly_limit_usd_micros: 500_000_000 });

      // Each answer bills 100,000 output tokens of sonar-pro ($1.50) and a little more: four cross the $15 threshold.
      for (let i = 0; i < 4; i++) await chat(100_000);
      const billing = await h.backend.client.billing.retrieve(groupId);
      const ledger = await h.backend.client.billing.listTransactions(groupId, { kind: "auto_reload" });
      expect(ledger.data).toHaveLength(1);
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Billing" }).waitFor();
      await page.getByRole("row", { name: /auto reload.*\$10\.00/ }).waitFor();
      expect(await values(page, "dl.summary dd[data-value]")).toEqual([billing.balance_usd_micros]);
      await h.screenshot(page, "billing");

      await openPage(page, "Usage");
      for (const metric of Object.keys(USAGE_METRICS) as UsageMetric[]) {
        const api = (await h.backend.client.usage.metrics(groupId, { range: "last_7_days", metric })).metrics[0];
        await page.getByLabel("Metric").selectOption(metric);
        await page.getByRole("figure").filter({ hasText: `${USAGE_METRICS[metric]}: ${api?.total.toLocaleString("en-US")}` }).waitFor();
        expect({ metric, values: await values(page, ".chart tbody td[data-value]"), total: await values(page, ".chart tfoot td[data-value]") })
          .toEqual({ metric, values: api?.buckets.map((b) => b.value), total: [api?.total] });
      }
      const breakdown = await h.backend.client.usage.breakdown(groupId, { range: "last_7_days" });
      expect(breakdown.total_cost_usd_micros).toBeGreaterThan(6_000_000);
      expect(await values(page, ".breakdown tbody td[data-value]")).toEqual(breakdown.lines.flatMap((l) => [l.quantity, l.cost_usd_micros]));
      expect(await values(page, ".breakdown tfoot td[data-value]")).toEqual([breakdown.total_cost_usd_micros]);
      // One key over a custom range: the same numbers as the API's for that key and those days (the app key's four
      // answers billed 100,000 output tokens each).
      const other = await h.backend.client.apiKeys.create(groupId, { name: "idle" });
      const today = breakdown.end_date;
      const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await page.reload();
      await page.getByLabel("Metric").selectOption("output_tokens");
      await page.getByLabel("Range").selectOption("custom");
      await page.getByLabel("From", { exact: true }).fill(yesterday);
      await page.getByLabel("To", { exact: true }).fill(today);
      const custom = { range: "custom" as const, start_date: yesterday, end_date: today };
      const forKey = async (keyId: string, label: string) => {
        await page.getByLabel("API key").selectOption(keyId);
        const api = (await h.backend.client.usage.metrics(groupId, { ...custom, metric: "output_tokens", api_key_id: keyId })).metrics[0];
        await page.getByRole("figure").filter({ hasText: `Output Tokens: ${api?.total.toLocaleString("en-US")} from ${yesterday} to ${today}` }).waitFor();
        expect({ label, values: await values(page, ".chart tbody td[data-value]") }).toEqual({ label, values: api?.buckets.map((b) => b.value) });
        const lines = (await h.backend.client.usage.breakdown(groupId, { ...custom, api_key_id: keyId })).total_cost_usd_micros;
        await page.waitForFunction((want) => document.querySelector(".breakdown tfoot td[data-value]")?.getAttribute("data-value") === String(want), lines);
        return api?.total;
      };
      expect(await forKey(other.id, "idle key")).toBe(0);
      expect(await forKey((await h.backend.client.apiKeys.list(groupId)).data.find((k) => k.name === "app")?.id as string, "app key")).toBe(400_000);
      await h.screenshot(page, "usage");
    });
  });

  it("shows a paid invoice once the test clock passes the month's end, and pages through 13 months with Previous and Next", async () => {
    await advanceMonth();
    await h.signedIn(async (page) => {
      await openPage(page, "Invoice history");
      const rows = page.getByRole("table", { name: "Invoices, newest first" }).locator("tbody tr");
      await rows.first().waitFor();
      const first = (await h.backend.client.usage.invoices(groupId)).data[0];
      expect(first?.status).toBe("paid");
      expect(await rows.first().textContent()).toContain(`${first?.cycle}paid`);
      expect(await values(page, ".invoices tbody td[data-value]")).toEqual([first?.cost_usd_micros]);

      // Twelve more months with usage: 13 closed cycles, 6 per page.
      for (let i = 0; i < 12; i++) {
        await chat(1_000);
        await advanceMonth();
      }
      const all = (await h.backend.client.usage.invoices(groupId, { limit: 100 })).data.map((i) => i.cycle);
      expect(all).toHaveLength(13);
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Invoice history" }).waitFor();
      const cycles = async () => {
        await rows.first().waitFor();
        return page.locator(".invoices tbody tr td:nth-child(2)").allTextContents();
      };
      const previous = page.getByRole("button", { name: "Previous" });
      const next = page.getByRole("button", { name: "Next" });
      expect(await cycles()).toEqual(all.slice(0, 6));
      expect(await previous.isDisabled()).toBe(true);
      await next.click();
      await page.locator(".invoices tbody tr td:nth-child(2)", { hasText: all[6] as string }).waitFor();
      expect(await cycles()).toEqual(all.slice(6, 12));
      await next.click();
      await page.locator(".invoices tbody tr td:nth-child(2)", { hasText: all[12] as string }).waitFor();
      expect(await cycles()).toEqual(all.slice(12));
      expect(await next.isDisabled()).toBe(true);
      await h.screenshot(page, "invoices-last-page");
      await previous.click();
      await page.locator(".invoices tbody tr td:nth-child(2)", { hasText: all[6] as string }).waitFor();
      expect(await cycles()).toEqual(all.slice(6, 12));
      await previous.click();
      await page.locator(".invoices tbody tr td:nth-child(2)", { hasText: all[0] as string }).waitFor();
      expect(await cycles()).toEqual(all.slice(0, 6));
      expect(await previous.isDisabled()).toBe(true);
    });
  });
});
