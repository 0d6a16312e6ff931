import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../cli/engine";
import { BACKEND_PACKAGES } from "../../cli/backend";
import { installedProject, type InstalledProject } from "./installed/project";
import { userEnv } from "./installed/npm";
import { pack, reachableFrom, type Manifest } from "./installed/tarball";

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as Manifest;

describe("the package as npm publishes it", () => {
  // No sources, tests, source maps (they would point at sources that are not shipped), build info, examples,
  // benchmarks or repository-only commands: a file ships only when the runtime loads it, plus declarations.
  it("holds exactly the compiled modules its entry points load, the declarations of its typed folders, the built console, package.json and the README", async () => {
    const logs = fs.mkdtempSync(path.join(os.tmpdir(), "pp-pack-"));
    try {
      const { files } = await pack(repoRoot, userEnv(logs));
      const reachable = [...reachableFrom(repoRoot, manifest).files];
      // Every module of a folder the public types reach ships its declaration (the folder stays one glob in
      // `files`); cli/ and backend/ are commands, with no declarations.
      const typedFolders = new Set(reachable.filter((f) => f.endsWith(".d.ts")).map((f) => f.split(path.sep).slice(0, 2).join("/")));
      const declarations = reachable.filter((f) => f.endsWith(".js") && typedFolders.has(f.split(path.sep).slice(0, 2).join("/"))).map((f) => f.replace(/\.js$/, ".d.ts"));
      // The console's built assets, which the backend serves at `/` (tools/build-console.js).
      const consoleAssets = fs.readdirSync(path.join(repoRoot, "dist", "console")).map((f) => `dist/console/${f}`);
      expect(consoleAssets).toEqual(expect.arrayContaining(["dist/console/index.html", "dist/console/app.js", "dist/console/app.css"]));
      const expected = [...new Set([...reachable, ...declarations, ...consoleAssets, "package.json", "README.md"])].sort();
      expect({ unexpected: files.filter((f) => !expected.includes(f)), missing: expected.filter((f) => !files.includes(f)) })
        .toEqual({ unexpected: [], missing: [] });
    } finally {
      fs.rmSync(logs, { recursive: true, force: true });
    }
  });

  it("declares the supported versions the README's table states: engines, the peer range, and the compatibility leg's pins", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const pins = JSON.parse(fs.readFileSync(path.join(repoRoot, "tools", "compat.json"), "utf8")) as { node: string; pulumi: string };
    const cli = /pkg\/v3 v(\S+)/.exec(fs.readFileSync(path.join(repoRoot, "tools", "pulumi-cli-latest", "go.mod"), "utf8"))?.[1];
    const engines = (manifest as Manifest & { engines: { node: string } }).engines.node;
    const peer = manifest.peerDependencies?.["@pulumi/pulumi"] as string;
    expect(readme).toContain(`| Node.js (\`engines\` \`${engines}\`) | ${engines.replace(">=", "")} | ${pins.node.split(".")[0]} (${pins.node}); 22 and 24 in between |`);
    expect(readme).toContain(`| \`@pulumi/pulumi\` (peer range \`${peer}\`) | ${peer.replace(/^\^(\d+\.\d+)\.0$/, "$1")} | ${pins.pulumi} |`);
    expect(readme).toContain(`| Pulumi CLI | ${peer.replace(/^\^(\d+\.\d+)\.0$/, "$1")} | ${cli} |`);
  });

  it("declares every package its modules import: the provider's as dependencies, the backend's as optional peers", () => {
    const { packages } = reachableFrom(repoRoot, manifest);
    const peers = manifest.peerDependencies ?? {};
    const optional = Object.keys(peers).filter((name) => manifest.peerDependenciesMeta?.[name]?.optional).sort();
    expect([...packages].filter((name) => !manifest.dependencies?.[name] && !peers[name])).toEqual([]);
    expect(optional).toEqual([...BACKEND_PACKAGES].sort());
    expect(Object.keys(peers).filter((name) => !optional.includes(name))).toEqual(["@pulumi/pulumi"]);
    // The README's install line for the backend is the one the command prints.
    const ranges = BACKEND_PACKAGES.map((name) => `${name}@'${peers[name]}'`).join(" ");
    expect(fs.readFileSync(path.join(repoRoot, "README.md"), "utf8")).toContain(`npm install --save-dev ${ranges}\n`);
  });
});

describe("a TypeScript program in a project outside the repository, with the package installed from its tarball", () => {
  let project: InstalledProject;

  beforeAll(async () => {
    project = await installedProject();
  }, 600_000);

  afterAll(async () => {
    await project?.cleanup();
  });

  it("cannot start the backend before its optional packages are installed, and prints the command that installs them", async () => {
    const r = await project.npx(["pulumi-perplexity", "backend", "--port", "0", "--test-mode"]);
    const ranges = BACKEND_PACKAGES.map((name) => `${name}@'${manifest.peerDependencies?.[name]}'`).join(" ");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`npm install --save-dev ${ranges}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it("type-checks against the published declarations under the strict settings of `pulumi new typescript`", async () => {
    await project.installBackendPackages();
    const r = await project.npx(["--", "tsc", "--noEmit"]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  }, 300_000);

  it("runs through the pulumi CLI against `npx pulumi-perplexity backend`: up creates the declared objects, preview is clean, destroy removes them", async () => {
    const backend = await project.startBackend();
    try {
      // The installed backend serves the console's pages and script from the package, as in the checkout.
      const home = await fetch(`${backend.env.PERPLEXITY_BASE_URL}/`);
      expect([home.status, await home.text()]).toEqual([200, expect.stringContaining('<script src="/app.js">')]);
      expect((await fetch(`${backend.env.PERPLEXITY_BASE_URL}/app.js`)).status).toBe(200);
      await project.pulumi(["stack", "init", "ci"], backend.env);
      const up = await project.pulumi(["up", "--yes", "--non-interactive"], backend.env);
      // The stack, the package's hidden stack-instance resource, the group, the member and the key.
      expect(up).toMatch(/\+ 5 created/);

      const outputs = JSON.parse(await project.pulumi(["stack", "output", "--json"], backend.env)) as { groupId: string; keyId: string };
      const groups = (await backend.client.groups.list()).data;
      expect(groups.map((g) => [g.id, g.name])).toEqual([[outputs.groupId, "Installed from the tarball"]]);
      expect((await backend.client.members.list(outputs.groupId)).data.map((m) => [m.email, m.role])).toEqual([["ada@example.com", "member"]]);
      expect((await backend.client.apiKeys.list(outputs.groupId)).data.map((k) => k.id)).toEqual([outputs.keyId]);

      await project.pulumi(["preview", "--expect-no-changes", "--non-interactive"], backend.env);
      await project.pulumi(["preview", "--refresh", "--expect-no-changes", "--non-interactive"], backend.env);

      await project.pulumi(["destroy", "--yes", "--non-interactive"], backend.env);
      expect((await backend.client.groups.list()).data).toEqual([]);
    } finally {
      await backend.close();
    }
  }, 600_000);
});
