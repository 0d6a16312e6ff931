#!/usr/bin/env node
// Set-up that `npm start` and `npm test` run first. Plain Node with no dependencies, because it runs before
// `npm ci` has installed any. It is idempotent and fast when nothing changed:
//   1. `npm ci` when package-lock.json changed since the last install;
//   2. compile the TypeScript (the provider process can only require compiled JavaScript);
//   3. make the pinned Pulumi CLI available: reuse .tools/pulumi/bin, or a new enough `pulumi` on PATH,
//      or build it from Go modules (tools/pulumi-cli), which is the only way to get it offline;
//   4. beside a CLI built here, the Node language host (tools/pulumi-language-nodejs) and the dynamic-provider
//      plugin script: what a Pulumi install holds for Node programs, so `pulumi up` runs in a project directory.
"use strict";
const { spawnSync, spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const PULUMI_VERSION = "3.248.0";
// The newest sdk release the Go module proxy serves that still contains nodejs/cmd/pulumi-language-nodejs.
const LANGUAGE_HOST_VERSION = "3.68.0";
const toolsDir = path.join(root, ".tools", "pulumi");
const binDir = path.join(toolsDir, "bin");
const locationFile = path.join(toolsDir, "location.json");
// Every CLI run here gets a PULUMI_HOME under .tools/: newer CLIs log each command there, and set-up must not
// write into ~/.pulumi.
const pulumiHome = path.join(toolsDir, "home");
const quiet = process.argv.includes("--quiet");
// The prefix of every line printed; tools/compat.js, which reuses these steps, prints its own.
let tag = "setup";

function log(message) {
  if (!quiet) process.stderr.write(`[${tag}] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[${tag}] error: ${message}\n`);
  process.exit(1);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Runs a command to completion, printing a heartbeat so a slow step never looks hung. */
function runStep(label, command, args, options = {}) {
  const started = Date.now();
  log(`${label}…`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], ...options });
    const beat = setInterval(() => log(`${label}: still running (${seconds(started)})`), 30_000);
    child.on("error", (e) => {
      clearInterval(beat);
      fail(`${label} could not start: ${e.message}`);
    });
    child.on("close", (code) => {
      clearInterval(beat);
      if (code !== 0) fail(`${label} failed (exit ${code}) after ${seconds(started)}`);
      log(`${label}: done in ${seconds(started)}`);
      resolve();
    });
  });
}

