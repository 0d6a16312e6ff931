#!/usr/bin/env node
// `npm run docs:screenshot`: renders the README's picture of the console (docs/console-billing.png) from a real
// backend and Chromium, so it shows what the code draws today: a group with a card, credit, auto reload and
// 30 days of metered usage (deterministic amounts), on the Billing page with its usage chart.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");
const { CHROMIUM, HOW } = require("./setup-browser");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "docs", "console-billing.png");

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: ${HOW}`);
  const { startBackend } = require(path.join(root, "dist", "backend", "server.js"));
  const { createClient } = require(path.join(root, "dist", "client"));
  const adminToken = `pplx-admin-${require("node:crypto").randomBytes(16).toString("hex")}`;
  const backend = await startBackend({ port: 0, adminToken, testMode: true });
  // Chromium's home in a temporary folder: it writes crash-report and dconf folders there.
  const home = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "pp-screenshot-"));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), XDG_CACHE_HOME: path.join(home, ".cache") };
  const browser = await chromium.launch({ executablePath: CHROMIUM, env, args: ["--disable-breakpad", ...(process.getuid?.() === 0 ? ["--no-sandbox"] : [])] });
  try {
    const client = createClient({ baseUrl: backend.url, apiKey: adminToken });
    const address = { line1: "1 Market St", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" };
    const group = await client.groups.create({ name: "Platform team", address });
    await client.billing.setPaymentMethod(group.id, { token: "pm_card_visa" });
    await client.billing.purchaseCredits(group.id, { amount_usd_micros: 100_000_000 });
    await client.billing.setAutoReload(group.id, { enabled: true, threshold_usd_micros: 20_000_000, amount_usd_micros: 50_000_000, monthly_limit_usd_micros: 500_000_000 });
    const key = await client.apiKeys.create(group.id, { name: "production" });
    const now = Date.now();
    for (let day = 29; day >= 0; day--) {
      // A weekly rhythm with growth: quieter weekends, busier weeks.
      const count = Math.round((20 + (29 - day) * 1.5) * ([0, 6].includes(new Date(now - day * 86_400_000).getUTCDay()) ? 0.4 : 1));
      const events = Array.from({ length: count }, (_, i) => ({
        type: "chat.completion", id: `shot-${day}-${i}`, api_key_id: key.id, model: i % 3 === 0 ? "sonar-pro" : "sonar",
        timestamp: new Date(now - day * 86_400_000 - i * 60_000).toISOString(), usage: { prompt_tokens: 400 + i, completion_tokens: 900 },
      }));
      for (let first = 0; first < events.length; first += 100) await client.usage.ingest(events.slice(first, first + 100));
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(backend.url);
    await page.getByLabel("Management key or member credential").fill(adminToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.goto(`${backend.url}/#/${group.id}/billing`);
    await page.getByRole("figure").waitFor();
    await page.waitForLoadState("networkidle");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    process.stderr.write(`wrote ${path.relative(root, out)}\n`);
  } finally {
    await browser.close();
    await backend.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
