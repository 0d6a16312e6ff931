import { BACKEND_PACKAGES, missingBackendPackages } from "../../../cli/backend";

describe("missingBackendPackages", () => {
  const ranges = { "better-sqlite3": "^12.6.2", fastify: "^5.12.8", "fastify-type-provider-zod": "^7.0.0", "@fastify/swagger": "^9.9.3", "@fastify/static": "^9.3.0" };

  it("returns nothing when every package the backend loads is installed", () => {
    expect(missingBackendPackages(ranges, () => true)).toBeUndefined();
  });

  it("names only the missing packages, each with the range this package declares, in one npm install command", () => {
    const installed = new Set(["fastify", "@fastify/swagger", "@fastify/static"]);
    expect(missingBackendPackages(ranges, (name) => installed.has(name)))
      .toBe("npm install --save-dev better-sqlite3@'^12.6.2' fastify-type-provider-zod@'^7.0.0'");
  });

  it("asks for every backend package when none is installed", () => {
    expect(missingBackendPackages(ranges, () => false)?.split(" ").slice(3).map((s) => s.replace(/@'.*$/, ""))).toEqual([...BACKEND_PACKAGES]);
  });
});
