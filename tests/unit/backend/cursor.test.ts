import { Cursor, PageQuery } from "../../../api";
import { decodeCursor, encodeCursor } from "../../../backend/store/cursor";

describe("list cursors", () => {
  it("round-trip through the documented form <sort key>.<id>", () => {
    const cursor = encodeCursor({ ms: 1796020064000, id: "grp_0123456789abcdefghijklmn" });
    expect(cursor).toBe("1796020064000.grp_0123456789abcdefghijklmn");
    expect(Cursor.safeParse(cursor).success).toBe(true);
    expect(decodeCursor(cursor, "after")).toEqual({ ms: 1796020064000, id: "grp_0123456789abcdefghijklmn" });
  });

  it("accept every value the contract's pattern accepts, so a schema-valid after is never refused", () => {
    for (const value of ["0.a", "999999999999999.evt0123456789abcdefghijklmn"]) {
      expect(Cursor.safeParse(value).success).toBe(true);
      expect(() => decodeCursor(value, "after")).not.toThrow();
    }
  });

  it("refuse anything else with 400 naming the parameter, in the contract and in the store alike", () => {
    for (const value of ["", "0", "abc", "1.", "1.A", "WzEsImEiXQ", "9999999999999999.a"]) {
      expect(PageQuery.safeParse({ after: value }).error?.issues[0]?.path).toEqual(["after"]);
      expect(() => decodeCursor(value, "after")).toThrow(expect.objectContaining({ code: "invalid_request", param: "after" }));
    }
  });
});
