import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { runOk } from "./npm";

/** This package's manifest, the fields that say what it loads. */
export interface Manifest {
  readonly name: string;
  readonly main: string;
  readonly types: string;
  readonly bin: Record<string, string>;
  readonly exports: Record<string, string | Record<string, string>>;
  readonly files: string[];
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** One `npm pack --json` entry. */
interface PackResult {
  readonly filename: string;
  readonly files: { path: string }[];
}

/**
 * Packs `packageDir` as `npm pack` publishes it (without its prepack build: set-up compiled dist/ already),
 * into `destination`, or only lists the files when `destination` is omitted (`--dry-run`).
 */
export async function pack(packageDir: string, env: NodeJS.ProcessEnv, destination?: string): Promise<{ tarball: string; files: string[] }> {
  const args = ["pack", "--json", "--ignore-scripts", ...(destination ? ["--pack-destination", destination] : ["--dry-run"])];
  const [result] = JSON.parse(await runOk("npm", args, packageDir, env)) as PackResult[];
  if (!result) throw new Error("npm pack printed no result");
  return { tarball: destination ? path.join(destination, result.filename) : "", files: result.files.map((f) => f.path).sort() };
}

/** What the package's entry points load: its own files, and the packages they import by name. */
export interface Reachable {
  /** Package-relative paths: every compiled module a `require` chain reaches, every declaration a type import reaches. */
  readonly files: Set<string>;
  /** Package names imported by those files (Node's built-ins left out). */
  readonly packages: Set<string>;
}

/**
 * Follows `require("…")` in compiled JavaScript from `main`, `bin` and the `exports` targets, and type
 * imports in declarations from `types` and the `exports` `types` targets, as Node and TypeScript resolve them.
 */
export function reachableFrom(packageDir: string, manifest: Manifest): Reachable {
  const files = new Set<string>();
  const packages = new Set<string>();
  const exportTargets = Object.values(manifest.exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)));
  const entries = [manifest.main, manifest.types, ...Object.values(manifest.bin), ...exportTargets].map((p) => path.normalize(p));
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const declaration = file.endsWith(".d.ts");
    const text = fs.readFileSync(path.join(packageDir, file), "utf8");
    const pattern = declaration ? /(?:from\s+|import\(|reference path=)"([^"]+)"/g : /require\("([^"]+)"\)/g;
    for (const [, specifier] of text.matchAll(pattern)) {
      if (!specifier) continue;
      if (specifier.startsWith(".")) queue.push(resolveRelative(packageDir, path.join(path.dirname(file), specifier), declaration));
      else if (!isBuiltin(specifier) && packageName(specifier) !== manifest.name) packages.add(packageName(specifier));
    }
  }
  return { files, packages };
}

function resolveRelative(packageDir: string, base: string, declaration: boolean): string {
  const candidates = declaration ? [`${base}.d.ts`, path.join(base, "index.d.ts"), base] : [base, `${base}.js`, `${base}.json`, path.join(base, "index.js")];
  const found = candidates.find((c) => fs.existsSync(path.join(packageDir, c)) && fs.statSync(path.join(packageDir, c)).isFile());
  if (!found) throw new Error(`cannot resolve ${base} (tried ${candidates.join(", ")})`);
  return path.normalize(found);
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtinModules.includes(specifier);
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}
