#!/usr/bin/env node
// The compatibility leg (`npm run test:compat`; .ci/run runs it after `npm test`): the e2e tier on the newest
// supported combination, set up from the registries and cached under .tools/compat/, reused when present:
//   - Node (tools/compat.json "node") from the npm registry's node-<platform>-<arch> package, which ships it;
//   - @pulumi/pulumi ("pulumi") in a copy of this checkout (.tools/compat/project) whose node_modules that Node
//     installs, so the main node_modules (Node 20, @pulumi/pulumi 3.248) are never touched;
//   - the Pulumi CLI built from tools/pulumi-cli-latest (its go.mod pins pkg/v3), with set-up's Node language
//     host and the plugin script beside it.
// Versions are pinned so a run is reproducible; `npm run compat:bump` moves them to the newest served.
// Arguments are passed to jest, e.g. `npm run test:compat -- tests/e2e/package-install.test.ts`.
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { log, fail, runStep, sha256, versionOf, buildCli, writeNodejsProviderShim, which, logAs } = require("./setup");

logAs("compat");
const root = path.resolve(__dirname, "..");
const pins = JSON.parse(fs.readFileSync(path.join(__dirname, "compat.json"), "utf8"));
// COMPAT_NODE=22.23.5 runs the leg once on another Node (kept beside the pinned one under .tools/compat/).
if (process.env.COMPAT_NODE) pins.node = process.env.COMPAT_NODE;
const cliModule = path.join(__dirname, "pulumi-cli-latest");
const cliVersion = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\S+)/.exec(fs.readFileSync(path.join(cliModule, "go.mod"), "utf8"))[1];
const compatDir = path.join(root, ".tools", "compat");
const nodeDir = path.join(compatDir, `node-v${pins.node}`);
const nodeBin = path.join(nodeDir, "bin");
const node = path.join(nodeBin, "node");
const cliDir = path.join(compatDir, `pulumi-v${cliVersion}`, "bin");
const project = path.join(compatDir, "project");
// Not copied into the project: what set-up, builds and tests make, and the repository's own metadata.
const NOT_COPIED = new Set(["node_modules", "dist", ".tools", ".data", ".e2e", ".bench", "coverage", ".git"]);

/** The environment for the compat toolchain: its Node and CLI first on PATH, none of the outer npm's script variables. */
function toolchainEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|npm_node_execpath$|npm_execpath$|INIT_CWD$)/i.test(k)));
  // nodedir: node-gyp compiles against the headers the node package ships (no header download is possible).
  return { ...env, PATH: [nodeBin, cliDir, process.env.PATH].join(path.delimiter), npm_config_nodedir: nodeDir, npm_config_update_notifier: "false", ...extra };
}

function output(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: "utf8", ...options });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The npm this script runs under (npm_execpath under `npm run`), to be started by the compat Node. */
function npmCli() {
  const candidates = [process.env.npm_execpath, which("npm") && fs.realpathSync(which("npm"))];
  const found = candidates.find((c) => c && path.basename(c) === "npm-cli.js");
  if (!found) fail("cannot find npm's npm-cli.js: run this through `npm run test:compat`.");
  return found;
}

async function ensureNode() {
  if (output(node, ["--version"]) !== `v${pins.node}`) {
    const spec = `node-${process.platform}-${process.arch}@${pins.node}`;
    fs.mkdirSync(compatDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(compatDir, ".node-"));
    await runStep(`npm pack ${spec}`, "npm", ["pack", spec, "--silent"], { cwd: tmp, env: toolchainEnv() });
    const tarball = fs.readdirSync(tmp).find((f) => f.endsWith(".tgz"));
    fs.mkdirSync(path.join(tmp, "node"));
    await runStep(`unpack ${spec}`, "tar", ["-xzf", path.join(tmp, tarball), "-C", path.join(tmp, "node"), "--strip-components=1"]);
    fs.rmSync(nodeDir, { recursive: true, force: true });
    fs.renameSync(path.join(tmp, "node"), nodeDir);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // npm and npx for that Node: this npm, started by it (the node package ships no npm).
  const cli = npmCli();
  for (const [name, script] of [["npm", "npm-cli.js"], ["npx", "npx-cli.js"]]) {
    fs.writeFileSync(path.join(nodeBin, name), `#!/bin/sh\nexec "${node}" "${path.join(path.dirname(cli), script)}" "$@"\n`, { mode: 0o755 });
  }
}

async function ensureCli() {
  const have = versionOf(path.join(cliDir, "pulumi"));
  if (!have || have.join(".") !== cliVersion) {
    log(`building the Pulumi CLI v${cliVersion} from Go modules (about 2 minutes with a warm Go cache, 10–15 without)`);
    await buildCli(cliModule, cliVersion, cliDir);
  }
  // The CLI finds the language host beside itself. Set-up's host runs the program's own @pulumi/pulumi, so
  // one host serves both legs.
  const main = JSON.parse(fs.readFileSync(path.join(root, ".tools", "pulumi", "location.json"), "utf8"));
  const host = [main.cliDir, main.pluginDir].map((d) => path.join(d, "pulumi-language-nodejs")).find((f) => fs.existsSync(f));
  if (!host) fail("the Node language host is missing: run `npm run setup` first.");
  const copy = path.join(cliDir, "pulumi-language-nodejs");
  if (!fs.existsSync(copy) || sha256(copy) !== sha256(host)) fs.copyFileSync(host, copy);
  writeNodejsProviderShim(cliDir);
}

/** Mirrors the checkout's files into the project copy (package.json and the lock are handled by install). */
function syncProject(from = root, to = project, top = true) {
  fs.mkdirSync(to, { recursive: true });
  const keep = new Set();
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === "node_modules" || (top && (NOT_COPIED.has(entry.name) || /^package(-lock)?\.json$/.test(entry.name)))) continue;
    keep.add(entry.name);
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) syncProject(src, dst, false);
    else if (entry.isFile()) {
      const [a, b] = [fs.statSync(src), fs.existsSync(dst) ? fs.statSync(dst) : null];
      if (!b || a.size !== b.size || a.mtimeMs !== b.mtimeMs) {
        fs.copyFileSync(src, dst);
        fs.utimesSync(dst, a.atime, a.mtime);
      }
    }
  }
  for (const name of fs.readdirSync(to)) {
    if (!keep.has(name) && name !== "node_modules" && !(top && (NOT_COPIED.has(name) || /^package(-lock)?\.json$/.test(name)))) {
      fs.rmSync(path.join(to, name), { recursive: true, force: true });
    }
  }
}

