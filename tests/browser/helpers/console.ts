import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startTestBackend, type TestBackend } from "../../helpers/backend";

// The same place and instructions as the set-up step that installs it (tools/setup-browser.js).
const { CHROMIUM, HOW } = require("../../../tools/setup-browser") as { CHROMIUM: string; HOW: string };

/** One test file's browser, backend and artifact folder. */
export interface ConsoleHarness {
  readonly backend: TestBackend;
  readonly browser: Browser;
  /** This file's temporary folder: screenshots land in `<artifacts>/screenshots`. */
  readonly artifacts: string;
  /** A new browser context (its own session storage) on the console, signed in with `token` (default the management key). */
  signIn(token?: string): Promise<{ page: Page; context: BrowserContext }>;
  /** Signs in as {@link signIn} does, runs `use` on the page, and closes the context however `use` ends. */
  signedIn<T>(use: (page: Page, context: BrowserContext) => Promise<T>, token?: string): Promise<T>;
  /** Saves a full-page screenshot as `<artifacts>/screenshots/<name>.png` and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
}

/**
 * Launches Debian's Chromium headless with its home under `dir` (it writes crash-report and dconf folders
 * there, which must not land in the user's home), or fails saying how to install it.
 */
export async function launchChromium(dir: string): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`The browser tests need Chromium at ${CHROMIUM}: ${HOW}.`);
  const home = path.join(dir, "home");
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), XDG_CACHE_HOME: path.join(home, ".cache") };
  // Root (as in CI containers) cannot use Chromium's sandbox.
  const args = ["--disable-breakpad", ...(process.getuid?.() === 0 ? ["--no-sandbox"] : [])];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args, env: env as Record<string, string> });
}

/**
 * Starts one backend (test mode, in memory, on 127.0.0.1:0) and one Chromium for the enclosing test file,
 * and stops both after it. `backend` lets a file bring its own (e.g. a shared database file).
 */
export function useConsole(name: string, backend: () => Promise<TestBackend> = () => startTestBackend()): ConsoleHarness {
  let state: { backend: TestBackend; browser: Browser; artifacts: string } | undefined;
  const get = () => {
    if (state === undefined) throw new Error("useConsole's beforeAll has not run");
    return state;
  };
  beforeAll(async () => {
    const artifacts = fs.mkdtempSync(path.join(os.tmpdir(), `pp-browser-${name}-`));
    state = { backend: await backend(), browser: await launchChromium(artifacts), artifacts };
  }, 60_000);
  afterAll(async () => {
    if (state === undefined) return;
    await state.browser.close();
    await state.backend.close();
    process.stdout.write(`[browser] ${name}: screenshots in ${path.join(state.artifacts, "screenshots")}\n`);
  });
  return {
    get backend() { return get().backend; },
    get browser() { return get().browser; },
    get artifacts() { return get().artifacts; },
    async signIn(token) {
      const { backend: b, browser } = get();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(b.url);
      await page.getByLabel("Management key or member credential").fill(token ?? b.adminToken);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Pages" }).waitFor();
      return { page, context };
    },
    async signedIn(use, token) {
      const { page, context } = await this.signIn(token);
      try {
        return await use(page, context);
      } finally {
        await context.close();
      }
    },
    async screenshot(page, shot) {
      const file = path.join(get().artifacts, "screenshots", `${shot}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

/** Opens `pageTitle` from the navigation and waits for its heading. */
export async function openPage(page: Page, pageTitle: string): Promise<void> {
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: pageTitle, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: pageTitle }).waitFor();
}
