import { createGroupCommit, type Settled } from "../../../backend/store/group-commit";

describe("group commit", () => {
  it("hands the calls of one turn to one write, in arrival order, and settles each with its own outcome", async () => {
    const turns: number[][] = [];
    const queued = createGroupCommit((args: readonly number[]): Settled<number>[] => {
      turns.push([...args]);
      return args.map((n) => (n < 0 ? { ok: false, error: new Error(`negative ${n}`) } : { ok: true, value: n * 2 }));
    });
    const results = await Promise.allSettled([queued(1), queued(-1), queued(3)]);
    expect(results).toEqual([{ status: "fulfilled", value: 2 }, { status: "rejected", reason: new Error("negative -1") }, { status: "fulfilled", value: 6 }]);
    expect(turns).toEqual([[1, -1, 3]]);
  });

  it("starts a new write for calls queued after a turn was written", async () => {
    const turns: number[][] = [];
    const queued = createGroupCommit((args: readonly number[]): Settled<number>[] => {
      turns.push([...args]);
      return args.map((n) => ({ ok: true, value: n }));
    });
    expect(await queued(1)).toBe(1);
    expect(await Promise.all([queued(2), queued(3)])).toEqual([2, 3]);
    expect(turns).toEqual([[1], [2, 3]]);
  });

  it("rejects every call of a turn whose write fails as a whole", async () => {
    const queued = createGroupCommit((): Settled<number>[] => {
      throw new Error("disk full");
    });
    const results = await Promise.allSettled([queued(1), queued(2)]);
    expect(results.map((r) => r.status === "rejected" && (r.reason as Error).message)).toEqual(["disk full", "disk full"]);
  });
});
