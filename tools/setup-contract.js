#!/usr/bin/env node
// Set-up step of the contract tier (tests/contract): schemathesis, pinned, in a project-local Python virtual
// environment under .tools/schemathesis (git-ignored), so the tier never depends on what the machine has
// installed globally. pip uses its default index (or whatever the user's pip configuration says); no registry
// host is named here. Idempotent: reinstalls only when the pinned version changes. Without Python it warns
// and goes on, because `npm start` runs the same set-up and needs no Python; the contract tier then fails,
// saying what is missing.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

/** The schemathesis release the contract tier runs; bump it deliberately (its checks change between releases). */
const SCHEMATHESIS_VERSION = "4.32.5";
const root = path.resolve(__dirname, "..");
const venv = path.join(root, ".tools", "schemathesis");
const bin = path.join(venv, process.platform === "win32" ? "Scripts" : "bin");
const stamp = path.join(venv, "installed-version");

/** Path of the `st` command inside the virtual environment. */
const SCHEMATHESIS_BIN = path.join(bin, process.platform === "win32" ? "st.exe" : "st");

function python() {
  for (const candidate of ["python3", "python"]) {
    const r = spawnSync(candidate, ["-c", "import sys; print(sys.version_info >= (3, 10))"], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim() === "True") return candidate;
  }
  return null;
}

function run(command, args, log) {
  const r = spawnSync(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`${[command, ...args].join(" ")} failed (exit ${r.status})`);
  log(`${path.basename(command)} ${args.slice(0, 3).join(" ")}: done`);
}

/** What to install to run the contract tier, for set-up's warning and the tier's error. */
const MISSING = "the contract tier (tests/contract) needs Python ≥ 3.10 with the venv module and pip access to its package index " +
  "(e.g. apt-get install python3 python3-venv), then `npm run setup` installs schemathesis into .tools/schemathesis";

/**
 * Installs schemathesis {@link SCHEMATHESIS_VERSION} into .tools/schemathesis unless it is already there.
 * `log` prints progress and, when it cannot install, what is missing (set-up goes on: see above).
 */
function ensureSchemathesis({ log }) {
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === SCHEMATHESIS_VERSION && fs.existsSync(SCHEMATHESIS_BIN)) return;
  const py = python();
  if (py === null) return log(`warning: no python3 ≥ 3.10 on PATH: ${MISSING}`);
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} into .tools/schemathesis (first time only; about a minute)`);
  try {
    fs.rmSync(venv, { recursive: true, force: true });
    run(py, ["-m", "venv", venv], log);
    run(path.join(bin, "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `schemathesis==${SCHEMATHESIS_VERSION}`], log);
  } catch (e) {
    fs.rmSync(venv, { recursive: true, force: true });
    return log(`warning: ${e.message}: ${MISSING}`);
  }
  fs.writeFileSync(stamp, SCHEMATHESIS_VERSION);
}

module.exports = { ensureSchemathesis, MISSING, SCHEMATHESIS_BIN, SCHEMATHESIS_VERSION };
