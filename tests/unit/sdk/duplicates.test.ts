import * as pulumi from "@pulumi/pulumi";
import { setPerplexityMocks } from "pulumi-perplexity/testing";
import { holdOnce, type Holding } from "../../../sdk/duplicates";

const groupId = "grp_0123456789abcdefghijklmn";
const membership = { what: (a?: string, b?: string) => `${a} and ${b}`, fix: "Fix it.", normalize: (e: string) => e.toLowerCase() };

/**
 * Holds `object` in `group` for the Member `name`. The first of two holders is refused a turn later (see
 * holdOnce): every test awaits what it declares, so no refusal is left unhandled.
 */
function member(name: string, group: unknown, object: unknown): Promise<void> {
  return holdOnce("Member", { ...membership, resource: `Member "${name}"`, group, object } as Holding);
}

/** The error `declare` throws at once, or undefined. */
function thrown(declare: () => unknown): unknown {
  try {
    declare();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("declaring one object twice in a program", () => {
  beforeEach(() => setPerplexityMocks());

  it("two Members whose emails differ only in case, in one group, are refused at once, naming both and both spellings", async () => {
    const first = member("ana", groupId, "ana@acme.dev");
    const error = thrown(() => member("ana-again", groupId, "Ana@Acme.dev"));
    expect(error).toBeInstanceOf(pulumi.RunError);
    expect(String(error)).toMatch(/Member "ana" and Member "ana-again" both hold ana@acme\.dev and Ana@Acme\.dev\. Two resources of one stack cannot hold one object.* Fix it\./);
    // The first fails too, with the same error, so neither registers and the engine starts no step.
    await expect(first).rejects.toBe(error);
  });

  it("the very same Output counts as one group (a roster under `group.id`), before its value is known", async () => {
    const group = pulumi.output(pulumi.unknown) as pulumi.Output<string>;
    const first = member("bo", group, "bo@acme.dev");
    expect(thrown(() => member("bo-2", group, "BO@acme.dev"))).toBeInstanceOf(pulumi.RunError);
    await expect(first).rejects.toThrow(/Member "bo" and Member "bo-2"/);
  });

  it("one email in two groups, two emails in one group, and one resource declared again are all fine", async () => {
    await Promise.all([
      member("cy", groupId, "cy@acme.dev"),
      member("cy-elsewhere", "grp_zzzzzzzzzzzzzzzzzzzzzzzz", "cy@acme.dev"),
      member("dee", groupId, "dee@acme.dev"),
      member("cy", groupId, "CY@acme.dev"),
    ]);
  });

  it("values known only as Outputs are compared once they resolve: the second holder's promise rejects", async () => {
    const first = member("eve", groupId, pulumi.output("eve@acme.dev"));
    const second = member("eve-2", pulumi.output(groupId), "EVE@acme.dev");
    await expect(second).rejects.toThrow(/Member "eve" and Member "eve-2" both hold eve@acme\.dev and EVE@acme\.dev\./);
    await expect(first).rejects.toThrow(/Member "eve" and Member "eve-2"/);
  });

  it("values unknown at preview are not compared (they are at up)", async () => {
    const unknown = pulumi.output(pulumi.unknown) as pulumi.Output<string>;
    await Promise.all([member("fay", unknown, "fay@acme.dev"), member("fay-2", unknown.apply((g) => g), "fay@acme.dev")]);
  });

  it("a kind with one object per group (the auto-reload policy) compares groups alone", async () => {
    const policy = (name: string) => holdOnce("AutoReloadPolicy", { resource: name, group: groupId, what: () => "the policy", fix: "Fix it." });
    const first = policy('AutoReloadPolicy "reload"');
    expect(String(thrown(() => policy('AutoReloadPolicy "reload-2"')))).toMatch(/AutoReloadPolicy "reload" and AutoReloadPolicy "reload-2" both hold the policy/);
    await expect(first).rejects.toThrow(pulumi.RunError);
    await holdOnce("Member", { ...membership, resource: "Member \"gus\"", group: groupId, object: "reload" });
  });

  it("each program run starts afresh: Ana declared in an earlier run is no duplicate of this run's Ana", async () => {
    await member("ana-next-run", groupId, "ana@acme.dev");
  });
});
