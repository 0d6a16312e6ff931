import { groupMadeByHand, startTestBackend } from "../helpers/backend";
import { cliProject } from "../e2e/helpers/cli-project";

describe("a run killed between the new owner's create and the old owner's delete", () => {
  it("converges on the next up: the renamed admin stays, held by the new resource", async () => {
    const backend = await startTestBackend();
    const p = await cliProject(backend);
    try {
      const { groupId } = await groupMadeByHand(backend);
      const admin = (name: string, email: string) => `exports.memberId = new pp.Member("${name}", { groupId: "${groupId}", email: "${email}", role: "admin" }).id;`;
      p.program(admin("Ana", "Ana@acme.dev"));
      await p.up();
      const { memberId } = (await p.outputs()) as Record<string, string>;
      await backend.control("POST", `members/${memberId}/accept`);

      p.program(admin("ana", "ana@acme.dev"));
      const killed = await p.upKilledAt(/perplexity:Member ana created/);
      expect(killed.killedMidRun).toBe(true);
      await p.clearPendingOperations();
      await p.up();

      expect(await backend.client.members.retrieve(groupId, memberId)).toMatchObject({
        email: "ana@acme.dev", status: "active", role: "admin", owner: { resource: expect.stringMatching(/Member::ana$/) },
      });
      await p.expectNoChanges();
    } finally {
      await p.cleanup();
      await backend.close();
    }
  });
});
