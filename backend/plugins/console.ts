import * as fs from "node:fs";
import * as path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/**
 * Where the built console is: `dist/console` beside the compiled backend (the package, a checkout after
 * set-up), or the checkout's `dist/console` when the backend runs from its TypeScript sources (tests).
 * Undefined when it was not built.
 */
export function consoleDirectory(): string | undefined {
  const candidates = [path.join(__dirname, "..", "..", "console"), path.join(__dirname, "..", "..", "dist", "console")];
  return candidates.find((dir) => fs.existsSync(path.join(dir, "index.html")));
}

/**
 * The console's own policy: scripts, styles and API calls only from this origin (no CDN, no eval, no inline
 * script), never framed, no referrer; the page holds a credential in session storage, so nothing else may run.
 */
const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
} as const;

/**
 * Serves the console's files at `/` (same origin as the API, so it needs no CORS), one route per built file
 * (`wildcard: false`: any other path stays the API's 404 envelope). The routes need no credential; the
 * pages call the API with the one the user signs in with. Does nothing when the console was not built.
 */
export async function registerConsole(app: FastifyInstance, root = consoleDirectory()): Promise<void> {
  if (root === undefined) return;
  await app.register(async (scope) => {
    scope.addHook("onRoute", (route) => void (route.config = { ...route.config, public: true, consoleFile: true }));
    await scope.register(fastifyStatic, {
      root, wildcard: false, index: "index.html", serveDotFiles: false,
      setHeaders: (res) => { for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value); },
    });
  });
}