function sha256(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

async function installPackages() {
  const stamp = path.join(root, "node_modules", ".pulumi-perplexity-lock.sha256");
  const want = sha256(path.join(root, "package-lock.json"));
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  await runStep("npm ci", process.platform === "win32" ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund"]);
  fs.writeFileSync(stamp, want);
}

async function compile() {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  await runStep("compile TypeScript", process.execPath, [tsc, "-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", "dist/.tsbuildinfo"]);
}

/** Returns the `x.y.z` a pulumi binary reports, or null when it cannot run. */
function versionOf(binary) {
  const r = spawnSync(binary, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_HOME: pulumiHome } });
  if (r.status !== 0 || !r.stdout) return null;
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(r.stdout.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function atLeast(v, want) {
  const w = want.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (v[i] !== w[i]) return v[i] > w[i];
  return true;
}

function which(name) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** Writes the dynamic-provider plugin script the engine starts; it ships as a script in Pulumi's releases. */
function writeNodejsProviderShim(dir) {
  const file = path.join(dir, "pulumi-resource-pulumi-nodejs");
  const script = `#!/bin/sh
script=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || exit 1
exec node "$script" "$@"
`;
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== script) fs.writeFileSync(file, script, { mode: 0o755 });
}

async function ensurePulumi() {
  const local = path.join(binDir, "pulumi");
  const localVersion = fs.existsSync(local) ? versionOf(local) : null;
  if (localVersion && localVersion.join(".") === PULUMI_VERSION) {
    writeNodejsProviderShim(binDir);
    return record(binDir, localVersion);
  }
  const onPath = which("pulumi");
  const pathVersion = onPath ? versionOf(onPath) : null;
  if (pathVersion && atLeast(pathVersion, PULUMI_VERSION)) {
    log(`using pulumi ${pathVersion.join(".")} from PATH (${onPath})`);
    fs.mkdirSync(binDir, { recursive: true });
    writeNodejsProviderShim(binDir);
    return record(path.dirname(fs.realpathSync(onPath)), pathVersion);
  }
  if (!which("go")) {
    fail(
      `the Pulumi CLI ${PULUMI_VERSION} is needed and neither it nor Go is installed.\n` +
        `  Install Go ≥ 1.25 (https://go.dev/doc/install) so set-up can build the CLI from Go modules,\n` +
        `  or install the Pulumi CLI ≥ ${PULUMI_VERSION} (https://www.pulumi.com/docs/install/) and put it on PATH.`,
    );
  }
  log(`building the Pulumi CLI v${PULUMI_VERSION} from Go modules (first time only; about 5–15 minutes on 2 cores)`);
  const built = await buildCli(path.join(root, "tools", "pulumi-cli"), PULUMI_VERSION, binDir);
  writeNodejsProviderShim(binDir);
  return record(binDir, built);
}

/** Builds the Pulumi CLI `version` from the wrapper module in `moduleDir` into `outDir`; returns its version. */
async function buildCli(moduleDir, version, outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  await runStep(`go build pulumi v${version}`, "go", [
    "build", "-C", moduleDir, "-trimpath", "-buildvcs=false", "-tags", "osusergo,grpcnotrace",
    "-ldflags", `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`,
    "-o", `${outDir}${path.sep}`, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
  ], { env: { ...process.env, CGO_ENABLED: "0" } });
  const built = versionOf(path.join(outDir, "pulumi"));
  if (!built || built.join(".") !== version) fail(`the built CLI reports ${built ? built.join(".") : "nothing"}, expected ${version}`);
  return built;
}

/**
 * Makes the Node language host available. Beside a CLI built here it is built into .tools/pulumi/bin (the CLI
 * finds bundled plugins next to its own executable, and prints no "using … from $PATH" warning then), and
 * rebuilt only when the wrapper module's go.sum changed. A CLI taken from PATH normally comes with its own
 * host next to it; only when neither there nor on PATH is one found is ours built, into .tools/pulumi/bin
 * (which cli/engine.ts puts on PATH).
 */
async function ensureLanguageHost() {
  const location = JSON.parse(fs.readFileSync(locationFile, "utf8"));
  const name = "pulumi-language-nodejs";
  if (location.cliDir !== binDir) {
    const beside = path.join(location.cliDir, name);
    const found = fs.existsSync(beside) ? beside : which(name);
    if (found && path.dirname(found) !== binDir) return log(`using the Node language host ${found}`);
  }
  const moduleDir = path.join(root, "tools", name);
  const host = path.join(binDir, name);
  const stamp = path.join(toolsDir, "language-host.sha256");
  const want = sha256(path.join(moduleDir, "go.sum"));
  if (fs.existsSync(host) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  if (!which("go")) {
    fail(`the Node language host (${name}) is needed to run programs with \`pulumi up\`; it is built from Go modules and Go is not installed.\n` +
      `  Install Go ≥ 1.25 (https://go.dev/doc/install), or a complete Pulumi CLI (which includes it) on PATH.`);
  }
  log(`building the Node language host v${LANGUAGE_HOST_VERSION} from Go modules (first time only; about 1–2 minutes on 2 cores)`);
  await runStep(`go build ${name} v${LANGUAGE_HOST_VERSION}`, "go", [
    "build", "-C", moduleDir, "-trimpath", "-buildvcs=false",
    "-ldflags", `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${LANGUAGE_HOST_VERSION}`,
    "-o", `${binDir}${path.sep}`, `github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/${name}`,
  ], { env: { ...process.env, CGO_ENABLED: "0" } });
  fs.writeFileSync(stamp, want);
}

/** Tells the engine helpers (cli/engine.ts) where the CLI is; the plugin shim is always in .tools/pulumi/bin. */
function record(cliDir, version) {
  // A complete install has the plugin script beside its CLI: use that one, since the CLI warns ("using … from
  // $PATH") when the script first on PATH is another file than the one beside it (seen on the compat leg).
  const pluginDir = fs.existsSync(path.join(cliDir, "pulumi-resource-pulumi-nodejs")) ? cliDir : binDir;
  const location = { cliDir, pluginDir, version: version.join(".") };
  fs.writeFileSync(locationFile, JSON.stringify(location, null, 2) + "\n");
}

async function main() {
  const started = Date.now();
  // 20.12: the backend hashes with the one-shot crypto.hash.
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 12)) fail(`Node.js ≥ 20.12 is required (this is ${process.version}).`);
  await installPackages();
  await compile();
  await require("./build-console").buildConsole(log);
  await ensurePulumi();
  await ensureLanguageHost();
  // Only the test tiers (and the console's bench and screenshot) need a browser or Python: `npm start` does
  // not install them.
  const tests = process.argv.includes("--tests");
  if (tests || process.argv.includes("--browser")) require("./setup-browser").ensureBrowser(log);
  if (tests) require("./setup-contract").ensureSchemathesis({ log });
  log(`ready in ${seconds(started)}`);
}

if (require.main === module) main().catch((e) => fail(e && e.stack ? e.stack : String(e)));

/** Steps tools/compat.js reuses for its own toolchain; `logAs` sets the prefix of what they print. */
module.exports = { log, fail, runStep, sha256, versionOf, which, buildCli, writeNodejsProviderShim, logAs: (t) => void (tag = t) };
