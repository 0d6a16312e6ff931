import type * as pulumi from "@pulumi/pulumi";
import Module, { builtinModules } from "node:module";
import * as os from "node:os";
import { shimText, type ShimKind } from "../../../sdk/shim";

type Provider = Required<pulumi.dynamic.ResourceProvider>;

/** Evaluates a serialized provider the way the dynamic-provider host does: a module without a file name, then `handler()`. */
function deserialize(text: string): Provider {
  const mod = new Module("<serialized provider>") as Module & { _compile(code: string, filename: string): void };
  mod._compile(text, "");
  return (mod.exports as { handler: () => Provider }).handler();
}

const kinds: ShimKind[] = ["group", "member", "apiKey", "autoReloadPolicy", "stackInstance"];
const config = (values: Record<string, string>) => ({ config: { get: (key: string) => values[key], require: (key: string) => values[key] ?? "" } });

describe("the serialized provider shim", () => {
  for (const kind of kinds) {
    describe(kind, () => {
      const text = shimText(kind);

      // Stored twice per resource (inputs and outputs), and every stored byte slows each checkpoint write.
      it("is under 200 bytes", () => {
        expect(Buffer.byteLength(text)).toBeLessThan(200);
      });

      it("gives the host every lifecycle method, so none is ever taken for absent", () => {
        const provider = deserialize(text);
        for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"] as const) {
          expect(typeof provider[method]).toBe("function");
        }
      });

      it("requires only pulumi-perplexity/provider by name, besides Node built-ins", () => {
        const specifiers = [...text.matchAll(/require\("([^"]+)"\)|\)\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);
        const packages = specifiers.filter((s) => s && !builtinModules.includes(s.replace(/^node:/, "")));
        expect(new Set(packages)).toEqual(new Set(["pulumi-perplexity/provider"]));
      });
    });
  }
});

describe("a deserialized shim after configure", () => {
  it("delegates each call to the installed implementation, with the stack config it was given", async () => {
    const provider = deserialize(shimText("group"));
    await provider.configure(config({ "perplexity:baseUrl": "http://portal.example.com", "perplexity:apiKey": "pplx-test" }));
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

  it("fails the host's deserialization with the reason, so no provider without delete is ever cached", () => {
    process.chdir(os.tmpdir());
    expect(() => deserialize(shimText("member"))).toThrow(/Cannot find module 'pulumi-perplexity\/provider'/);
  });

  it("fails the host's deserialization when the installed implementation does not know the kind", () => {
    expect(() => deserialize(shimText("widget" as ShimKind))).toThrow(/Unknown resource kind "widget".*upgrade it/);
  });
});

describe("declaring a resource", () => {
  beforeAll(async () => {
    const runtime = (await import("@pulumi/pulumi")).runtime;
    await runtime.setMocks({ newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }), call: () => ({}) }, "project", "stack", false);
  });

  it("leaves the stack trace limit as the program set it, also when the declaration throws", async () => {
    const { Member } = await import("../../../sdk");
    Error.stackTraceLimit = 25;
    new Member("ann", { groupId: "grp_x", email: "ann@example.com", role: "admin" });
    expect(Error.stackTraceLimit).toBe(25);
    expect(() => new Member("", { groupId: "grp_x", email: "nameless@example.com", role: "admin" })).toThrow(/resource name/);
    expect(Error.stackTraceLimit).toBe(25);
    Error.stackTraceLimit = 10;
  });

  it("gives an error thrown while declaring a stack trace that leads to the program's line", async () => {
    const { Member } = await import("../../../sdk");
    const declare = function declaredInTheProgram() {
      return new Member("", { groupId: "grp_x", email: "nameless@example.com", role: "admin" });
    };
    let thrown: unknown;
    try {
      declare();
    } catch (err) {
      thrown = err;
    }
    expect((thrown as Error).stack).toMatch(/Missing resource name[\s\S]*\n\s+at new Member[\s\S]*\n\s+at declaredInTheProgram/);
  });
});
