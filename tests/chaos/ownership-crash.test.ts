import { startTestBackend } from "../helpers/backend";
import { activeAdminAna, cliProject } from "../e2e/helpers/cli-project";

describe("a run killed between the new owner's create and the old owner's delete", () => {
  it("converges on the next up: the renamed admin stays, held by the new resource", async () => {
    const backend = await startTestBackend();
    const p = await cliProject(backend);
    try {
      const { groupId, memberId, renamed } = await activeAdminAna(backend, p);
      renamed();
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
