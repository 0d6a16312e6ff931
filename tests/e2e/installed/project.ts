import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createClient, type PerplexityClient } from "../../../client";
import { engineEnv, repoRoot } from "../../../cli/engine";
import { BACKEND_PACKAGES } from "../../../cli/backend";
import { installedVersion, run, runOk, userEnv, type CommandResult } from "./npm";
import { pack } from "./tarball";

/** A backend started with `npx pulumi-perplexity backend` in the project. */
export interface InstalledBackend {
  /** What it printed for scripts: PERPLEXITY_BASE_URL and PERPLEXITY_API_KEY, the provider's environment variables. */
  readonly env: Record<string, string>;
  /** A client with the printed address and management key. */
  readonly client: PerplexityClient;
  close(): Promise<void>;
}

/** A user's Pulumi project in its own temporary directory, outside the repository. */
export interface InstalledProject {
  readonly dir: string;
  /** Runs `npx --no <args>` in the project (never downloading what is not installed). */
  npx(args: readonly string[]): Promise<CommandResult>;
  /** Installs the backend's optional peer packages, at the versions this checkout uses. */
  installBackendPackages(): Promise<void>;
  startBackend(): Promise<InstalledBackend>;
  /** Runs the pulumi CLI in the project with `env` added; returns stdout. @throws Error when it fails. */
  pulumi(args: readonly string[], env: Record<string, string>): Promise<string>;
  cleanup(): Promise<void>;
}

// A program as a user writes it: the package imported by name, one object of each kind that needs no card.
const PROGRAM = `import { ApiKey, Group, Member } from "pulumi-perplexity";

const group = new Group("team", {
  name: "Installed from the tarball",
  address: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" },
});
new Member("ada", { groupId: group.id, email: "ada@example.com", role: "member" });
const key = new ApiKey("ci", { groupId: group.id });

export const groupId = group.id;
export const keyId = key.id;
`;

// The tsconfig.json that `pulumi new typescript` writes (pulumi/templates typescript/, August 2026).
const TSCONFIG = {
  compilerOptions: {
    strict: true, outDir: "bin", target: "es2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true,
    experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/**
 * Packs this checkout, and creates a project in a new temporary directory as `pulumi new typescript` would
 * (@pulumi/pulumi, typescript and @types/node at the versions this checkout uses, from the npm cache or
 * registry), then `npm install`s the tarball into it. Scripts are not run: this package has none, and the
 * backend's native module is placed as its prebuilt-binary installer would place it (see installBackendPackages).
 */
export async function installedProject(): Promise<InstalledProject> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pp-installed-"));
  const dir = path.join(tmp, "project");
  const env = userEnv(path.join(tmp, "npm-logs"));
  const ours = (name: string) => installedVersion(repoRoot, name);
  try {
    const { tarball } = await pack(repoRoot, env, tmp);
    fs.mkdirSync(dir);
    const write = (file: string, content: unknown) =>
      fs.writeFileSync(path.join(dir, file), typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
    write("package.json", {
      name: "installed-program", version: "1.0.0", private: true, main: "index.ts",
      dependencies: { "@pulumi/pulumi": ours("@pulumi/pulumi") },
      devDependencies: { "@types/node": ours("@types/node"), typescript: ours("typescript") },
    });
    write("Pulumi.yaml", "name: installed-program\nruntime: nodejs\nmain: index.ts\n");
    write("tsconfig.json", TSCONFIG);
    write("index.ts", PROGRAM);
    await runOk("npm", ["install", "--ignore-scripts", tarball], dir, env);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const stateDir = path.join(tmp, "pulumi");
  return {
    dir,
    npx: (args) => run("npx", ["--no", ...args], dir, env),
    async installBackendPackages() {
      await runOk("npm", ["install", "--save-dev", "--ignore-scripts", ...BACKEND_PACKAGES.map((name) => `${name}@${ours(name)}`)], dir, env);
      // What better-sqlite3's prebuild-install does for users: put the binary for this Node's ABI in
      // build/Release. Ours is the one set-up compiled for the Node running this test, same version.
      const release = path.join("node_modules", "better-sqlite3", "build", "Release");
      fs.mkdirSync(path.join(dir, release), { recursive: true });
      fs.copyFileSync(path.join(repoRoot, release, "better_sqlite3.node"), path.join(dir, release, "better_sqlite3.node"));
    },
    startBackend: () => startBackend(dir, env),
    pulumi: (args, extra) => runOk("pulumi", args, dir, { ...env, ...engineEnv(stateDir), ...extra }),
    async cleanup() {
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Starts `npx pulumi-perplexity backend --port 0 --test-mode` and reads the variables it prints. */
async function startBackend(dir: string, env: NodeJS.ProcessEnv): Promise<InstalledBackend> {
  // Its own process group, so stopping it stops npx and the node process npx started.
  const child = spawn("npx", ["--no", "pulumi-perplexity", "backend", "--port", "0", "--test-mode"], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  let output = "";
  const printed = await new Promise<Record<string, string>>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const vars = Object.fromEntries([...output.matchAll(/^(PERPLEXITY_BASE_URL|PERPLEXITY_API_KEY)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      if (vars.PERPLEXITY_BASE_URL && vars.PERPLEXITY_API_KEY) resolve(vars as Record<string, string>);
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    const shown = () => output.replace(/pplx-admin-\S+/g, "[secret]");
    child.on("exit", (code) => reject(new Error(`the backend exited (${String(code)}) before printing its address and key:\n${shown()}`)));
  });
  return {
    env: printed,
    client: createClient({ baseUrl: printed.PERPLEXITY_BASE_URL as string, apiKey: printed.PERPLEXITY_API_KEY as string }),
    async close() {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}
