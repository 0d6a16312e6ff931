import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { outputValue, setPerplexityMocks } from "pulumi-perplexity/testing";
import teamRosterWithPetKeys = require("./pet-keys");

const words = ["brave", "calm", "eager", "otter", "heron", "lynx", "badger", "finch"];

/** `random.RandomPet` under mocks: `length` words after the prefix, the same for the same keepers. */
const randomMocks: Partial<pulumi.runtime.Mocks> = {
  newResource: ({ type, name, inputs }) => {
    if (type !== "random:index/randomPet:RandomPet") throw new Error(`no mock for ${type}`);
    const digest = createHash("sha256").update(JSON.stringify([name, inputs.keepers ?? {}])).digest();
    const pet = Array.from({ length: inputs.length ?? 2 }, (_, i) => words[digest[i]! % words.length]);
    const separator = inputs.separator ?? "-";
    return { id: [inputs.prefix, ...pet].filter(Boolean).join(separator), state: { ...inputs, separator } };
  },
};

async function deploy() {
  await setPerplexityMocks(randomMocks, { project: "perplexity-team-roster", stack: "dev" });
  return teamRosterWithPetKeys();
}

describe("the team roster with a pet-named API key per person", () => {
  it("gives each person on the roster one key named after them and a pet", async () => {
    const outputs = await deploy();
    const keys = await outputValue(pulumi.output(outputs.keys));
    expect(keys.map((k) => k.name)).toEqual([
      expect.stringMatching(/^ada-[a-z]+-[a-z]+$/),
      expect.stringMatching(/^grace-[a-z]+-[a-z]+$/),
      expect.stringMatching(/^linus-[a-z]+-[a-z]+$/),
    ]);
    for (const key of keys) expect(key.tokenHint).toMatch(/^pplx-…[A-Za-z0-9]{4}$/);
  });

  it("keeps the same names on every run", async () => {
    const names = async () => (await outputValue(pulumi.output((await deploy()).keys))).map((k) => k.name);
    expect(await names()).toEqual(await names());
  });

  it("still makes everyone a member with their role", async () => {
    const outputs = await deploy();
    const members = await outputValue(pulumi.output(outputs.members));
    expect(members.map((m) => `${m.email} ${m.role}`)).toEqual(["ada@example.com admin", "grace@example.com member", "linus@example.com member"]);
  });
});
