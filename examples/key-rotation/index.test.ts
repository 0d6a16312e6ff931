import * as pulumi from "@pulumi/pulumi";
import { outputValue, setPerplexityMocks } from "pulumi-perplexity/testing";
import keyRotation = require("./index");

/** Runs the program as stack `dev` with this `rotation`, returning its outputs as they are (Outputs). */
async function deploy(rotation: string) {
  await setPerplexityMocks({}, { project: "perplexity-key-rotation", stack: "dev" });
  pulumi.runtime.setAllConfig({ "perplexity-key-rotation:rotation": rotation });
  const outputs = await keyRotation();
  return {
    groupId: await outputValue(outputs.groupId),
    keyId: await outputValue(outputs.keyId),
    token: await outputValue(outputs.token),
    tokenIsSecret: await pulumi.isSecret(outputs.token),
    tokenHint: await outputValue(outputs.tokenHint),
  };
}

describe("the key-rotation program", () => {
  it("exports the key's token as a secret, with a hint that shows only its last four characters", async () => {
    const dev = await deploy("2026-11");
    expect(dev.tokenIsSecret).toBe(true);
    expect(dev.token).toMatch(/^pplx-[A-Za-z0-9]{48}$/);
    expect(dev.tokenHint).toBe(`pplx-…${dev.token.slice(-4)}`);
  });

  it("a new rotation value changes only the key: a new id and token, the same group", async () => {
    const before = await deploy("2026-11");
    const after = await deploy("2026-12");
    expect(after.groupId).toBe(before.groupId);
    expect(after.keyId).not.toBe(before.keyId);
    expect(after.token).not.toBe(before.token);
  });

  it("the same rotation value keeps the same key", async () => {
    expect((await deploy("2026-11")).keyId).toBe((await deploy("2026-11")).keyId);
  });
});
