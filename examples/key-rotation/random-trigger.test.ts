import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { runProgram, setPerplexityMocks } from "pulumi-perplexity/testing";
import keyRotationWithRandomId = require("./random-trigger");

/**
 * `random.RandomId` under mocks, as its provider behaves: `byteLength` random bytes, kept until a keeper
 * changes. The bytes are derived from the name and the keepers, so a run with the same keepers gets the
 * same id, as `pulumi up` would keep it.
 */
const randomMocks: Partial<pulumi.runtime.Mocks> = {
  newResource: ({ type, name, inputs }) => {
    if (type !== "random:index/randomId:RandomId") throw new Error(`no mock for ${type}`);
    const bytes = createHash("sha256").update(JSON.stringify([name, inputs.keepers ?? {}])).digest().subarray(0, inputs.byteLength);
    const b64Url = bytes.toString("base64url");
    return { id: b64Url, state: { ...inputs, hex: bytes.toString("hex"), b64Url, b64Std: bytes.toString("base64"), dec: BigInt(`0x${bytes.toString("hex")}`).toString() } };
  },
};

async function deploy(config: Record<string, string>) {
  await setPerplexityMocks(randomMocks, { project: "perplexity-key-rotation", stack: "dev" });
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [`perplexity-key-rotation:${k}`, v])));
  return runProgram(keyRotationWithRandomId);
}

describe("key rotation triggered by a random id", () => {
  it("uses the random id's hex as the rotation trigger", async () => {
    const outputs = await deploy({ rotation: "2026-11" });
    expect(outputs.rotationId).toMatch(/^[0-9a-f]{16}$/);
    expect(outputs.keyId).toMatch(/^key_[a-z0-9]{24}$/);
  });

  it("keeps the key while the keepers stay the same", async () => {
    const first = await deploy({ rotation: "2026-11" });
    const again = await deploy({ rotation: "2026-11" });
    expect(again.rotationId).toBe(first.rotationId);
    expect(again.keyId).toBe(first.keyId);
  });

  it("rotates only the key when a keeper changes: the schedule, or an incident", async () => {
    const first = await deploy({ rotation: "2026-11" });
    for (const changed of [{ rotation: "2026-12" }, { rotation: "2026-11", incident: "INC-42" }]) {
      const next = await deploy(changed);
      expect(next.rotationId).not.toBe(first.rotationId);
      expect(next.keyId).not.toBe(first.keyId);
      expect(next.token).not.toBe(first.token);
      expect(next.groupId).toBe(first.groupId);
    }
  });
});
