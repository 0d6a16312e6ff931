import { checkFailureMessage } from "../../../../sdk/testing/check-failure";

const type = "pulumi-nodejs:dynamic/perplexity:Group";

describe("check failures read as the engine prints them", () => {
  it("a string value is printed in braces", () => {
    expect(checkFailureMessage(type, "g", { name: " x " }, { property: "name", reason: "name must not start or end with whitespace" }))
      .toBe("pulumi-nodejs:dynamic/perplexity:Group resource 'g': property name value { x } has a problem: name must not start or end with whitespace");
  });

  it("a missing value is printed as <nil>", () => {
    expect(checkFailureMessage(type, "g", {}, { property: "address", reason: "address is required" }))
      .toBe("pulumi-nodejs:dynamic/perplexity:Group resource 'g': property address value {<nil>} has a problem: address is required");
  });

  it("an object is printed as a Go map with its keys sorted, a list with spaces", () => {
    const inputs = { address: { line1: "1 Main St", country: "XX", lines: ["a", 2, true] } };
    expect(checkFailureMessage(type, "g", inputs, { property: "address", reason: "r" }))
      .toContain("property address value {map[country:{XX} line1:{1 Main St} lines:{[{a} {2} {true}]}]} has a problem: r");
  });

  it("a failure without a property names only the resource", () => {
    expect(checkFailureMessage(type, "g", {}, { property: "", reason: "r" })).toBe("pulumi-nodejs:dynamic/perplexity:Group resource 'g' has a problem: r");
  });
});
