import { Member } from "pulumi-perplexity";
import { groupMadeByHand as groupFor } from "../helpers/backend";
import { describeAcceptance } from "./helpers/acceptance";
import { withStack } from "./helpers/stack";

type Ctx = { groupId: string };

describeAcceptance<Ctx>("Member", {
  prepare: groupFor,
  program: (step, { groupId }) => async () => {
    const m = new Member("alice", { groupId, email: "Alice@Example.com", role: step === 1 ? "member" : "admin" });
    return { id: m.id, status: m.status };
  },
  updateOp: "update",
  async assertLive(backend, id, step, { groupId }) {
    const live = await backend.client.members.retrieve(groupId, id);
    expect(live).toMatchObject({ email: "alice@example.com", role: step === 1 ? "member" : "admin", status: "invited" });
  },
  async driftOutOfBand(backend, id, { groupId }) {
    await backend.client.members.update(groupId, id, { role: "member" });
    return "role";
  },
  async assertGone(backend, id, { groupId }) {
    await expect(backend.client.members.retrieve(groupId, id)).rejects.toMatchObject({ code: "member_not_found" });
  },
});

describe("Member invitations under the real engine", () => {
  it("a pending invitation is converged: the next up invites nobody again", () =>
    withStack(groupFor, ({ groupId }) => async () => ({ id: new Member("bob", { groupId, email: "bob@example.com", role: "member" }).id }),
      async ({ backend, stack, ctx }) => {
        await stack.up();
        await stack.up({ refresh: true });
        const events = await backend.client.auditEvents.list(ctx.groupId, { action: "member.invited" });
        expect(events.data).toHaveLength(1);
      }));

  it("an expired invitation is re-sent only when resendTrigger changes", async () => {
    let trigger = "first";
    await withStack(groupFor, ({ groupId }) => async () => ({ id: new Member("carol", { groupId, email: "carol@example.com", role: "member", resendTrigger: trigger }).id }),
      async ({ backend, stack, ctx }) => {
        const id = (await stack.up()).outputs.id?.value as string;
        await backend.control("POST", `members/${id}/expire`);
        await stack.up({ refresh: true });
        expect((await backend.client.members.retrieve(ctx.groupId, id)).status).toBe("expired");
        trigger = "second";
        await stack.up();
        expect((await backend.client.members.retrieve(ctx.groupId, id)).status).toBe("invited");
        const resent = await backend.client.auditEvents.list(ctx.groupId, { action: "member.invitation_resent" });
        expect(resent.data).toHaveLength(1);
      });
  });

  it("adopts an existing invitation for the same email instead of inviting again", () =>
    withStack(groupFor, ({ groupId }) => async () => ({ id: new Member("dave", { groupId, email: "DAVE@example.com", role: "member" }).id }),
      async ({ backend, stack, ctx }) => {
        const existing = await backend.client.members.invite(ctx.groupId, { email: "dave@example.com", role: "member" });
        expect((await stack.up()).outputs.id?.value).toBe(existing.id);
      }));

  it("demoting the last admin fails with a message saying what to do", async () => {
    let role: "admin" | "member" = "admin";
    await withStack(groupFor, ({ groupId }) => async () => ({ id: new Member("erin", { groupId, email: "erin@example.com", role }).id }),
      async ({ backend, stack }) => {
        const id = (await stack.up()).outputs.id?.value as string;
        await backend.control("POST", `members/${id}/accept`);
        role = "member";
        await expect(stack.up()).rejects.toThrow(/last_admin: Cannot demote erin@example\.com [\s\S]*promote another member to admin first\./);
      });
  });
});
