import { summarizeDrift } from "../../../cli/drift";
import { PreviewEvents, SECRET, urnOf } from "./engine-events";

const gid = "grp_0123456789abcdefghijklmn";
const address = { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" };

describe("summarizeDrift", () => {
  it("reports no drift when every resource is the same after refresh, counting only the user's resources", () => {
    const { events } = new PreviewEvents().engineSteps()
      .same("Group", "team", gid, { name: "Team", address })
      .same("Member", "bob", "mem_1", { groupId: gid, email: "bob@example.com", role: "member" });
    expect(summarizeDrift(events, "dev")).toEqual({ stack: "dev", drifted: false, checked: 2, resources: [] });
  });

  it("names each changed property with its declared and live value, down to nested fields", () => {
    const { events } = new PreviewEvents().engineSteps()
      .refresh("Group", "team", gid, { name: "Team", address })
      .step("update", "Group", "team", gid, { name: "Renamed", address: { ...address, line1: "2 Side St" } }, { name: "Team", address });
    const [group] = summarizeDrift(events, "dev").resources;
    expect(group).toEqual({
      urn: urnOf("Group", "team"), type: "Group", name: "team", op: "update", kind: "changed", id: gid, groupId: gid,
      properties: [
        { name: "address.line1", declared: "1 Main St", live: "2 Side St", origin: "account" },
        { name: "name", declared: "Team", live: "Renamed", origin: "account" },
      ],
    });
  });

  it("reports a program edit that nobody applied (the live value is still the last up's) as not applied, not as a change in the account", () => {
    const { events } = new PreviewEvents().engineSteps()
      .refresh("Group", "team", gid, { name: "Team", address })
      .step("update", "Group", "team", gid, { name: "Team", address }, { name: "Team (new)", address });
    const report = summarizeDrift(events, "dev");
    expect(report.resources).toEqual([expect.objectContaining({ kind: "not-applied", op: "update",
      properties: [{ name: "name", declared: "Team (new)", live: "Team", origin: "program" }] })]);
  });

  it("tells both apart within one resource: a console edit is the account's, a program edit beside it is not applied", () => {
    const { events } = new PreviewEvents()
      .refresh("Group", "team", gid, { name: "Team", address })
      .step("update", "Group", "team", gid, { name: "Team", address: { ...address, city: "Munich" } }, { name: "Team (new)", address });
    expect(summarizeDrift(events).resources[0]).toMatchObject({ kind: "changed", properties: [
      { name: "address.city", declared: "Berlin", live: "Munich", origin: "account" },
      { name: "name", declared: "Team (new)", live: "Team", origin: "program" },
    ] });
  });

  it("counts a property changed in both the account and the program as the account's", () => {
    const { events } = new PreviewEvents()
      .refresh("Member", "bob", "mem_1", { groupId: gid, email: "bob@example.com", role: "member" })
      .step("update", "Member", "bob", "mem_1", { groupId: gid, email: "bob@example.com", role: "admin" }, { groupId: gid, email: "bob@example.com", role: "viewer" });
    expect(summarizeDrift(events).resources[0]).toMatchObject({ kind: "changed", properties: [{ name: "role", origin: "account" }] });
  });

  it("takes the group id from the groupId input, and the resource id as the object's id", () => {
    const { events } = new PreviewEvents()
      .refresh("Member", "bob", "mem_1", { groupId: gid, email: "bob@example.com", role: "member" })
      .step("update", "Member", "bob", "mem_1", { groupId: gid, email: "bob@example.com", role: "admin" }, { groupId: gid, email: "bob@example.com", role: "member" });
    expect(summarizeDrift(events).resources[0]).toMatchObject({ id: "mem_1", groupId: gid, kind: "changed",
      properties: [{ name: "role", declared: "member", live: "admin", origin: "account" }] });
  });

  it("reports a create of a resource the refresh saw as deleted out of band, with the id it had", () => {
    const { events } = new PreviewEvents()
      .refresh("ApiKey", "ci", "key_1", { groupId: gid, name: "CI" })
      .step("create", "ApiKey", "ci", "", undefined, { groupId: gid, name: "CI" });
    expect(summarizeDrift(events).resources).toEqual([expect.objectContaining({ op: "create", kind: "deleted", id: "key_1", groupId: gid, properties: [] })]);
  });

  it("tells program changes apart: a create never refreshed is not created yet, a delete is no longer declared", () => {
    const { events } = new PreviewEvents()
      .step("create", "ApiKey", "new", "", undefined, { groupId: gid, name: "New" })
      .refresh("Member", "gone", "mem_2", { groupId: gid, email: "x@example.com", role: "member" })
      .step("delete", "Member", "gone", "mem_2", { groupId: gid, email: "x@example.com", role: "member" }, undefined);
    expect(summarizeDrift(events).resources.map((r) => [r.name, r.kind])).toEqual([["new", "not-created"], ["gone", "not-declared"]]);
  });

  it("reports a replace with its properties, ignoring the replacement's create and delete halves", () => {
    const { events } = new PreviewEvents()
      .refresh("Member", "bob", "mem_1", { groupId: gid, email: "bob@example.com", role: "member" })
      .step("replace", "Member", "bob", "mem_1", { groupId: gid, email: "bob@example.com", role: "member" }, { groupId: gid, email: "robert@example.com", role: "member" })
      .step("create-replacement", "Member", "bob", "", undefined, { groupId: gid, email: "robert@example.com", role: "member" })
      .step("delete-replaced", "Member", "bob", "mem_1", { groupId: gid, email: "bob@example.com", role: "member" }, undefined);
    const report = summarizeDrift(events);
    expect(report.resources).toHaveLength(1);
    // Only the program changed the email (the account still has the last up's): a replace not applied yet.
    expect(report.resources[0]).toMatchObject({ op: "replace", kind: "not-applied",
      properties: [{ name: "email", declared: "robert@example.com", live: "bob@example.com", origin: "program" }] });
  });

  it("uses the group id of an AutoReloadPolicy, whose own id is <group>/auto_reload", () => {
    const inputs = { groupId: gid, enabled: true, thresholdUsd: 10, amountUsd: 50 };
    const { events } = new PreviewEvents().refresh("AutoReloadPolicy", "reload", `${gid}/auto_reload`, inputs)
      .step("update", "AutoReloadPolicy", "reload", `${gid}/auto_reload`, { ...inputs, enabled: false }, inputs);
    expect(summarizeDrift(events).resources[0]).toMatchObject({ type: "AutoReloadPolicy", id: `${gid}/auto_reload`, groupId: gid,
      properties: [{ name: "enabled", declared: true, live: false }] });
  });

  it("masks secrets on either side, never printing them, and always masks token", () => {
    const { events } = new PreviewEvents()
      .refresh("Group", "team", gid, { name: "Team", address, taxId: SECRET })
      .step("update", "Group", "team", gid, { name: "Team", address, taxId: { type: "eu_vat", value: "DE999999999" }, token: "pplx-live" },
        { name: "Team", address, taxId: SECRET, token: "pplx-declared" });
    const { properties } = summarizeDrift(events).resources[0] ?? { properties: [] };
    expect(properties).toEqual([
      { name: "taxId", declared: "[secret]", live: "[secret]", origin: "account" },
      { name: "token", declared: "[secret]", live: "[secret]", origin: "account" },
    ]);
    expect(JSON.stringify(properties)).not.toMatch(/DE999|pplx-/);
  });

  it("lists a property the engine names as changed even when both sides print alike (two secrets)", () => {
    const p = new PreviewEvents().refresh("Group", "team", gid, { name: "Team", taxId: SECRET });
    p.step("update", "Group", "team", gid, { name: "Team", taxId: SECRET }, { name: "Team", taxId: SECRET });
    const step = p.events[p.events.length - 1]?.resourcePreEvent?.metadata;
    if (step) step.diffs = ["taxId", "__provider"];
    expect(summarizeDrift(p.events).resources[0]?.properties).toEqual([{ name: "taxId", declared: "[secret]", live: "[secret]", origin: "program" }]);
  });

  it("lists resources by type and name, whatever order the engine ran the steps in", () => {
    const inputs = { groupId: gid, name: "K" };
    const { events } = new PreviewEvents()
      .refresh("Member", "b", "mem_1", { groupId: gid, role: "admin" }).step("update", "Member", "b", "mem_1", { groupId: gid, role: "admin" }, { groupId: gid, role: "member" })
      .refresh("ApiKey", "z", "key_2", inputs).step("update", "ApiKey", "z", "key_2", { ...inputs, name: "L" }, inputs)
      .refresh("ApiKey", "a", "key_1", inputs).step("update", "ApiKey", "a", "key_1", { ...inputs, name: "L" }, inputs);
    expect(summarizeDrift(events).resources.map((r) => `${r.type} ${r.name}`)).toEqual(["ApiKey a", "ApiKey z", "Member b"]);
  });

  it("orders by sequence, whatever order the events arrived in", () => {
    const { events } = new PreviewEvents()
      .refresh("ApiKey", "ci", "key_1", { groupId: gid, name: "CI" })
      .step("create", "ApiKey", "ci", "", undefined, { groupId: gid, name: "CI" });
    expect(summarizeDrift([...events].reverse()).resources[0]?.kind).toBe("deleted");
  });
});