/** Installs the copy's packages with the compat Node: the checkout's lock, with @pulumi/pulumi at the pinned version. */
async function installProject() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  manifest.devDependencies["@pulumi/pulumi"] = pins.pulumi;
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const lock = fs.readFileSync(path.join(root, "package-lock.json"), "utf8");
  const want = crypto.createHash("sha256").update(`${text}\n${lock}\n${pins.node}`).digest("hex");
  const stamp = path.join(project, "node_modules", ".compat-install.sha256");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  fs.writeFileSync(path.join(project, "package.json"), text);
  fs.writeFileSync(path.join(project, "package-lock.json"), lock);
  // Scripts off: of the three packages with install scripts the lock holds, the repository allows only
  // better-sqlite3's (package.json allowScripts), which ensureNative runs or replaces with its cached result.
  await runStep(`npm install (Node ${pins.node}, @pulumi/pulumi ${pins.pulumi})`, "npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: project, env: toolchainEnv() });
  await ensureNative();
  fs.writeFileSync(stamp, want);
}

/**
 * better-sqlite3 for the compat Node: compiled from source once (no prebuilt binary can be downloaded here),
 * then kept in .tools/compat/native under its version and the Node ABI, the two things the binary depends on.
 */
async function ensureNative() {
  const dir = path.join(project, "node_modules", "better-sqlite3");
  const version = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
  const abi = output(node, ["-p", "process.versions.modules"]);
  const cached = path.join(compatDir, "native", `better-sqlite3-${version}-node-abi${abi}-${process.platform}-${process.arch}.node`);
  const binary = path.join(dir, "build", "Release", "better_sqlite3.node");
  if (fs.existsSync(cached)) {
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    fs.copyFileSync(cached, binary);
    log(`better-sqlite3 ${version}: the binary compiled earlier for Node ABI ${abi}`);
  } else {
    await runStep(`compile better-sqlite3 ${version} for Node ${pins.node} (first time only; about 1–2 minutes on an idle core)`, "npm", ["rebuild", "better-sqlite3"], {
      cwd: project, env: toolchainEnv({ npm_config_build_from_source: "true", JOBS: "max" }),
    });
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.copyFileSync(binary, `${cached}.tmp`);
    fs.renameSync(`${cached}.tmp`, cached);
  }
  if (spawnSync(node, ["-e", "new (require('better-sqlite3'))(':memory:').close()"], { cwd: project, stdio: "inherit" }).status !== 0) {
    fail(`better-sqlite3 ${version} does not load in Node ${pins.node}`);
  }
}

async function main() {
  const started = Date.now();
  // Every CLI run of the leg, `pulumi version` included, gets a PULUMI_HOME: the newer CLI writes a log per
  // command under it, and ~/.pulumi is outside what the leg may touch. Tests that need their own set theirs.
  process.env.PULUMI_HOME = path.join(compatDir, "pulumi-home");
  if (process.platform === "win32") fail("the compatibility leg runs on Linux and macOS only.");
  log(`Node ${pins.node}, @pulumi/pulumi ${pins.pulumi}, Pulumi CLI ${cliVersion} (the main leg: Node ${process.versions.node})`);
  await Promise.all([
    ensureCli(),
    (async () => {
      await ensureNode();
      syncProject();
      await installProject();
      const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
      await runStep("compile TypeScript", node, [tsc, "-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", "dist/.tsbuildinfo"], { cwd: project });
      // The packed package ships the console (tests/e2e/package-install.test.ts checks it is there).
      await runStep("build the console", node, [path.join(project, "tools", "build-console.js")], { cwd: project });
    })(),
  ]);
  // The copy's engine helpers (cli/engine.ts) read where the CLI is from its own .tools/.
  const location = path.join(project, ".tools", "pulumi", "location.json");
  fs.mkdirSync(path.dirname(location), { recursive: true });
  fs.writeFileSync(location, `${JSON.stringify({ cliDir, pluginDir: cliDir, version: cliVersion }, null, 2)}\n`);
  log(`toolchain ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const jest = path.join(project, "node_modules", "jest", "bin", "jest.js");
  // --selectProjects last: it takes a list, and would take test paths after it as project names.
  await runStep("e2e tier", node, [jest, ...process.argv.slice(2), "--selectProjects", "e2e"], { cwd: project, env: toolchainEnv() });
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
