#!/usr/bin/env node
// `npm run compat:bump`: moves the compatibility leg (tools/compat.js) to the newest versions the registries
// serve: the newest Node of the pinned major line (node-<platform>-<arch> on npm), the latest @pulumi/pulumi,
// and the latest github.com/pulumi/pulumi/pkg/v3 for the CLI (tools/pulumi-cli-latest's go.mod and go.sum).
// It also updates the README's table. Then run `npm run test:compat` and commit tools/compat.json,
// tools/pulumi-cli-latest/ and README.md.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { log, fail, logAs } = require("./setup");

logAs("compat:bump");
const pinsFile = path.join(__dirname, "compat.json");
const cliModule = path.join(__dirname, "pulumi-cli-latest");
const PKG = "github.com/pulumi/pulumi/pkg/v3";

function run(command, args, cwd = __dirname) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (r.status !== 0) fail(`${command} ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout.trim();
}

function newest(versions) {
  const key = (v) => v.split(".").map(Number);
  return [...versions].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  }).pop();
}

const pins = JSON.parse(fs.readFileSync(pinsFile, "utf8"));
const major = pins.node.split(".")[0];
const served = JSON.parse(run("npm", ["view", `node-${process.platform}-${process.arch}@${major}`, "version", "--json"]));
const next = {
  node: newest(Array.isArray(served) ? served : [served]),
  pulumi: run("npm", ["view", "@pulumi/pulumi", "version"]),
};
const cli = JSON.parse(run("go", ["list", "-m", "-json", `${PKG}@latest`], cliModule));
run("go", ["get", `${PKG}@${cli.Version}`], cliModule);
run("go", ["mod", "tidy"], cliModule);

// pkg/v3's own replace directives apply only inside Pulumi's repository; the wrapper must repeat the ones
// that point at published modules (today: atotto/clipboard). Say so when a release adds or changes one.
const ours = fs.readFileSync(path.join(cliModule, "go.mod"), "utf8");
const theirs = fs.readFileSync(cli.GoMod, "utf8").split("\n").filter((l) => /^replace /.test(l) && !/=> \.\.?\//.test(l));
for (const line of theirs) if (!ours.includes(line)) log(`warning: ${PKG} ${cli.Version} has \`${line}\`; add it to tools/pulumi-cli-latest/go.mod`);

fs.writeFileSync(pinsFile, `${JSON.stringify(next, null, 2)}\n`);
// The README's "Supported versions" table names the newest proven versions (a test keeps the two in step).
const readmeFile = path.join(__dirname, "..", "README.md");
const readme = fs.readFileSync(readmeFile, "utf8")
  .replace(`(${pins.node});`, `(${next.node});`)
  .replace(/(\| `@pulumi\/pulumi` \(peer range [^|]*\| [^|]*\| )\S+( \|)/, `$1${next.pulumi}$2`)
  .replace(/(\| Pulumi CLI \| [^|]*\| )\S+( \|)/, `$1${cli.Version.replace(/^v/, "")}$2`);
fs.writeFileSync(readmeFile, readme);
log(`Node ${pins.node} → ${next.node}, @pulumi/pulumi ${pins.pulumi} → ${next.pulumi}, CLI → ${cli.Version}`);
log("now run `npm run test:compat`, then commit tools/compat.json, tools/pulumi-cli-latest/ and README.md");
