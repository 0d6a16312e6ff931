// Set-up step for the browser tier: makes Debian's Chromium available at /usr/bin/chromium (what
// tests/browser drives through playwright-core; Playwright's own browser download needs a CDN we do not use).
// When it is missing and this process may install packages (root with apt-get), it runs
// `apt-get install -y chromium` from the machine's configured sources; otherwise it leaves a note and the
// browser tier fails with the same instructions (tests/browser/helpers/browser.ts).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");

/** Where the browser tier looks for Chromium; `CHROMIUM_PATH` overrides it. */
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const HOW = "install Chromium (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium binary";

function canApt() {
  return typeof process.getuid === "function" && process.getuid() === 0 && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Installs Chromium when missing and possible; returns true when it is available afterwards. */
function ensureBrowser(log) {
  if (fs.existsSync(CHROMIUM)) return true;
  if (!canApt()) {
    log(`Chromium is not at ${CHROMIUM}; the browser tests will fail until you ${HOW}`);
    return false;
  }
  log("installing Chromium with apt-get (first time only; the browser tests drive it)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let r = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: ["ignore", "ignore", "inherit"], env });
  // A fresh machine may have no package lists yet.
  if (r.status !== 0) {
    spawnSync("apt-get", ["update"], { stdio: ["ignore", "ignore", "inherit"], env });
    r = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: ["ignore", "ignore", "inherit"], env });
  }
  if (r.status !== 0 || !fs.existsSync(CHROMIUM)) {
    log(`could not install Chromium (apt-get exit ${r.status}); ${HOW}`);
    return false;
  }
  return true;
}

if (require.main === module) process.exitCode = ensureBrowser((m) => process.stderr.write(`[setup] ${m}\n`)) ? 0 : 1;

module.exports = { ensureBrowser, CHROMIUM, HOW };
