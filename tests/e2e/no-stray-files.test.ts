import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { repoRoot } from "../../cli/engine";
import { startTestBackend, type TestBackend } from "../helpers/backend";
import { runCommand } from "./helpers/user-project";

// What set-up, the Automation API helpers (the inline path) and the CLI path write stays in their own
// directories: nothing in HOME, nothing in the account's ~/.pulumi (which the CLI takes from /etc/passwd,
// not from HOME), nothing new or changed in the checkout outside its ignored .tools/, .data/ and dist/.

/** Every file under `dir` with its size and modification time. */
function snapshot(dir: string): Map<string, string> {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => {
    const stat = fs.lstatSync(path.join(dir, f));
    return [f, `${stat.size} ${stat.mtimeMs}`];
  }));
}

/**
 * The files of `dir` new or changed since `before` that this test's processes wrote. On a shared machine other
 * processes may write into the account's ~/.pulumi at the same time (newer CLIs log every command to
 * logs/, gzipped, naming the PULUMI_* variables set), so a log counts only when it names `marker`.
 */
function writtenSince(dir: string, before: Map<string, string>, marker: string): string[] {
  return [...snapshot(dir)].filter(([f, stamp]) => before.get(f) !== stamp && !fs.statSync(path.join(dir, f)).isDirectory()).map(([f]) => f)
    .filter((f) => {
      if (!f.startsWith(`logs${path.sep}`)) return true;
      const raw = fs.readFileSync(path.join(dir, f));
      let text: string;
      try {
        text = zlib.gunzipSync(raw).toString("utf8");
      } catch {
        text = raw.toString("utf8");
      }
      return text.includes(marker);
    });
}

const gitStatus = () => spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: repoRoot, encoding: "utf8" }).stdout;

// Runs an inline program's up and destroy through cli/engine (PulumiCommand.get, stack init, config, up).
const INLINE = `
const { inlineStack } = require(${JSON.stringify(path.join(repoRoot, "dist", "cli", "engine.js"))});
const { Group } = require("pulumi-perplexity");
(async () => {
  const [work, state, baseUrl, apiKey] = process.argv.slice(1);
  const stack = await inlineStack({ projectName: "stray-files", stackName: "check", workDir: work, stateDir: state,
    program: async () => ({ id: new Group("g", { address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" } }).id }) });
  await stack.setConfig("perplexity:baseUrl", { value: baseUrl });
  await stack.setConfig("perplexity:apiKey", { value: apiKey, secret: true });
  await stack.up();
  await stack.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("what the engine helpers and set-up write", () => {
  let backend: TestBackend;
  let tmp: string;
  beforeAll(async () => {
    backend = await startTestBackend();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pp-stray-"));
  });
  afterAll(async () => {
    await backend?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("set-up and an inline program's up and destroy, run with HOME an empty directory and no PULUMI_HOME, write nothing to HOME, ~/.pulumi or the checkout", async () => {
    const home = path.join(tmp, "home");
    fs.mkdirSync(home);
    const accountPulumi = path.join(os.userInfo().homedir, ".pulumi");
    const before = { account: snapshot(accountPulumi), git: gitStatus() };
    const marker = `PULUMI_STRAY_FILES_CHECK_${process.pid}`;
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(PULUMI_|PERPLEXITY_)/.test(e[0])));
    env.HOME = home;
    env[marker] = "1";

    // Asynchronously: the backend answering the program runs in this process.
    const setup = await runCommand(process.execPath, [path.join(repoRoot, "tools", "setup.js"), "--quiet"], { cwd: repoRoot, env });
    expect([setup.code, setup.stderr]).toEqual([0, ""]);
    // The program's directory resolves pulumi-perplexity through node_modules, as a user's project does.
    const work = path.join(tmp, "work");
    fs.mkdirSync(path.join(work, "node_modules"), { recursive: true });
    fs.symlinkSync(repoRoot, path.join(work, "node_modules", "pulumi-perplexity"));
    fs.symlinkSync(path.join(repoRoot, "node_modules", "@pulumi"), path.join(work, "node_modules", "@pulumi"));
    const inline = await runCommand(process.execPath, ["-e", INLINE, work, path.join(tmp, "state"), backend.url, backend.adminToken], { cwd: work, env });
    expect(inline).toMatchObject({ code: 0 }); // its stderr holds only Node's warnings about dependencies
    const stats = (await backend.control("GET", "stats")) as { requests: { total: number } };
    expect(stats.requests.total).toBeGreaterThan(0); // the group was created, then destroyed:
    expect((await backend.client.groups.list()).data).toEqual([]);

    expect(fs.readdirSync(home)).toEqual([]);
    expect(writtenSince(accountPulumi, before.account, marker)).toEqual([]);
    expect(gitStatus()).toBe(before.git);
    expect(fs.readdirSync(path.join(tmp, "state", "home")).length).toBeGreaterThan(0); // PULUMI_HOME was used, there
  });
});
