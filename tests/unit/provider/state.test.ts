import { createKey } from "../../../provider/idempotency";
import { formatIdentity, identityOf, storedState } from "../../../provider/state";

const owner = { stack: "acme/app/dev#8d3c0f0e-7f1a-4c55-9a55-2b1a0d7e4c11", resource: "urn:pulumi:dev::app::pulumi-nodejs:dynamic/perplexity:Member::ann smith" };

describe("the identity in a resource's inputs", () => {
  it("reads the current one-string form back into the stack instance and the URN, spaces in the name included", () => {
    expect(identityOf({ __identity: formatIdentity(owner) })).toEqual({ owner });
  });

  it("reads the object 0.1 SDKs sent as the same owner", () => {
    expect(identityOf({ __identity: { ...owner } })).toEqual({ owner });
  });

  it("keeps the string of SDKs before owner claims as a legacy identity, even when its name holds a space and a #", () => {
    expect(identityOf({ __identity: "proj/dev/Member/ann #1 urn:pulumi:x" })).toEqual({ legacy: "proj/dev/Member/ann #1 urn:pulumi:x" });
  });

  it("is absent when the inputs carry none, an empty one or one of another shape", () => {
    expect(identityOf({})).toEqual({});
    expect(identityOf({ __identity: "" })).toEqual({});
    expect(identityOf({ __identity: { stack: "s" } })).toEqual({});
  });

  it("derives the same idempotency key from the string as from the 0.1 object, so a re-run across an upgrade replays", () => {
    const inputs = { groupId: "grp_1", email: "ann@example.com", role: "member" };
    expect(createKey({ ...inputs, __identity: formatIdentity(owner) }, 0)).toBe(createKey({ ...inputs, __identity: owner }, 0));
    expect(createKey({ ...inputs, __identity: "proj/dev/Member/ann" }, 0)).not.toBe(createKey({ ...inputs, __identity: owner }, 0));
  });
});

describe("stored state", () => {
  it("drops the schemaVersion that 0.1 wrote into every resource's outputs, with the provider", () => {
    expect(storedState({ email: "a@example.com", schemaVersion: 1, __provider: "x" })).toEqual({ email: "a@example.com" });
  });
});
