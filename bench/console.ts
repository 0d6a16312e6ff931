import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { chromium, type Page } from "playwright-core";
import { startBackend } from "../backend/server";
import { createClient } from "../client";

/**
 * `npm run bench:console`: how long each console page takes to load in Chromium over a group with 30 days of
 * usage at EVENTS_PER_DAY events a day (default 10,000: 300,000 events). Seeds through `POST /v1/usage_events`
 * (100 events a request), then opens every page ROUNDS times and prints the median and worst load time per
 * page: from navigation start to the last API response the page made, after the network went idle, so it
 * includes the script, the API calls and the render they trigger. Asserts nothing (timings belong in a
 * benchmark, not a test); the README records the last figures.
 */
const EVENTS_PER_DAY = Number(process.env["EVENTS_PER_DAY"] ?? 10_000);
const DAYS = 30;
const ROUNDS = Number(process.env["ROUNDS"] ?? 5);
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const PAGES = ["settings", "members", "api-keys", "billing", "usage", "invoices", "audit"];

async function seed(url: string, adminToken: string): Promise<string> {
  const client = createClient({ baseUrl: url, apiKey: adminToken });
  const group = await client.groups.create({ name: "Bench", address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" } });
  await client.billing.setPaymentMethod(group.id, { token: "pm_card_visa" });
  for (let i = 0; i < 10; i++) await client.billing.purchaseCredits(group.id, { amount_usd_micros: 10_000_000_000 });
  const keys = await Promise.all(["app", "ci", "batch"].map((name) => client.apiKeys.create(group.id, { name })));
  const now = Date.now();
  const started = Date.now();
  const models = ["sonar", "sonar-pro", "sonar-reasoning-pro"] as const;
  for (let day = 0; day < DAYS; day++) {
    for (let first = 0; first < EVENTS_PER_DAY; first += 100) {
      const events = Array.from({ length: Math.min(100, EVENTS_PER_DAY - first) }, (_, i) => ({
        type: "chat.completion" as const, id: `d${day}-${first + i}`, api_key_id: (keys[(first + i) % keys.length] as { id: string }).id,
        model: models[(first + i) % models.length] as (typeof models)[number],
        timestamp: new Date(now - day * 86_400_000 - (first + i) * 1000).toISOString(),
        usage: { prompt_tokens: 200 + ((first + i) % 50), completion_tokens: 300 },
      }));
      await client.usage.ingest(events);
    }
  }
  process.stderr.write(`[bench] seeded ${DAYS * EVENTS_PER_DAY} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return group.id;
}

/** Milliseconds from navigation start to the page's last API response, once the network is idle. */
async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto("about:blank");
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  // Evaluated in the page (a string, as the bench compiles without the DOM's types).
  return page.evaluate("Math.max(...performance.getEntriesByType('resource').map((e) => e.responseEnd))") as Promise<number>;
}

async function main(): Promise<void> {
  const adminToken = `pplx-admin-${crypto.randomBytes(16).toString("hex")}`;
  const dir = fs.mkdtempSync("/tmp/pp-bench-console-");
  const backend = await startBackend({ port: 0, adminToken, dbPath: `${dir}/backend.sqlite` });
  // Chromium's home in the temporary folder: it writes crash-report and dconf folders there.
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: `${dir}/.config`, XDG_CACHE_HOME: `${dir}/.cache` } as Record<string, string>;
  const browser = await chromium.launch({ executablePath: CHROMIUM, env, args: ["--disable-breakpad", ...(process.getuid?.() === 0 ? ["--no-sandbox"] : [])] });
  try {
    const groupId = await seed(backend.url, adminToken);
    const page = await browser.newPage();
    await page.goto(backend.url);
    await page.evaluate(`sessionStorage.setItem("pulumi-perplexity.console.token", ${JSON.stringify(adminToken)})`);
    const rows = [];
    for (const name of PAGES) {
      const times: number[] = [];
      for (let r = 0; r < ROUNDS; r++) times.push(await loadTime(page, `${backend.url}/#/${groupId}/${name}`));
      times.sort((a, b) => a - b);
      rows.push({ page: name, median_ms: Math.round(times[Math.floor(times.length / 2)] as number), worst_ms: Math.round(times.at(-1) as number) });
    }
    // What the last Billing load showed: proof the pages rendered the seeded data, not a sign-in form.
    await loadTime(page, `${backend.url}/#/${groupId}/billing`);
    process.stderr.write(`[bench] Billing shows: ${await page.locator("figcaption").textContent()}\n`);
    console.table(rows);
    console.log(JSON.stringify({ events: DAYS * EVENTS_PER_DAY, rounds: ROUNDS, pages: rows }));
  } finally {
    await browser.close();
    await backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
