import { checkInputs, withDefaultName } from "../../../provider/check";
import { groupMetadata, GroupInputs } from "../../../provider/resources/group-shape";
import { memberMetadata } from "../../../provider/resources/member-shape";
import { UNKNOWN } from "../../../provider/state";

const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

describe("checkInputs", () => {
  it("fills defaults so a later diff sees no phantom change", () => {
    const result = checkInputs(GroupInputs, { name: "Acme", address, __provider: "shim" });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual({ name: "Acme", address, forceDestroy: false, __provider: "shim" });
  });

  it("names the top-level property and the nested rule in each failure", () => {
    const result = checkInputs(GroupInputs, { name: "Acme", address: { ...address, country: "Germany" } });
    expect(result.failures).toEqual([
      { property: "address", reason: "address.country must be an ISO 3166-1 alpha-2 country code in upper case, e.g. US or DE" },
    ]);
  });

  it("says a missing required property is required", () => {
    expect(checkInputs(GroupInputs, { name: "Acme" }).failures).toEqual([{ property: "address", reason: "address is required" }]);
  });

  it("reports misspelled properties instead of ignoring them", () => {
    const failures = checkInputs(GroupInputs, { name: "Acme", address, taxid: { type: "us_ein", value: "12-3456789" } }).failures;
    expect(failures?.[0]?.reason).toMatch(/unknown property taxid; remove it or check the spelling/);
  });

  it("skips values that are unknown during preview and keeps them as they are", () => {
    const result = checkInputs(GroupInputs, { name: UNKNOWN, address: { ...address, city: UNKNOWN } });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toMatchObject({ name: UNKNOWN, address: { city: UNKNOWN } });
  });
});

describe("withDefaultName", () => {
  it("defaults a left-out name to the resource's name at create only", () => {
    expect(withDefaultName(groupMetadata, {}, { address, __defaultName: "main" })).toEqual({ address, name: "main" });
  });

  it("keeps the name in state when the resource was renamed, with or without aliases", () => {
    expect(withDefaultName(groupMetadata, { name: "main", address }, { address, __defaultName: "platform" })).toEqual({ address, name: "main" });
  });

  it("leaves a declared name alone, and resources without a defaulted name untouched", () => {
    expect(withDefaultName(groupMetadata, { name: "main" }, { name: "Team", __defaultName: "main" })).toEqual({ name: "Team" });
    expect(withDefaultName(memberMetadata, {}, { email: "a@b.co", __defaultName: "a" })).toEqual({ email: "a@b.co" });
  });
});
