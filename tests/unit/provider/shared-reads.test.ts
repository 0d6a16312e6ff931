import type { Page } from "../../../api";
import { CoalescedReads, type ListSource } from "../../../provider/shared-reads";

type Item = { id: string; name: string };

/** A source over `pages` of items that records every call and lets the test decide when the list answers. */
function recordingSource(pages: Item[][], options: { listError?: Error } = {}) {
  const calls = { lists: 0, retrieves: [] as string[] };
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const source: ListSource<Item> = {
    async *list() {
      calls.lists += 1;
      await gate;
      if (options.listError) throw options.listError;
      for (const [i, data] of pages.entries()) yield page(data, i < pages.length - 1);
    },
    async retrieve(_groupId, id) {
      calls.retrieves.push(id);
      throw Object.assign(new Error(`404 ${id} not found`), { status: 404 });
    },
  };
  return { source, calls, release };
}

function page(data: Item[], hasMore: boolean): Page<Item> {
  return { object: "list", data, has_more: hasMore, next_cursor: hasMore ? "next" : null };
}

const items = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `mem_${from + i}`, name: `m${from + i}` }));

describe("coalesced reads", () => {
  it("answers concurrent reads of different objects from one list call over every page", async () => {
    const { source, calls, release } = recordingSource([items(100), items(50, 100)]);
    const reads = new CoalescedReads(source);
    const pending = items(150).map((item) => reads.retrieve("grp_1", item.id));
    release();
    expect((await Promise.all(pending)).map((m) => m.name)).toEqual(items(150).map((m) => m.name));
    expect(calls).toEqual({ lists: 1, retrieves: [] });
  });

  it("keeps answering from the list for the window after it arrived, then lists again", async () => {
    let now = 1_000;
    const { source, calls, release } = recordingSource([items(3)]);
    release();
    const reads = new CoalescedReads(source, 5_000, () => now);
    await reads.retrieve("grp_1", "mem_0");
    now += 4_999;
    await reads.retrieve("grp_1", "mem_1");
    expect(calls.lists).toBe(1);
    now += 2;
    await reads.retrieve("grp_1", "mem_2");
    expect(calls.lists).toBe(2);
  });

  it("keeps one list per group", async () => {
    const { source, calls, release } = recordingSource([items(2)]);
    release();
    const reads = new CoalescedReads(source);
    await Promise.all([reads.retrieve("grp_1", "mem_0"), reads.retrieve("grp_2", "mem_0"), reads.retrieve("grp_1", "mem_1")]);
    expect(calls.lists).toBe(2);
  });

  it("retrieves an object missing from the list alone, so only the API's own 404 says it is gone", async () => {
    const { source, calls, release } = recordingSource([items(2)]);
    release();
    const reads = new CoalescedReads(source);
    await expect(reads.retrieve("grp_1", "mem_9")).rejects.toMatchObject({ status: 404, message: "404 mem_9 not found" });
    expect(calls.retrieves).toEqual(["mem_9"]);
  });

  it("fails every read waiting on a failed list with the list's error, and asks again on the next read", async () => {
    const unauthorized = Object.assign(new Error("401 unauthenticated"), { status: 401 });
    const { source, calls, release } = recordingSource([items(3)], { listError: unauthorized });
    const reads = new CoalescedReads(source);
    const pending = ["mem_0", "mem_1", "mem_2"].map((id) => reads.retrieve("grp_1", id));
    release();
    for (const read of pending) await expect(read).rejects.toBe(unauthorized);
    expect(calls.retrieves).toEqual([]);
    await expect(reads.retrieve("grp_1", "mem_0")).rejects.toBe(unauthorized);
    expect(calls.lists).toBe(2);
  });

  it("takes a new list when the same object is read again, so a second read sees later changes", async () => {
    const { source, calls, release } = recordingSource([items(2)]);
    release();
    const reads = new CoalescedReads(source);
    await reads.retrieve("grp_1", "mem_0");
    await reads.retrieve("grp_1", "mem_1");
    await reads.retrieve("grp_1", "mem_0");
    expect(calls.lists).toBe(2);
    await reads.retrieve("grp_1", "mem_1");
    expect(calls.lists).toBe(2);
  });

  it("lists again after clear, which the provider calls after every change it makes", async () => {
    const { source, calls, release } = recordingSource([items(2)]);
    release();
    const reads = new CoalescedReads(source);
    await reads.retrieve("grp_1", "mem_0");
    reads.clear();
    await reads.retrieve("grp_1", "mem_1");
    expect(calls.lists).toBe(2);
  });
});
