import { diffInputs, type ResourceMetadata } from "../../../provider/diff";
import { UNKNOWN } from "../../../provider/state";

const meta: ResourceMetadata = { type: "Thing", inputs: ["name", "tags", "parent"], replaceOnChanges: ["parent"], secretOutputs: [] };

describe("diffInputs", () => {
  it("reports no change when only output-only properties differ", () => {
    expect(diffInputs(meta, { name: "a", createdAt: "x" }, { name: "a" })).toMatchObject({ changes: false, replaces: [] });
  });

  it("updates in place when an updatable input changes", () => {
    expect(diffInputs(meta, { name: "a" }, { name: "b" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces when a replace-on-change input changes", () => {
    expect(diffInputs(meta, { name: "a", parent: "p1" }, { name: "a", parent: "p2" })).toMatchObject({ changes: true, replaces: ["parent"] });
  });

  it("treats a missing value and null alike, and ignores key order in objects", () => {
    expect(diffInputs(meta, { name: "a", tags: { x: 1, y: 2 }, parent: null }, { name: "a", tags: { y: 2, x: 1 } }).changes).toBe(false);
  });

  it("counts a value unknown at preview as a change", () => {
    expect(diffInputs(meta, { name: "a" }, { name: UNKNOWN }).changes).toBe(true);
  });

  it("deletes before replacing only when the resource says two cannot coexist", () => {
    const exclusive = { ...meta, deleteBeforeReplace: true };
    expect(diffInputs(exclusive, { parent: "p1" }, { parent: "p2" }).deleteBeforeReplace).toBe(true);
  });
});
