import { ApiKey, AutoReloadPolicy, Group, Member } from "pulumi-perplexity";
import { perplexityMocks, runProgram, setPerplexityMocks } from "pulumi-perplexity/testing";
import { takeCheckFailures } from "../../sdk/testing/mocks";
import { startTestBackend, type TestBackend } from "../helpers/backend";
import { newStack, previewCases, type TestStack } from "./helpers/stack";

const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };
const groupId = "grp_000000000000000000000000";

/** [resource, args]: one value of each shape the engine prints (string, number, bool, object, missing). */
type Case = [kind: "Group" | "Member" | "ApiKey" | "AutoReloadPolicy", args: Record<string, unknown>];

const cases: Case[] = [
  ["Member", { groupId, email: "ann@example", role: "member" }],
  ["Member", { groupId, email: "ann@example.com" }],
  ["Group", { address: { ...address, country: "XX", line2: "" } }],
  ["Group", { adress: address }],
  ["ApiKey", { groupId, rotationTrigger: false }],
  ["AutoReloadPolicy", { groupId, thresholdUsd: 0, amountUsd: 10.005 }],
];

const constructors = { Group, Member, ApiKey, AutoReloadPolicy } as Record<Case[0], new (name: string, args: never) => unknown>;

describe("a unit test under pulumi-perplexity/testing fails with the very message pulumi preview prints", () => {
  const previews = previewCases<Case>(([kind, args]) => new constructors[kind]("bad", { ...args } as never));

  it.each(cases.map((c, i) => [i + 1, ...c] as const))("case %i: %s %j", async (_i, kind, args) => {
    const engine = await previews.preview([kind, args]);
    // The mocks receive the inputs as declared, plus the name Group and ApiKey default to the resource's.
    const inputs = kind === "Group" || kind === "ApiKey" ? { name: "bad", ...args } : { ...args };
    takeCheckFailures();
    await perplexityMocks().newResource({ type: `pulumi-nodejs:dynamic/perplexity:${kind}`, name: "bad", inputs, custom: true });
    const mocked = takeCheckFailures();
    expect(mocked.length).toBeGreaterThan(0);
    for (const message of mocked) expect(engine).toContain(message);
  });
});

describe("under pulumi-perplexity/testing a program's resources have the outputs pulumi up gives them", () => {
  const program = async () => {
    const group = new Group("team", { address });
    const member = new Member("ann", { groupId: group.id, email: "Ann@Example.com", role: "admin" });
    const key = new ApiKey("ci", { groupId: group.id, rotationTrigger: "2026-11" });
    const policy = new AutoReloadPolicy("reload", { groupId: group.id, thresholdUsd: 10, amountUsd: 50, enabled: false });
    return { group, member, key, policy };
  };
  let backend: TestBackend;
  let test: TestStack;

  beforeAll(async () => {
    backend = await startTestBackend();
    test = await newStack(backend, program);
  });

  afterAll(async () => {
    await test?.cleanup();
    await backend?.close();
  });

  it("the same properties, values and formats (ids, token, hint and times aside, which differ per object)", async () => {
    const up = await test.stack.up();
    const engine = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value as Record<string, unknown>]));
    await setPerplexityMocks();
    const mocked = await runProgram(program);
    expect(normalized(mocked)).toEqual(normalized(engine));
    expect(normalized(mocked)).toMatchObject({ member: { status: "invited", email: "ann@example.com" }, group: { tier: "tier_0" } });
  });
});

/** The outputs with URNs dropped and every value that differs per object replaced by its format. */
function normalized(outputs: Record<string, unknown>): unknown {
  const formats: [RegExp, string][] = [
    [/^grp_[a-z0-9]{24}$/, "<group id>"], [/^mem_[a-z0-9]{24}$/, "<member id>"], [/^key_[a-z0-9]{24}$/, "<key id>"],
    [/^grp_[a-z0-9]{24}\/auto_reload$/, "<policy id>"], [/^pplx-[A-Za-z0-9]{48}$/, "<token>"], [/^pplx-…[A-Za-z0-9]{4}$/, "<token hint>"],
    [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, "<time>"],
  ];
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return formats.find(([re]) => re.test(v))?.[1] ?? v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "urn").map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(outputs);
}
