#!/usr/bin/env node
// Set-up step of the contract tier (tests/contract): schemathesis and Perplexity's official Python SDK
// (`perplexityai`, which the SDK contract test drives in its strict mode), pinned, in a project-local Python
// virtual environment under .tools/schemathesis (git-ignored), so the tier never depends on what the machine has
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
/** The official Python SDK the SDK contract test runs (tests/contract/sdk/probe.py); the npm one is a devDependency. */
const PERPLEXITY_SDK_VERSION = "0.46.1";
/** What the virtual environment holds, one pin per package: its stamp, so a bump of either reinstalls. */
const PINS = [`schemathesis==${SCHEMATHESIS_VERSION}`, `perplexityai==${PERPLEXITY_SDK_VERSION}`];
const root = path.resolve(__dirname, "..");
const venv = path.join(root, ".tools", "schemathesis");
const bin = path.join(venv, process.platform === "win32" ? "Scripts" : "bin");
const stamp = path.join(venv, "installed-version");

/** Path of the `st` command inside the virtual environment. */
const SCHEMATHESIS_BIN = path.join(bin, process.platform === "win32" ? "st.exe" : "st");
/** Path of the virtual environment's Python, which has the official SDK. */
const PYTHON_BIN = path.join(bin, process.platform === "win32" ? "python.exe" : "python");

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
  "(e.g. apt-get install python3 python3-venv), then `npm run setup` installs schemathesis and perplexityai into .tools/schemathesis";

/**
 * Installs {@link PINS} into .tools/schemathesis unless they are already there.
 * `log` prints progress and, when it cannot install, what is missing (set-up goes on: see above).
 */
function ensureSchemathesis({ log }) {
  const wanted = PINS.join("\n");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === wanted && fs.existsSync(SCHEMATHESIS_BIN)) return;
  const py = python();
  if (py === null) return log(`warning: no python3 ≥ 3.10 on PATH: ${MISSING}`);
  log(`installing ${PINS.join(" and ")} into .tools/schemathesis (first time only; about a minute)`);
  try {
    fs.rmSync(venv, { recursive: true, force: true });
    run(py, ["-m", "venv", venv], log);
    run(path.join(bin, "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...PINS], log);
  } catch (e) {
    fs.rmSync(venv, { recursive: true, force: true });
    return log(`warning: ${e.message}: ${MISSING}`);
  }
  fs.writeFileSync(stamp, wanted);
}

module.exports = { ensureSchemathesis, MISSING, PERPLEXITY_SDK_VERSION, PYTHON_BIN, SCHEMATHESIS_BIN, SCHEMATHESIS_VERSION };
