import { Email, InviteMemberRequest, ListMembersQuery, MemberId, UpdateMemberRequest } from "../../../api";

describe("member contract", () => {
  it("normalises an email to its trimmed, lower-cased form", () => {
    expect(Email.parse("  Ann.Lee+ci@Example.COM ")).toBe("ann.lee+ci@example.com");
  });

  it("rejects what is not an email, and addresses longer than 254 characters", () => {
    for (const bad of ["", "ann", "ann@", "@example.com", "ann @example.com", "ann@example"]) {
      expect(Email.safeParse(bad).error?.issues[0]?.message).toBe("must be an email address like name@example.com");
    }
    expect(Email.safeParse(`${"a".repeat(243)}@example.com`).error?.issues[0]?.message).toBe("must be at most 254 characters");
    expect(Email.parse(`${"a".repeat(64)}@${"b".repeat(185)}.com`)).toHaveLength(254);
  });

  it("rejects a local part longer than 64 characters, the limit format: email implies, with the rule in the message", () => {
    expect(Email.safeParse(`${"a".repeat(65)}@example.com`).error?.issues[0]?.message).toBe("must have at most 64 characters before the @");
    expect(Email.parse(`${"a".repeat(64)}@example.com`)).toHaveLength(76);
  });

  it("needs an email and a role to invite, and nothing else", () => {
    expect(InviteMemberRequest.parse({ email: "A@B.co", role: "admin" })).toEqual({ email: "a@b.co", role: "admin" });
    expect(InviteMemberRequest.safeParse({ email: "a@b.co" }).success).toBe(false);
    expect(InviteMemberRequest.safeParse({ email: "a@b.co", role: "owner" }).success).toBe(false);
    expect(InviteMemberRequest.safeParse({ email: "a@b.co", role: "member", name: "A" }).success).toBe(false);
    expect(UpdateMemberRequest.safeParse({ role: "member", email: "a@b.co" }).success).toBe(false);
  });

  it("accepts member ids of the form mem_ + 24 lower-case letters or digits", () => {
    expect(MemberId.safeParse("mem_0123456789abcdefghijklmn").success).toBe(true);
    expect(MemberId.safeParse("mem_0123456789ABCDEFGHIJKLMN").success).toBe(false);
    expect(MemberId.safeParse("grp_0123456789abcdefghijklmn").success).toBe(false);
  });

  it("filters lists by role and status on top of the page query", () => {
    expect(ListMembersQuery.parse({ role: "admin", status: "expired" })).toEqual({ limit: 20, role: "admin", status: "expired" });
    expect(ListMembersQuery.safeParse({ status: "pending" }).success).toBe(false);
  });
});
