import { ApiKey, AutoReloadPolicy, Group, Member } from "pulumi-perplexity";
import { previewCases } from "./helpers/stack";

const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
const groupId = "grp_000000000000000000000000";

/** [resource, args, the property the error must name, a fragment of the rule it must state] */
type Case = [kind: string, args: Record<string, unknown>, property: string, rule: string];

const cases: Case[] = [
  ["Group", { name: "", address }, "name", "name must not be empty"],
  ["Group", { name: "x".repeat(101), address }, "name", "name must be at most 100 characters"],
  ["Group", { name: " padded ", address }, "name", "name must not start or end with whitespace"],
  ["Group", { address: { ...address, country: "XX" } }, "address", "address.country must be an ISO 3166-1 alpha-2 country code"],
  ["Group", { address: { ...address, country: "de" } }, "address", "address.country must be an ISO 3166-1 alpha-2 country code"],
  ["Group", { address: { ...address, postalCode: "!!!" } }, "address", "address.postalCode must be 1-20 letters, digits, spaces or dashes"],
  ["Group", { address: { line1: "1 Main St", postalCode: "10115", country: "DE" } }, "address", "address.city is required"],
  ["Group", { address, taxId: { type: "eu_vat", value: "123" } }, "taxId", "taxId.value is not a valid eu_vat (expected the form DE123456789)"],
  ["Group", { address, taxId: { type: "xx_vat", value: "123" } }, "taxId", 'taxId.type must be one of "eu_vat"'],
  ["Group", { address, existingGroupId: "not-a-group" }, "existingGroupId", "existingGroupId must be a group id like grp_"],
  ["Group", { adress: address }, "adress", "unknown property adress; remove it or check the spelling"],
  ["Group", { address, forceDestroy: "yes" }, "forceDestroy", "forceDestroy must be a boolean"],
  ["Member", { groupId, email: "not-an-email", role: "member" }, "email", "email must be an email address like name@example.com"],
  ["Member", { groupId, email: "", role: "member" }, "email", "email must be an email address like name@example.com"],
  ["Member", { groupId, email: "a@example.com", role: "owner" }, "role", 'role must be one of "admin", "member"'],
  ["Member", { groupId: "grp_bad", email: "a@example.com", role: "member" }, "groupId", "groupId must be a group id like grp_"],
  ["Member", { groupId, email: "a@example.com" }, "role", "role is required"],
  ["Member", { groupId, email: "a@example.com", role: "member", resendTrigger: true }, "resendTrigger", "resendTrigger must be a string or a number"],
  ["ApiKey", { groupId, name: "" }, "name", "name must not be empty"],
  ["ApiKey", { groupId, name: "k".repeat(101) }, "name", "name must be at most 100 characters"],
  ["ApiKey", { groupId: "123" }, "groupId", "groupId must be a group id like grp_"],
  ["ApiKey", { groupId, rotationTrigger: false }, "rotationTrigger", "rotationTrigger must be a string or a number"],
  ["AutoReloadPolicy", { groupId, thresholdUsd: 0, amountUsd: 25 }, "thresholdUsd", "thresholdUsd must be at least $1"],
  ["AutoReloadPolicy", { groupId, thresholdUsd: -5, amountUsd: 25 }, "thresholdUsd", "thresholdUsd must be at least $1"],
  ["AutoReloadPolicy", { groupId, thresholdUsd: 10, amountUsd: 0 }, "amountUsd", "amountUsd must be at least $5"],
  ["AutoReloadPolicy", { groupId, thresholdUsd: 10, amountUsd: 2 }, "amountUsd", "amountUsd must be at least $5"],
  ["AutoReloadPolicy", { groupId, thresholdUsd: 10, amountUsd: 50, monthlyLimitUsd: 10 }, "monthlyLimitUsd", "monthlyLimitUsd must be at least amountUsd"],
  ["AutoReloadPolicy", { groupId, thresholdUsd: 10, amountUsd: 10.005 }, "amountUsd", "amountUsd must be whole cents"],
  ["AutoReloadPolicy", { thresholdUsd: 10, amountUsd: 25 }, "groupId", "groupId is required"],
  ["AutoReloadPolicy", { groupId, thresholdUsd: "ten", amountUsd: 25 }, "thresholdUsd", "thresholdUsd must be a number"],
];

const constructors: Record<string, (name: string, args: never) => unknown> = {
  Group: (n, a) => new Group(n, a),
  Member: (n, a) => new Member(n, a),
  ApiKey: (n, a) => new ApiKey(n, a),
  AutoReloadPolicy: (n, a) => new AutoReloadPolicy(n, a),
};

describe("invalid inputs fail at preview, before any API call", () => {
  const previews = previewCases<Case>(([kind, args]) => constructors[kind]!("bad", { ...args } as never));

  beforeAll(async () => {
    await previews.backend().control("POST", "stats/reset");
  });

  it.each(cases.map((c, i) => [i + 1, ...c] as const))("case %i: %s %j names %s", async (_i, kind, args, property, rule) => {
    const failure = await previews.preview([kind, args, property, rule]);
    expect(failure).toContain(`property ${property} value`);
    expect(failure).toContain(`has a problem: ${rule}`);
  });

  it("the backend received no request for any of them", async () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    const stats = (await previews.backend().control("GET", "stats")) as { requests: { total: number } };
    expect(stats.requests.total).toBe(0);
  });
});
