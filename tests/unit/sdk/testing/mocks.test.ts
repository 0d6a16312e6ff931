import * as pulumi from "@pulumi/pulumi";
import { ApiKey, AutoReloadPolicy, Group, Member } from "pulumi-perplexity";
import { isPerplexityType, outputValue, runProgram, setPerplexityMocks } from "pulumi-perplexity/testing";
import { ApiKeyId, ApiKeyToken, GroupId, MemberId, Timestamp } from "../../../../api";

const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
const groupId = "grp_0123456789abcdefghijklmn";
const clock = { now: () => new Date("2026-11-30T12:00:00.000Z") };

describe("the outputs of each resource are those pulumi up stores", () => {
  beforeEach(() => setPerplexityMocks({}, clock));

  it("a Group gets a grp_ id, tier_0, its creation time and its settings", async () => {
    const group = new Group("platform", { address });
    expect(GroupId.safeParse(await outputValue(group.id)).success).toBe(true);
    expect(await outputValue(group.tier)).toBe("tier_0");
    expect(await outputValue(group.createdAt)).toBe("2026-11-30T12:00:00.000Z");
    expect(await outputValue(group.name)).toBe("platform");
    expect(await outputValue(group.address)).toEqual(address);
    expect(await outputValue(group.taxId)).toBeUndefined();
  });

  it("adopting a group with existingGroupId keeps that group's id", async () => {
    const group = new Group("adopted", { address, existingGroupId: groupId });
    expect(await outputValue(group.id)).toBe(groupId);
  });

  it("a Member is invited: a mem_ id, the email lower-cased, status invited and no join time yet", async () => {
    const member = new Member("ada", { groupId, email: " Ada@Example.com", role: "admin" });
    expect(MemberId.safeParse(await outputValue(member.id)).success).toBe(true);
    expect(await outputValue(member.email)).toBe("ada@example.com");
    expect(await outputValue(member.role)).toBe("admin");
    expect(await outputValue(member.status)).toBe("invited");
    expect(Timestamp.safeParse(await outputValue(member.invitedAt)).success).toBe(true);
    expect(await outputValue(member.joinedAt)).toBeNull();
  });

  it("an ApiKey's token is a secret pplx- token and its hint shows the token's last four characters", async () => {
    const key = new ApiKey("ci", { groupId, rotationTrigger: "2026-11" });
    const token = await outputValue(key.token);
    expect(ApiKeyId.safeParse(await outputValue(key.id)).success).toBe(true);
    expect(ApiKeyToken.safeParse(token).success).toBe(true);
    expect(await pulumi.isSecret(key.token)).toBe(true);
    expect(await pulumi.isSecret(key.tokenHint)).toBe(false);
    expect(await outputValue(key.tokenHint)).toBe(`pplx-…${token.slice(-4)}`);
    expect(await outputValue(key.name)).toBe("ci");
    expect(await outputValue(key.createdAt)).toBe("2026-11-30T12:00:00.000Z");
  });

  it("an ApiKey without a group gets the tok_ id of keys made by the documented endpoint", async () => {
    const key = new ApiKey("personal");
    expect(await outputValue(key.id)).toMatch(/^tok_[0-9a-f]{24}$/);
    expect(await outputValue(key.groupId)).toBeUndefined();
  });

  it("an AutoReloadPolicy is the group's one policy, enabled by default, in dollars", async () => {
    const policy = new AutoReloadPolicy("reload", { groupId, thresholdUsd: 10, amountUsd: 50 });
    expect(await outputValue(policy.id)).toBe(`${groupId}/auto_reload`);
    expect(await outputValue(policy.enabled)).toBe(true);
    expect(await outputValue(policy.amountUsd)).toBe(50);
    expect(await outputValue(policy.monthlyLimitUsd)).toBeUndefined();
    expect(await outputValue(policy.disabledReason)).toBeNull();
  });
});

describe("ids and tokens change exactly when pulumi up would replace the object", () => {
  async function keyOf(rotationTrigger: string, name = "ci") {
    await setPerplexityMocks({}, clock);
    const key = new ApiKey("ci", { groupId, name, rotationTrigger });
    return { id: await outputValue(key.id), token: await outputValue(key.token) };
  }

  it("the same inputs give the same id and token on every run", async () => {
    expect(await keyOf("2026-11")).toEqual(await keyOf("2026-11"));
  });

  it("a new rotationTrigger gives a new key; a new name (an in-place update) does not", async () => {
    const first = await keyOf("2026-11");
    const rotated = await keyOf("2026-12");
    expect(rotated.id).not.toBe(first.id);
    expect(rotated.token).not.toBe(first.token);
    expect(await keyOf("2026-11", "renamed")).toEqual(first);
  });
});

