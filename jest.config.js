/**
 * The tiers of `npm test`. It runs the fast ones (unit, examples, integration) first and the engine ones
 * (e2e, chaos) after them: run together, a unit test's 5-second timeout once expired on two cores busy with
 * engine runs.
 * @type {import('jest').Config}
 */
const tsJest = ["ts-jest", { tsconfig: "tests/tsconfig.json" }];
const common = { testEnvironment: "node", transform: { "^.+\\.ts$": tsJest }, moduleFileExtensions: ["ts", "js", "json"],
  // .tools/compat/project is a copy of this package (the compatibility leg): jest's module map must not see a
  // second pulumi-perplexity there, or a later `npm test` fails to resolve the name.
  modulePathIgnorePatterns: ["<rootDir>/.tools/", "<rootDir>/.data/"],
  // Programs import the package by name, as users do; in tests that name means this checkout's sources.
  moduleNameMapper: { "^pulumi-perplexity$": "<rootDir>/sdk/index.ts", "^pulumi-perplexity/provider$": "<rootDir>/provider/index.ts",
    "^pulumi-perplexity/testing$": "<rootDir>/sdk/testing/index.ts" },
};

module.exports = {
  // No test may change the checkout (tests/global/checkout-untouched.js).
  globalSetup: "<rootDir>/tests/global/setup.js",
  globalTeardown: "<rootDir>/tests/global/teardown.js",
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/tests/unit/**/*.test.ts"] },
    // Each example's own unit tests, written as a user of the package writes them (pulumi-perplexity/testing).
    { ...common, displayName: "examples", testMatch: ["<rootDir>/examples/**/*.test.ts"] },
    { ...common, displayName: "integration", testMatch: ["<rootDir>/tests/integration/**/*.test.ts"] },
    // The console in Debian's Chromium (playwright-core), after the fast tiers; also alone with `npm run test:browser`.
    { ...common, displayName: "browser", testMatch: ["<rootDir>/tests/browser/**/*.test.ts"], setupFilesAfterEnv: ["<rootDir>/tests/e2e/setup.ts"], slowTestThreshold: 60 },
    { ...common, displayName: "e2e", testMatch: ["<rootDir>/tests/e2e/**/*.test.ts"], setupFilesAfterEnv: ["<rootDir>/tests/e2e/setup.ts"], slowTestThreshold: 120 },
    // Injected faults and killed runs against the real engine; also alone with `npm run test:chaos`.
    // schemathesis fuzzes the API against openapi.json as each role (tools/setup-contract.js installs it).
    { ...common, displayName: "contract", testMatch: ["<rootDir>/tests/contract/**/*.test.ts"], slowTestThreshold: 240 },
    { ...common, displayName: "chaos", testMatch: ["<rootDir>/tests/chaos/**/*.test.ts"], setupFilesAfterEnv: ["<rootDir>/tests/e2e/setup.ts"], slowTestThreshold: 300 },
  ],
};
