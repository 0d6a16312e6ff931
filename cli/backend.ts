/**
 * `pulumi-perplexity backend`: the embedded management API, as installed from the package, so users can run
 * their own programs against it in tests and CI. Its packages are optional peer dependencies (the provider
 * does not need them, and better-sqlite3 is native code), so this checks for them first and says what to
 * install instead of failing with a module-not-found stack trace.
 */

/** The packages the backend loads (`@fastify/static` serves the console) that pulumi-perplexity does not install for users. */
export const BACKEND_PACKAGES = ["better-sqlite3", "fastify", "fastify-type-provider-zod", "@fastify/swagger", "@fastify/static"] as const;

/**
 * Returns the `npm install` command that adds the packages of {@link BACKEND_PACKAGES} that `isInstalled`
 * says are missing, each with the range `peerRanges` (this package's `peerDependencies`) declares; undefined
 * when nothing is missing.
 */
export function missingBackendPackages(peerRanges: Readonly<Record<string, string>>, isInstalled: (name: string) => boolean): string | undefined {
  const missing = BACKEND_PACKAGES.filter((name) => !isInstalled(name));
  if (missing.length === 0) return undefined;
  const specs = missing.map((name) => (peerRanges[name] ? `${name}@'${peerRanges[name]}'` : name));
  return `npm install --save-dev ${specs.join(" ")}`;
}

function resolvable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the backend with `argv` (the flags of `npm run backend`), keeping its data in memory unless `--db` is
 * given: a test backend starts empty every time. Resolves with an exit code only when it does not start a
 * server (`--help`, missing packages); a started server runs until SIGINT or SIGTERM and exits the process.
 */
export async function runBackend(argv: readonly string[], err: (text: string) => void): Promise<number> {
  // By package name, so the installed package reads its own manifest (the repository's in a checkout).
  const manifest = require("pulumi-perplexity/package.json") as { peerDependencies?: Record<string, string> };
  const install = missingBackendPackages(manifest.peerDependencies ?? {}, resolvable);
  if (install) {
    err(`The backend needs packages that pulumi-perplexity does not install with the provider. Add them to this project:\n  ${install}\n`);
    return 1;
  }
  const { main } = await import("../backend/server");
  const running = await main([...argv], "pulumi-perplexity backend", ":memory:");
  return running ? new Promise<number>(() => undefined) : 0;
}
