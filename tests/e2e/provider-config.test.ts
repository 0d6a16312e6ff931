import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../cli/engine";
import { startTestBackend, type TestBackend } from "../helpers/backend";
import { userProject, type UserProject } from "./helpers/user-project";

// Configuration mistakes fail `pulumi preview` (the CLI, in a user's project) with one error line naming
// the setting and the fix: no stack trace, no second copy of the error, no API request.

const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { Group } = require("pulumi-perplexity");

module.exports = async () => {
  const country = new pulumi.Config().get("country") ?? "US";
  const group = new Group("platform", { address: { line1: "1 Market St", city: "San Francisco", postalCode: "94105", country } });
  return { groupId: group.id };
};
`;

describe("provider configuration mistakes, at pulumi preview", () => {
  let backend: TestBackend;
  let project: UserProject;
  let source: string;

  beforeAll(async () => {
    backend = await startTestBackend();
    source = fs.mkdtempSync(path.join(os.tmpdir(), "pp-config-src-"));
    fs.writeFileSync(path.join(source, "Pulumi.yaml"), "name: config-mistakes\nruntime: nodejs\nmain: index.js\n");
    fs.writeFileSync(path.join(source, "index.js"), PROGRAM);
    project = userProject(source);
    await project.pulumi("login", project.stateUrl);
    await project.pulumi("stack", "init", "dev");
    await backend.control("POST", "stats/reset");
  });
  afterAll(async () => {
    project?.cleanup();
    fs.rmSync(source, { recursive: true, force: true });
    await backend?.close();
  });

  /** Sets exactly `config` (removing the other perplexity keys), runs preview, and returns its failure output. */
  async function failedPreview(config: Record<string, string>, env: Record<string, string> = {}): Promise<string> {
    for (const key of ["perplexity:apiKey", "perplexity:baseUrl", "perplexity:maxConcurrency"]) await project.pulumi("config", "rm", key);
    for (const [key, value] of Object.entries(config)) await project.pulumi("config", "set", ...(key.endsWith("apiKey") ? ["--secret"] : []), key, value);
    const result = await project.run("pulumi", ["preview"], { env });
    expect(result.code).not.toBe(0);
    return result.stdout + result.stderr;
  }

  /** The Diagnostics section's error lines. */
  const errorLines = (output: string) => output.slice(output.indexOf("Diagnostics:")).split("\n").filter((l) => /^\s*error:/.test(l)).map((l) => l.trim());

  const good = () => ({ "perplexity:baseUrl": backend.url, "perplexity:apiKey": backend.adminToken });

  it.each([
    ["no management key", () => ({ "perplexity:baseUrl": backend.url }), "The management key is not set: run `pulumi config set --secret perplexity:apiKey <key>` or set PERPLEXITY_API_KEY."],
    ["a plain-http address that is not loopback", () => ({ ...good(), "perplexity:baseUrl": "http://portal.example.com" }), "perplexity:baseUrl is invalid:"],
    ["maxConcurrency 0", () => ({ ...good(), "perplexity:maxConcurrency": "0" }), 'perplexity:maxConcurrency must be a whole number from 1 to 64 (requests in flight at once), not "0".'],
    ["maxConcurrency 65", () => ({ ...good(), "perplexity:maxConcurrency": "65" }), 'perplexity:maxConcurrency must be a whole number from 1 to 64 (requests in flight at once), not "65".'],
    ["maxConcurrency abc", () => ({ ...good(), "perplexity:maxConcurrency": "abc" }), 'perplexity:maxConcurrency must be a whole number from 1 to 64 (requests in flight at once), not "abc".'],
  ])("%s: one error line naming the setting, no stack trace", async (_what, config, message) => {
    const output = await failedPreview(config());
    expect(errorLines(output)).toEqual([expect.stringContaining(`Group resource 'platform' has a problem: ${message}`)]);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain(backend.adminToken);
  });

  it("an invalid country fails with the message the README shows", async () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const shown = /`(… Group resource 'platform': property address value \{…\} has a problem: address\.country[^`]*)`/.exec(readme)?.[1];
    expect(shown).toBeDefined();
    await project.pulumi("config", "set", "country", "XX");
    const output = await failedPreview(good());
    await project.pulumi("config", "rm", "country");
    const [line] = errorLines(output);
    const [prefix = "", suffix = ""] = (shown ?? "").replace(/^… /, "").split("{…}");
    expect(line).toContain(prefix);
    expect(line).toContain(suffix);
  });

  it("none of them reached the API, and with the settings right, preview passes", async () => {
    const stats = (await backend.control("GET", "stats")) as { requests: { total: number } };
    expect(stats.requests.total).toBe(0);
    for (const [key, value] of Object.entries(good())) await project.pulumi("config", "set", ...(key.endsWith("apiKey") ? ["--secret"] : []), key, value);
    await project.pulumi("config", "rm", "perplexity:maxConcurrency");
    await project.pulumi("preview");
  });
});
