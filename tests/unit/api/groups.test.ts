import { CreateGroupRequest, TaxId } from "../../../api";

const address = { line1: "1 Main St", city: "San Francisco", state: "CA", postal_code: "94105", country: "US" };

describe("group contract", () => {
  it("accepts a group with a valid address and tax id", () => {
    const parsed = CreateGroupRequest.safeParse({ name: "Acme", address, tax_id: { type: "us_ein", value: "12-3456789" } });
    expect(parsed.success).toBe(true);
  });

  it("rejects an unknown country code and names the field", () => {
    const parsed = CreateGroupRequest.safeParse({ name: "Acme", address: { ...address, country: "XX" } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["address", "country"]);
  });

  it("rejects a tax id that does not match its type's format", () => {
    const parsed = TaxId.safeParse({ type: "gb_vat", value: "123" });
    expect(parsed.error?.issues[0]?.message).toMatch(/valid gb_vat \(expected the form GB123456789\)/);
  });

  it("rejects unknown fields so typos are not silently ignored", () => {
    expect(CreateGroupRequest.safeParse({ name: "Acme", address, taxid: {} }).success).toBe(false);
  });
});
