import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../cli/engine";
import { writeReadmeTestingProject } from "./helpers/readme-project";
import { userEnv } from "./installed/npm";
import { pack } from "./installed/tarball";

const TOOLS = ["@pulumi/pulumi", "@pulumi/random", "jest", "ts-jest", "typescript", "@types/jest", "@types/node", "mocha"];
// Not a dependency of this repository: the one tool pinned here.
const MOCHA_VERSION = "12.0.3";

/** Packs this checkout (its built dist/) and installs the tarball with `TOOLS` into `dir`, as a user's project. */
async function packAndInstall(dir: string): Promise<void> {
  const { tarball } = await pack(repoRoot, userEnv(dir), dir);
  // The versions this repository tests with, so the install is served from the local npm cache when it can be.
  const versions = (require(path.join(repoRoot, "package.json")) as { devDependencies: Record<string, string> }).devDependencies;
  const specs = TOOLS.map((name) => `${name}@${name === "mocha" ? MOCHA_VERSION : versions[name]}`);
  // No install scripts: nothing here needs one, and the test runs no third-party code but the tools'.
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball, ...specs], { cwd: dir, stdio: "pipe", env: userEnv(dir) });
}

describe("a user's project with the packed package", () => {
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-perplexity-user-"));
    expect(writeReadmeTestingProject(dir).sort()).toEqual(["index.test.ts", "index.ts", "jest.config.js", "test/mocha.js", "tsconfig.json"]);
    await packAndInstall(dir);
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has the package from the tarball, not a link to this checkout", () => {
    const installed = path.join(dir, "node_modules", "pulumi-perplexity");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "sdk", "testing", "index.d.ts"))).toBe(true);
  });

  it("runs the README's jest tests against pulumi-perplexity/testing, and they pass", () => {
    const run = spawnSync("npx", ["jest", "--ci", "--colors=false"], { cwd: dir, encoding: "utf8" });
    expect(`${run.stdout}${run.stderr}`).toMatch(/Tests: +4 passed, 4 total/);
    expect(run.status).toBe(0);
  });

  it("runs the README's mocha tests, and they pass", () => {
    const run = spawnSync("npx", ["mocha", "--no-colors"], { cwd: dir, encoding: "utf8" });
    expect(`${run.stdout}${run.stderr}`).toMatch(/2 passing/);
    expect(run.status).toBe(0);
  });
});
