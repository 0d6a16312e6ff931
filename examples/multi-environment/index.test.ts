import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { outputValue, runProgram, setPerplexityMocks } from "pulumi-perplexity/testing";
import multiEnvironment = require("./index");

const { load } = require("js-yaml") as { load(text: string): unknown };
const project = "perplexity-multi-environment";
const groupId = "grp_0123456789abcdefghijklmn";

/** Installs the mocks for stack `stack` with its committed Pulumi.<stack>.yaml, the group id and `overrides`. */
async function useStack(stack: string, overrides: Record<string, string> = {}) {
  await setPerplexityMocks({}, { project, stack });
  const file = load(fs.readFileSync(path.join(__dirname, `${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const config = Object.fromEntries(Object.entries(file.config).map(([k, v]) => [k, String(v)]));
  const extra = Object.fromEntries(Object.entries({ groupId, ...overrides }).map(([k, v]) => [`${project}:${k}`, v]));
  pulumi.runtime.setAllConfig({ ...config, ...extra });
}

describe("the multi-environment program", () => {
  it("adopts the stack's group and names it after the environment", async () => {
    await useStack("dev");
    const outputs = await runProgram(multiEnvironment);
    expect(outputs.groupId).toBe(groupId);
    expect(outputs.groupName).toBe("Acme Research (dev)");
  });

  it("gives each environment the number of keys its stack file asks for, their tokens secret", async () => {
    for (const [stack, count] of [["dev", 1], ["prod", 2]] as const) {
      await useStack(stack);
      const outputs = await multiEnvironment();
      const tokens = await outputValue(pulumi.output(outputs.tokens));
      expect(tokens).toHaveLength(count);
      for (const token of outputs.tokens) expect(await pulumi.isSecret(token)).toBe(true);
    }
  });

  it("an auto-reload amount below the $5 minimum fails as pulumi preview would", async () => {
    await useStack("dev", { reloadAmountUsd: "2" });
    await expect(runProgram(multiEnvironment)).rejects.toThrow(
      "pulumi-nodejs:dynamic/perplexity:AutoReloadPolicy resource 'reload': property amountUsd value {2} has a problem: amountUsd must be at least $5",
    );
  });
});
