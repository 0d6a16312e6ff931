import * as pulumi from "@pulumi/pulumi";
import { builtinModules } from "node:module";
import { shims } from "../../../sdk/shim";

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

      it("is smaller than 4 KiB", () => {
        expect(Buffer.byteLength(text)).toBeLessThan(4096);
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
