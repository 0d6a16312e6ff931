import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../cli/engine";
import { startBackendProcess, type BackendProcess } from "./helpers/backend-process";
import { userProject, type UserProject } from "./helpers/user-project";

// `npm start` (node dist/cli/start.js after set-up) applies the repository root's Pulumi.yaml through the
// pulumi CLI and the Node language host. It runs here in a copy of the root project (Pulumi.yaml,
// package.json, dist/), so it keeps its .data/ there rather than in the checkout. Then the quickstart
// README's other path runs in the same directory: `npm run backend` on the same database, and the user's own
// CLI with its own state backend and passphrase. Tests build on each other.

const readme = fs.readFileSync(path.join(repoRoot, "examples", "quickstart", "README.md"), "utf8");

describe("npm start and the quickstart with your own Pulumi CLI, in one directory", () => {
  let project: UserProject;
  let backend: BackendProcess | undefined;
  const start = () => project.run(process.execPath, [path.join(repoRoot, "dist", "cli", "start.js"), "--once", "--port", "0"]);
  const groups = async () => (await backend!.client.groups.list({ limit: 100 })).data.map((g) => g.name).sort();

  beforeAll(() => {
    project = userProject(repoRoot, { only: ["Pulumi.yaml", "package.json"] });
    fs.symlinkSync(path.join(repoRoot, "dist"), path.join(project.dir, "dist"));
  });
  afterAll(async () => {
    await backend?.close();
    project?.cleanup();
  });

  it("npm start -- --once applies the quickstart through the CLI, and a second run reports no changes", async () => {
    const first = await start();
    expect([first.code, first.stderr]).toEqual([0, ""]);
    expect(first.stdout).toContain("+ 3 created");
    expect(first.stdout).toMatch(/groupName\s*: "Quickstart Inc\."/);
    const second = await start();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("No changes: the account already matches the program.");
  });

  it("npm run backend without --db opens npm start's database with the key in .data/admin-token", async () => {
    const adminToken = fs.readFileSync(path.join(project.dir, ".data", "admin-token"), "utf8").trim();
    backend = await startBackendProcess(["--port", "0"], { cwd: project.dir, adminToken });
    expect(backend.logs()).toContain("Management key: the one in .data/admin-token");
    expect(backend.logs()).not.toContain(adminToken);
    expect(await groups()).toEqual(["Quickstart Inc."]);
  });

  it("the README's own-CLI steps work beside npm start's stack: stack init dev with another passphrase and state backend", async () => {
    await project.pulumi("login", project.stateUrl);
    await project.pulumi("stack", "init", "dev");
    await project.pulumi("config", "set", "perplexity:baseUrl", backend!.url);
    await project.pulumi("config", "set", "--secret", "perplexity:apiKey", backend!.adminToken);
    const preview = await project.pulumi("preview");
    expect(preview).toContain("+ 3 to create");
    expect(readme).toContain("`+ 3 to create`");
    await project.pulumi("up", "--yes");
    expect(await groups()).toEqual(["Quickstart Inc.", "Quickstart Inc."]);
    await project.pulumi("refresh", "--yes", "--skip-preview");
    await project.pulumi("preview", "--expect-no-changes");
    await project.pulumi("destroy", "--yes");
    expect(await groups()).toEqual(["Quickstart Inc."]);
  });
});
