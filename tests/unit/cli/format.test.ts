import { formatJson, formatMarkdown, formatTable, type DriftReport } from "../../../cli/drift";

const gid = "grp_0123456789abcdefghijklmn";
const report: DriftReport = {
  stack: "dev",
  drifted: true,
  checked: 4,
  resources: [
    { urn: "urn:g", type: "Group", name: "team", op: "update", kind: "changed", id: gid, groupId: gid,
      properties: [{ name: "address.line1", declared: "1 Main St", live: "2 | Side St", origin: "account",
        changedBy: { actor: "management_key admin", at: "2026-01-02T03:04:05.000Z", action: "group.updated" } },
      { name: "name", declared: "Team (new)", live: "Team", origin: "program" }] },
    { urn: "urn:k", type: "ApiKey", name: "ci", op: "create", kind: "deleted", id: "key_1", groupId: gid, properties: [] },
    { urn: "urn:r", type: "AutoReloadPolicy", name: "reload", op: "update", kind: "changed", properties: [{ name: "monthlyLimitUsd", declared: 500, origin: "account" }] },
  ],
};
const clean: DriftReport = { stack: "dev", drifted: false, checked: 3, resources: [] };

describe("formatTable", () => {
  it("says there is no drift in one line", () => {
    expect(formatTable(clean)).toBe("No drift: the 3 resources of stack dev match the live account.\n");
  });

  it("says 'the 1 resource … matches' for a stack of one resource", () => {
    expect(formatTable({ ...clean, checked: 1 })).toBe("No drift: the 1 resource of stack dev matches the live account.\n");
  });

  it("prints a summary and an aligned table, one row per property with where it changed and who changed it", () => {
    const lines = formatTable(report).split("\n");
    expect(lines[0]).toBe("Drift in stack dev: 3 of 4 resources differ (2 changed, 1 deleted out of band).");
    expect(lines[2]).toMatch(/^RESOURCE +DRIFT +PROPERTY +DECLARED +LIVE +CHANGED BY$/);
    expect(lines[3]).toMatch(/^Group team +changed +address\.line1 +"1 Main St" +"2 \| Side St" +management_key admin at 2026-01-02T03:04:05\.000Z \(group\.updated\)$/);
    // A program edit beside it: not applied, and nobody to blame.
    expect(lines[4]).toMatch(/^ +not-applied +name +"Team \(new\)" +"Team" +-$/);
    expect(lines[5]).toMatch(/^ApiKey ci +deleted +\(resource\) +exists +deleted out of band +unknown$/);
    expect(lines[6]).toMatch(/^AutoReloadPolicy reload +changed +monthlyLimitUsd +500 +\(unset\) +unknown$/);
    // Aligned: every column starts at the same offset on every row.
    const start = (line: string | undefined) => line?.indexOf("PROPERTY") ?? -1;
    expect(lines[3]?.indexOf("address.line1")).toBe(start(lines[2]));
    expect(lines[6]?.indexOf("monthlyLimitUsd")).toBe(start(lines[2]));
  });
});

describe("a program edit not yet applied", () => {
  const pending: DriftReport = { stack: "dev", drifted: true, checked: 2, resources: [
    { urn: "urn:g", type: "Group", name: "team", op: "update", kind: "not-applied", id: gid, groupId: gid,
      properties: [{ name: "name", declared: "Team (new)", live: "Team", origin: "program" }] }] };

  it("is summarised as a program change and names no one", () => {
    const lines = formatTable(pending).split("\n");
    expect(lines[0]).toBe("Drift in stack dev: 1 of 2 resources differs (1 changed in the program, not yet applied).");
    expect(lines[3]).toMatch(/^Group team +not-applied +name +"Team \(new\)" +"Team" +-$/);
  });
});

describe("formatJson", () => {
  it("is one JSON document with the report's shape; unset values are absent", () => {
    const doc = JSON.parse(formatJson(report));
    expect(doc).toMatchObject({ stack: "dev", drifted: true, resources: expect.any(Array) });
    expect(doc.resources[0]).toEqual(report.resources[0]);
    expect(doc.resources[0].properties[1]).toEqual({ name: "name", declared: "Team (new)", live: "Team", origin: "program" });
    expect(doc.resources[2].properties).toEqual([{ name: "monthlyLimitUsd", declared: 500, origin: "account" }]);
    expect(doc.resources[1]).not.toHaveProperty("changedBy");
  });
});

describe("formatMarkdown", () => {
  it("has a heading and a one-line summary, and no table without drift", () => {
    expect(formatMarkdown(clean)).toBe("## Drift report: stack `dev`\n\n**No drift.** No drift: the 3 resources of stack dev match the live account.\n");
  });

  it("has a GitHub-flavoured table with values as code and pipes escaped", () => {
    const lines = formatMarkdown(report).split("\n");
    expect(lines[0]).toBe("## Drift report: stack `dev`");
    expect(lines[2]).toMatch(/^\*\*Drift found\.\*\* Drift in stack dev: 3 of 4/);
    expect(lines[4]).toBe("| Resource | Drift | Property | Declared | Live | Changed by |");
    expect(lines[5]).toBe("| --- | --- | --- | --- | --- | --- |");
    expect(lines[6]).toBe("| Group team | changed | address.line1 | `\"1 Main St\"` | `\"2 \\| Side St\"` | management_key admin at 2026-01-02T03:04:05.000Z (group.updated) |");
    expect(lines[8]).toBe("| ApiKey ci | deleted | (resource) | exists | deleted out of band | unknown |");
    // Every row has the header's six cells.
    for (const line of lines.slice(4).filter(Boolean)) expect(line.replace(/\\\|/g, "").split("|")).toHaveLength(8);
  });
});
