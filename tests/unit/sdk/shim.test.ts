import * as pulumi from "@pulumi/pulumi";
import Module, { builtinModules } from "node:module";
import * as os from "node:os";
import { shims } from "../../../sdk/shim";

/** Evaluates a serialized provider the way the dynamic-provider host does: a module without a file name. */
function deserialize(text: string): Record<string, unknown> & Required<Pick<pulumi.dynamic.ResourceProvider, "configure" | "check">> {
  const mod = new Module("<serialized provider>") as Module & { _compile(code: string, filename: string): void };
  mod._compile(text, "");
  return (mod.exports as { handler: () => never }).handler();
}

describe("the serialized provider shim", () => {
  const canary = "pplx-canary-3f9c7d";

  beforeAll(() => {
    process.env.PERPLEXITY_API_KEY = canary;
  });

  afterAll(() => {
    delete process.env.PERPLEXITY_API_KEY;
  });

  for (const [kind, shim] of Object.entries(shims)) {
    describe(kind, () => {
      let text: string;
      let containsSecrets: boolean;

      beforeAll(async () => {
        // The same call dynamic.Resource makes when it stores __provider in state.
        ({ text, containsSecrets } = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true }));
      });

      // Stored twice per resource (inputs and outputs): two copies must leave room in 4 KiB for the rest.
      it("is under 1,000 bytes", () => {
        expect(Buffer.byteLength(text)).toBeLessThan(1000);
      });

      it("fails its lifecycle calls until configure has succeeded, so the host never takes them for absent", async () => {
        const provider = deserialize(text);
        for (const method of ["check", "diff", "create", "read", "update", "delete"]) {
          await expect((provider[method] as () => Promise<unknown>)()).rejects.toThrow(/was not configured/);
        }
      });

      it("contains no token and no secret", () => {
        expect(text).not.toContain(canary);
        expect(containsSecrets).toBe(false);
      });

      it("requires only pulumi-perplexity/provider by name, besides Node built-ins", () => {
        const specifiers = [...text.matchAll(/require\("([^"]+)"\)|(?:load|\))\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);
        const packages = specifiers.filter((s) => s && !builtinModules.includes(s.replace(/^node:/, "")));
        expect(new Set(packages)).toEqual(new Set(["pulumi-perplexity/provider"]));
      });
    });
  }
});

describe("a deserialized shim after configure", () => {
  it("delegates each call to the installed implementation, with the stack config it was given", async () => {
    const provider = deserialize((await pulumi.runtime.serializeFunction(() => shims.group, { allowSecrets: true })).text);
    const values: Record<string, string> = { "perplexity:baseUrl": "http://portal.example.com", "perplexity:apiKey": "pplx-test" };
    await provider.configure({ config: { get: (key: string) => values[key], require: (key: string) => values[key] ?? "" } });
    const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "de" };
    // The configured (plain-http, non-loopback) address reaches the implementation: check names it beside the
    // inputs' own failure, and create refuses to call it.
    expect((await provider.check({}, { name: "Acme", address })).failures).toEqual([
      { property: "", reason: expect.stringMatching(/^perplexity:baseUrl is invalid/) }, expect.objectContaining({ property: "address" }),
    ]);
    await expect((provider.create as (inputs: unknown) => Promise<unknown>)({ name: "Acme", address: { ...address, country: "DE" } }))
      .rejects.toThrow(/perplexity:baseUrl is invalid/);
  });
});

describe("a deserialized shim whose implementation cannot be loaded", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it("fails configure with the reason, then fails every call instead of reporting success", async () => {
    const provider = deserialize((await pulumi.runtime.serializeFunction(() => shims.member, { allowSecrets: true })).text);
    process.chdir(os.tmpdir());
    await expect(provider.configure({ config: { get: () => undefined, require: () => "" } })).rejects.toThrow(/Cannot find module 'pulumi-perplexity\/provider'/);
    await expect((provider.delete as (id: string, props: object) => Promise<void>)("mem_1", {})).rejects.toThrow(/was not configured/);
  });
});
