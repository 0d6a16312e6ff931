// Set-up step: builds the local console (console/, Preact + uPlot) into dist/console/, which the backend serves
// at `/` and the package ships. esbuild bundles it into one script and one stylesheet (nothing loads from a
// CDN: the backend runs offline); tsc type-checks it first with the browser's types (console/tsconfig.json).
// Skipped when nothing it reads changed since the last build.
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "dist", "console");
// Outside dist/console, which ships in the package as it is.
const stamp = path.join(root, "dist", ".console-inputs.sha256");

/** Every file the bundle is made of (its sources, the contract it imports, the locked dependencies, this script). */
function inputs() {
  const files = [path.join(root, "package-lock.json"), __filename];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(root, "console"));
  walk(path.join(root, "api"));
  return files.sort();
}

function digest(files) {
  const h = crypto.createHash("sha256");
  for (const f of files) h.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  return h.digest("hex");
}

const INDEX = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Perplexity API console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
</head>
<body>
<div id="app"></div>
<script src="/app.js"></script>
</body>
</html>
`;

/**
 * zod's namespace re-exports every locale's messages (about 265 kB minified); the console shows only the API's
 * messages and zod's English ones, so its bundle gets a locales module with English only.
 */
const englishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      (args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: "zod-locales", namespace: "english-only" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "english-only" }, () => ({
      contents: 'export { default as en } from "./en.js";', loader: "js", resolveDir: path.dirname(require.resolve("zod/v4/locales/en.js")),
    }));
  },
};

/** Builds dist/console unless it is up to date; `log` reports what it did. Rejects when type-checking or bundling fails. */
async function buildConsole(log = () => undefined) {
  const want = digest(inputs());
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  const started = Date.now();
  const tsc = spawnSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(root, "console", "tsconfig.json")], { encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`the console does not type-check:\n${tsc.stdout}${tsc.stderr}`);
  fs.rmSync(out, { recursive: true, force: true });
  await require("esbuild").build({
    entryPoints: { app: path.join(root, "console", "main.tsx") },
    outdir: out,
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "linked",
    logLevel: "warning",
    plugins: [englishOnly],
  });
  fs.writeFileSync(path.join(out, "index.html"), INDEX);
  fs.writeFileSync(stamp, want);
  log(`built the console into dist/console in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

if (require.main === module) {
  buildConsole((m) => process.stderr.write(`[console] ${m}\n`)).catch((e) => {
    process.stderr.write(`[console] ${e && e.message ? e.message : e}\n`);
    process.exit(1);
  });
}

module.exports = { buildConsole };
