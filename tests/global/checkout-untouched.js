// Jest globalSetup/globalTeardown for every run: no test may change the checkout's tracked or unignored
// files. A test that writes through a link into the checkout (a scratch project's node_modules links it as
// pulumi-perplexity) once replaced package.json mid-run and broke every later test; this names the culprit
// files at the end of the run instead of leaving a confusing trail of failures. Plain JavaScript: it runs
// before ts-jest is set up. Skipped outside a git checkout (e.g. a copy without .git).
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");

/** Each changed or untracked (not ignored) path with a hash of its content, or null outside git. */
function state() {
  const r = spawnSync("git", ["status", "--porcelain", "-z", "--untracked-files=all"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) return null;
  const entries = r.stdout.split("\0").filter(Boolean).map((line) => line.slice(3));
  return new Map(entries.map((file) => {
    const full = path.join(root, file);
    const hash = fs.existsSync(full) && fs.lstatSync(full).isFile() ? crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex") : "-";
    return [file, hash];
  }));
}

module.exports = { state, root };
