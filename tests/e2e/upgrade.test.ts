import * as fs from "node:fs";
import * as path from "node:path";
import { Group } from "pulumi-perplexity";
import { repoRoot } from "../../cli/engine";
import { withStack } from "./helpers/stack";

/**
 * Installs a build of the implementation package into `dir`. The directory gets its own package.json, so a
 * provider process started there resolves `pulumi-perplexity/provider` from its node_modules (not the
 * checkout's self-reference); each build logs which version ran which method, then delegates.
 */
function installImplementation(dir: string, version: string): void {
  const pkg = path.join(dir, "node_modules", "pulumi-perplexity");
  // The stack's directory links this checkout as pulumi-perplexity: replace the link (never write through it).
  if (fs.lstatSync(pkg, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(pkg);
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "upgrade-test", private: true }));
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "pulumi-perplexity", version, exports: { "./provider": "./provider.js" } }));
  fs.writeFileSync(path.join(pkg, "provider.js"), `
const real = require(${JSON.stringify(path.join(repoRoot, "dist", "provider", "index.js"))});
const log = (line) => require("fs").appendFileSync(${JSON.stringify(path.join(dir, "calls.log"))}, line + "\\n");
exports.dispatch = (kind, config) => {
  const impl = real.dispatch(kind, config);
  const traced = {};
  for (const [method, fn] of Object.entries(impl)) traced[method] = (...args) => { log(${JSON.stringify(version)} + " " + method); return fn(...args); };
  return traced;
};
`);
}

const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

describe("upgrading the implementation without an up in between", () => {
  it("refresh and destroy of resources made by v1 run the installed v2, proving the thin shim", () =>
    withStack(async () => ({}), () => async () => ({ id: new Group("upgraded", { address }).id }),
      async ({ backend, stack, dir }) => {
        installImplementation(dir, "1.0.0");
        const id = (await stack.up()).outputs.id?.value as string;
        const shimBefore = JSON.stringify((await stack.exportStack()).deployment.resources.map((r: { inputs?: { __provider?: string } }) => r.inputs?.__provider));
        installImplementation(dir, "2.0.0");
        await stack.refresh();
        await stack.destroy();

        const calls = fs.readFileSync(path.join(dir, "calls.log"), "utf8").trim().split("\n");
        expect(calls).toContain("1.0.0 create");
        expect(calls).toContain("2.0.0 read");
        expect(calls).toContain("2.0.0 delete");
        expect(calls.filter((c) => c.startsWith("1.0.0")).every((c) => !/read|delete/.test(c))).toBe(true);
        expect(shimBefore).not.toContain("dispatch = (kind");
        await expect(backend.client.groups.retrieve(id)).rejects.toMatchObject({ code: "group_not_found" });
      }));
});