describe("invalid input fails as pulumi preview fails", () => {
  beforeEach(() => setPerplexityMocks());

  it("a typo in an email rejects the member with the message the engine prints", async () => {
    const member = new Member("ann", { groupId, email: "ann@example", role: "member" });
    await expect(outputValue(member.id)).rejects.toThrow(
      "pulumi-nodejs:dynamic/perplexity:Member resource 'ann': property email value {ann@example} has a problem: " +
        "email must be an email address like name@example.com",
    );
  });

  it("every failing property of a resource is reported, one line each", async () => {
    const policy = new AutoReloadPolicy("reload", { groupId: "grp_x", thresholdUsd: 0, amountUsd: 50 });
    const failure = await outputValue(policy.id).then(() => "", (e: Error) => e.message);
    expect(failure).toContain("property groupId value {grp_x} has a problem: groupId must be a group id like grp_");
    expect(failure).toContain("property thresholdUsd value {0} has a problem: thresholdUsd must be at least $1");
  });
});

describe("runProgram runs a whole program as pulumi up would", () => {
  beforeEach(() => setPerplexityMocks());

  it("resolves to the stack outputs as plain values", async () => {
    const outputs = await runProgram(() => {
      const member = new Member("ann", { groupId, email: "ann@example.com", role: "member" });
      return { status: member.status };
    });
    expect(outputs).toEqual({ status: "invited" });
  });

  it("fails when any resource had invalid input, even one whose outputs the program does not return", async () => {
    const run = runProgram(() => {
      new Member("ann", { groupId, email: "ann@example", role: "member" });
      new Member("bob", { groupId, email: "bob@example.com", role: "owner" as "member" });
      return {};
    });
    await expect(run).rejects.toThrow(
      "pulumi-nodejs:dynamic/perplexity:Member resource 'ann': property email value {ann@example} has a problem: " +
        "email must be an email address like name@example.com\n" +
        "pulumi-nodejs:dynamic/perplexity:Member resource 'bob': property role value {owner} has a problem: " +
        'role must be one of "admin", "member"',
    );
  });
});

describe("composition with other providers' mocks", () => {
  it("tells our type tokens from others", () => {
    expect(isPerplexityType("pulumi-nodejs:dynamic/perplexity:ApiKey")).toBe(true);
    expect(isPerplexityType("pulumi-nodejs:dynamic:Resource")).toBe(false);
    expect(isPerplexityType("random:index/randomId:RandomId")).toBe(false);
  });

  it("other resources and calls go to the mocks the user passes", async () => {
    const seen: string[] = [];
    await setPerplexityMocks({
      newResource: (args) => (seen.push(args.type), { id: "bucket-1", state: { arn: "arn:aws:s3:::b" } }),
      call: (args) => ({ token: args.token }),
    });
    class Bucket extends pulumi.CustomResource {
      declare readonly arn: pulumi.Output<string>;
      constructor(name: string) {
        super("aws:s3/bucket:Bucket", name, { arn: undefined }, {});
      }
    }
    const bucket = new Bucket("b");
    const group = new Group("g", { address });
    expect(await outputValue(bucket.arn)).toBe("arn:aws:s3:::b");
    expect(await outputValue(group.tier)).toBe("tier_0");
    expect(seen).toEqual(["aws:s3/bucket:Bucket"]);
    expect(await pulumi.runtime.invoke("aws:index/getRegion:getRegion", {})).toEqual({ token: "aws:index/getRegion:getRegion" });
  });
});

describe("mocked previews", () => {
  beforeEach(() => setPerplexityMocks({}, { preview: true }));

  it("check inputs but assign no ids, as a real preview", async () => {
    const group = new Group("g", { address });
    const member = new Member("ann", { groupId: group.id, email: "Ann@Example.com", role: "member" });
    expect(pulumi.Output.isInstance(member.email)).toBe(true);
    expect(await outputValue(member.email)).toBe("ann@example.com");
    expect(await (group.id as unknown as { isKnown: Promise<boolean> }).isKnown).toBe(false);
  });
});
