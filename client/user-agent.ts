import { readFileSync } from "node:fs";
import { join } from "node:path";

const PACKAGE_NAME = "pulumi-perplexity";

let cachedVersion: string | undefined;

/**
 * This package's version from its package.json, read on first use (never at load time) and cached.
 * Looks one and two folders up, so it works from `client/` (sources, tests) and `dist/client/` (build).
 * Returns `0.0.0-unknown` when no package.json of this package is found.
 */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    cachedVersion = [join(__dirname, "..", "package.json"), join(__dirname, "..", "..", "package.json")]
      .map(readVersion)
      .find((v) => v !== undefined) ?? "0.0.0-unknown";
  }
  return cachedVersion;
}

function readVersion(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
    return pkg.name === PACKAGE_NAME && typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `User-Agent` header: `pulumi-perplexity/<version>`, followed by `suffix` when given
 * (e.g. `my-ci/1.2`), so API logs tell this client and its embedding tool apart.
 */
export function userAgent(suffix?: string): string {
  const base = `${PACKAGE_NAME}/${packageVersion()}`;
  return suffix ? `${base} ${suffix}` : base;
}
