import { runProgram, setPerplexityMocks } from "pulumi-perplexity/testing";
import quickstart = require("./index");

describe("the quickstart program", () => {
  beforeEach(() => setPerplexityMocks());

  it("declares one group, named and billed as written, starting at tier_0", async () => {
    const outputs = await runProgram(quickstart);
    expect(outputs.groupId).toMatch(/^grp_[a-z0-9]{24}$/);
    expect(outputs.groupName).toBe("Quickstart Inc.");
    expect(outputs.tier).toBe("tier_0");
    expect(new Date(outputs.createdAt as string).getTime()).not.toBeNaN();
  });
});
